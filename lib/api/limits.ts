import "server-only";
/**
 * Bounded cost per caller: how many event streams one account or token may hold open, and a
 * line for expensive reads, so a few heavy queries cannot starve sign-in, public pages and light
 * reads. Node serves every request on one thread: a heavy read that runs blocks the rest for its
 * duration, so heavy reads run at most TWINOPS_HEAVY_CONCURRENCY at once, each started only after
 * the event loop has had a turn (requests already waiting go first), and a caller may have at
 * most TWINOPS_HEAVY_PER_PRINCIPAL in flight or waiting (more answers 429 at once, costing
 * nothing). Counts are per instance: a load balancer spreads callers over instances.
 */
import { ApiError } from "./errors";

/** Estimated values from which a read counts as expensive (a week of 5-minute buckets of ten streams). */
export const HEAVY_COST = 20_000;

/** Lets every request that is waiting run before the caller goes on (between parts of a heavy read). */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Seconds a refused caller is told to wait. */
const HEAVY_RETRY_S = 2;
const STREAM_RETRY_S = 30;
/** Heavy reads waiting per slot before further ones are refused (503 busy). */
const QUEUE_PER_SLOT = 16;

export class StreamLimiter {
  private readonly open = new Map<string, number>();

  /** Counts one more stream of `who`, or throws 429 when it has `max` open; returns its release. */
  acquire(who: string, max: number): () => void {
    const n = this.open.get(who) ?? 0;
    if (n >= max) {
      throw new ApiError(
        429,
        "too_many_streams",
        `This account or token already has ${n} event streams open (the limit is ${max} per caller, TWINOPS_SSE_PER_PRINCIPAL): close one (a page holds one), or try again in ${STREAM_RETRY_S} s.`,
        undefined,
        { "Retry-After": String(STREAM_RETRY_S) },
      );
    }
    this.open.set(who, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(who) ?? 1) - 1;
      if (left <= 0) this.open.delete(who);
      else this.open.set(who, left);
    };
  }

  count(who: string): number {
    return this.open.get(who) ?? 0;
  }
}

export interface HeavyStats {
  running: number;
  waiting: number;
  /** Heavy reads refused: the caller had too many, or the line was full. */
  refused: number;
}

export class HeavyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly perCaller = new Map<string, number>();
  private refused = 0;

  constructor(private readonly limits: () => { concurrency: number; perPrincipal: number }) {}

  /**
   * Throws the 429 `run` would for a caller that already has its share of heavy reads in flight.
   * The API asks this at the door of endpoints that can be expensive, before parsing the input
   * or consulting the cache: a caller retrying as fast as it can then costs the event loop next
   * to nothing until its read is done.
   */
  refuseBusy(who: string): void {
    const { perPrincipal } = this.limits();
    const mine = this.perCaller.get(who) ?? 0;
    if (mine < perPrincipal) return;
    this.refused++;
    throw new ApiError(
      429,
      "too_many_expensive_reads",
      `You already have ${mine} expensive read(s) in progress (the limit is ${perPrincipal} per caller, TWINOPS_HEAVY_PER_PRINCIPAL): wait for it, or ask for less (fewer datastreams, a shorter range, a lower maxPoints).`,
      undefined,
      { "Retry-After": String(HEAVY_RETRY_S) },
    );
  }

  /** Runs `work` as a heavy read of `who`: in line behind other heavy reads, never beside light ones' turn. */
  async run<T>(who: string, work: () => Promise<T>): Promise<T> {
    const { concurrency } = this.limits();
    this.refuseBusy(who);
    const mine = this.perCaller.get(who) ?? 0;
    if (this.running >= concurrency && this.waiting.length >= concurrency * QUEUE_PER_SLOT) {
      this.refused++;
      throw new ApiError(503, "busy", "Too many expensive reads are waiting on this server; try again shortly.", undefined, {
        "Retry-After": String(HEAVY_RETRY_S),
      });
    }
    this.perCaller.set(who, mine + 1);
    try {
      if (this.running >= concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
      // Let the requests that arrived meanwhile (light reads, sign-ins, pages) run first.
      await yieldToLoop();
      try {
        return await work();
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.perCaller.get(who) ?? 1) - 1;
      if (left <= 0) this.perCaller.delete(who);
      else this.perCaller.set(who, left);
    }
  }

  stats(): HeavyStats {
    return { running: this.running, waiting: this.waiting.length, refused: this.refused };
  }
}
