import "server-only";
import { env, opsDbPath } from "@/lib/config/env";
import type { TwinPort } from "./source";
import { scaledClock, systemClock } from "./simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "./sources/embedded";
import { embeddedPort } from "./sources/embedded-port";

/**
 * One twin per process. It lives on globalThis because Next bundles route handlers and
 * instrumentation separately: a module-level variable would give each bundle its own database
 * handle and simulator.
 */
const KEY = Symbol.for("twinops.twin");
type Holder = { [KEY]?: TwinPort };
const holder = globalThis as Holder;

/** Builds the embedded twin from the validated environment and starts its live timer. */
export function createTwinFromEnv(log: (line: string) => void = (l) => console.log(l)): EmbeddedTwin {
  const e = env();
  const clock =
    e.TWINOPS_CLOCK_START !== undefined || e.TWINOPS_CLOCK_SPEED !== 1
      ? scaledClock(e.TWINOPS_CLOCK_START ? new Date(e.TWINOPS_CLOCK_START) : new Date(), e.TWINOPS_CLOCK_SPEED)
      : systemClock;
  const twin = createEmbeddedTwin({
    dbPath: e.TWINOPS_DB_PATH,
    opsDbPath: opsDbPath(e),
    city: e.TWINOPS_CITY,
    seed: e.TWINOPS_SEED,
    backfillDays: e.TWINOPS_BACKFILL_DAYS,
    historyDays: e.TWINOPS_HISTORY_DAYS,
    tickSeconds: e.TWINOPS_TICK_SECONDS,
    clock,
    log,
  });
  twin.start();
  return twin;
}

/**
 * The one place a twin backend is chosen from configuration. Today: the embedded SQLite twin
 * behind the async port.
 */
export function createPortFromEnv(log?: (line: string) => void): TwinPort {
  const e = env();
  return embeddedPort(createTwinFromEnv(log), { files: [e.TWINOPS_DB_PATH, opsDbPath(e)] });
}

/** The process-wide twin, created on first call (instrumentation makes that happen at start-up). */
export function getTwin(): TwinPort {
  holder[KEY] ??= createPortFromEnv();
  return holder[KEY];
}

/** Replace (or with undefined, forget) the process-wide twin; for tests. */
export function setTwinForTesting(twin: TwinPort | undefined): void {
  holder[KEY] = twin;
}
