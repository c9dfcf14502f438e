/** The twin's notion of now; injectable so tests and soak runs pin or speed up time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs `speed` simulated seconds per real second.
 * `realNow` is injectable so tests can drive it without waiting.
 */
export function scaledClock(start: Date, speed = 1, realNow: () => number = Date.now): Clock {
  const real0 = realNow();
  const sim0 = start.getTime();
  return { now: () => new Date(sim0 + (realNow() - real0) * speed) };
}

/** A clock a test moves by hand. */
export interface ManualClock extends Clock {
  set(d: Date): void;
  advance(seconds: number): void;
}

export function manualClock(start: Date): ManualClock {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    set: (d) => {
      ms = d.getTime();
    },
    advance: (s) => {
      ms += s * 1000;
    },
  };
}
