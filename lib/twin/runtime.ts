import "server-only";
import { env, opsDbPath } from "@/lib/config/env";
import { loadSourceMapping, sourceFedStreams } from "./feeds/mapping";
import type { TwinPort } from "./source";
import { scaledClock, systemClock, type Clock } from "./simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "./sources/embedded";
import { embeddedPort } from "./sources/embedded-port";
import { openPgTwin } from "./sources/pg-port";

/**
 * One twin per process. It lives on globalThis because Next bundles route handlers and
 * instrumentation separately: a module-level variable would give each bundle its own database
 * handle and simulator.
 */
const KEY = Symbol.for("twinops.twin");
type Holder = { [KEY]?: TwinPort };
const holder = globalThis as Holder;

/** The twin's clock: the system's, or TWINOPS_CLOCK_START/TWINOPS_CLOCK_SPEED's. */
function clockFromEnv(): Clock {
  const e = env();
  return e.TWINOPS_CLOCK_START !== undefined || e.TWINOPS_CLOCK_SPEED !== 1
    ? scaledClock(e.TWINOPS_CLOCK_START ? new Date(e.TWINOPS_CLOCK_START) : new Date(), e.TWINOPS_CLOCK_SPEED)
    : systemClock;
}

/** Streams the configured source (TWINOPS_SOURCE) feeds: the simulator leaves them alone. */
function externalStreams(): Set<string> {
  const e = env();
  return e.TWINOPS_SOURCE === "none" ? new Set() : sourceFedStreams(loadSourceMapping(e.TWINOPS_CITY), e.TWINOPS_SOURCE);
}

/** Builds the embedded twin from the validated environment and starts its live timer. */
export function createTwinFromEnv(log: (line: string) => void = (l) => console.log(l)): EmbeddedTwin {
  const e = env();
  const clock = clockFromEnv();
  const twin = createEmbeddedTwin({
    dbPath: e.TWINOPS_DB_PATH,
    opsDbPath: opsDbPath(e),
    city: e.TWINOPS_CITY,
    seed: e.TWINOPS_SEED,
    inventoryScale: e.TWINOPS_INVENTORY_SCALE,
    ...(e.TWINOPS_INVENTORY_FILE ? { inventoryFile: e.TWINOPS_INVENTORY_FILE } : {}),
    backfillDays: e.TWINOPS_BACKFILL_DAYS,
    historyDays: e.TWINOPS_HISTORY_DAYS,
    tickSeconds: e.TWINOPS_TICK_SECONDS,
    clock,
    log,
    externalStreams: externalStreams(),
    simulator: e.TWINOPS_SIMULATOR === "on",
  });
  twin.start();
  return twin;
}

/**
 * A port whose backend is still opening (PostgreSQL answers over the network): every call waits
 * for it, and rejects as the opening did. `health.writer` is false until it is open.
 */
export function lazyPort(opening: Promise<TwinPort>, store: "sqlite" | "postgres"): TwinPort {
  let open: TwinPort | null = null;
  opening.then(
    (p) => {
      open = p;
    },
    () => {},
  );
  const health = {
    store,
    get writer() {
      return open?.health.writer ?? false;
    },
    check: async () => (await opening).health.check(),
  };
  return new Proxy({} as TwinPort, {
    get(_, prop) {
      if (prop === "health") return health;
      if (prop === "then") return undefined;
      return async (...args: unknown[]) => {
        const port = await opening;
        const f = Reflect.get(port, prop) as (...a: unknown[]) => unknown;
        return f.apply(port, args);
      };
    },
  });
}

/**
 * The one place a twin backend is chosen from configuration: PostgreSQL when
 * TWINOPS_DATABASE_URL is set (every instance with the same URL and schema serves one twin),
 * else the embedded SQLite twin. Both behind the async port.
 */
export function createPortFromEnv(log: (line: string) => void = (l) => console.log(l)): TwinPort {
  const e = env();
  if (e.TWINOPS_DATABASE_URL) {
    return lazyPort(
      openPgTwin(
        {
          url: e.TWINOPS_DATABASE_URL,
          schema: e.TWINOPS_DATABASE_SCHEMA,
          city: e.TWINOPS_CITY,
          seed: e.TWINOPS_SEED,
          ...(e.TWINOPS_INVENTORY_FILE ? { inventoryFile: e.TWINOPS_INVENTORY_FILE } : {}),
          backfillDays: e.TWINOPS_BACKFILL_DAYS,
          tickSeconds: e.TWINOPS_TICK_SECONDS,
          clock: clockFromEnv(),
          log,
          externalStreams: externalStreams(),
          simulator: e.TWINOPS_SIMULATOR === "on",
          heavyPoolSize: e.TWINOPS_HEAVY_CONCURRENCY,
        },
      ),
      "postgres",
    );
  }
  return embeddedPort(createTwinFromEnv(log), {
    files: [e.TWINOPS_DB_PATH, opsDbPath(e)],
    // Expensive series reads run in this many worker threads: as many as the heavy-read line admits.
    seriesWorkers: { file: e.TWINOPS_DB_PATH, size: e.TWINOPS_HEAVY_CONCURRENCY },
  });
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
