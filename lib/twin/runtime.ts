import "server-only";
import { env } from "@/lib/config/env";
import type { TwinSource } from "./source";
import { scaledClock, systemClock } from "./simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "./sources/embedded";

/**
 * One twin per process. It lives on globalThis because Next bundles route handlers and
 * instrumentation separately: a module-level variable would give each bundle its own database
 * handle and simulator.
 */
const KEY = Symbol.for("twinops.twin");
type Holder = { [KEY]?: TwinSource };
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

/** The process-wide twin, created on first call (instrumentation makes that happen at start-up). */
export function getTwin(): TwinSource {
  holder[KEY] ??= createTwinFromEnv();
  return holder[KEY];
}

/** Replace (or with undefined, forget) the process-wide twin; for tests. */
export function setTwinForTesting(twin: TwinSource | undefined): void {
  holder[KEY] = twin;
}
