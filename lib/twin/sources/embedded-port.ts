import "server-only";
/**
 * The embedded twin behind the async port. better-sqlite3 answers in-process, so each method is the
 * synchronous call made async; what the port adds is the contract the rest of the app relies on
 * whatever the backend: every method returns a Promise, and a store that fails (file gone,
 * read-only, disk full, locked) rejects with `StoreUnavailableError` (a 503) instead of an
 * unexplained 500.
 */
import fs from "node:fs";
import { STORE_FAILURE } from "@/lib/api/errors";
import { yieldToLoop } from "@/lib/api/limits";
import type { SeriesQuery, TwinPort } from "../source";
import type { EmbeddedTwin } from "./embedded-twin";
import type { SeriesJob } from "./series-job";
import { SeriesPool } from "./series-pool";

/** A store that cannot answer now; the API answers 503 and pages keep their last data. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Turns a failure of the store into `StoreUnavailableError`; anything else passes through. */
export function storeError(err: unknown): unknown {
  if (err instanceof Error && err.name === "SqliteError") {
    const code = (err as Error & { code?: string }).code ?? "";
    if (STORE_FAILURE.test(code)) return new StoreUnavailableError(err.message, code);
  }
  if (err instanceof TypeError && /database connection is not open/i.test(err.message)) {
    return new StoreUnavailableError(err.message, "closed");
  }
  return err;
}

function guard<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(storeError(err));
  }
}

export interface EmbeddedPortOptions {
  /** The twin's and the operations store's files, checked by `health.check()` (absent: in memory). */
  files?: string[];
  /**
   * Worker threads for expensive series reads (series-pool.ts), on the twin's SQLite file; absent
   * (an in-memory twin, tests): computed inline, in turns.
   */
  seriesWorkers?: { file: string; size: number };
}

/**
 * `seriesJson` without workers: on the main thread, a datastream at a time with a turn of the
 * event loop between them, so waiting requests run in between (the same bytes as the worker's).
 */
async function seriesJsonInTurns(twin: EmbeddedTwin, job: SeriesJob, q: SeriesQuery): Promise<string> {
  const parts: string[] = [];
  for (const s of job.streams) {
    await yieldToLoop();
    parts.push(JSON.stringify(twin.series({ ...q, datastreams: [s.id] })[0]));
  }
  return `[${parts.join(",")}]`;
}

/** The embedded twin as the app's port. */
export function embeddedPort(twin: EmbeddedTwin, opts: EmbeddedPortOptions = {}): TwinPort {
  const files = (opts.files ?? []).filter((f) => f !== ":memory:");
  const workers = opts.seriesWorkers && opts.seriesWorkers.file !== ":memory:" ? new SeriesPool(opts.seriesWorkers.file, opts.seriesWorkers.size) : null;
  return {
    info: () => guard(() => twin.info()),
    now: () => guard(() => twin.now()),
    dataThrough: () => guard(() => twin.dataThrough()),
    districts: () => guard(() => twin.districts()),
    listAssets: (q) => guard(() => twin.listAssets(q)),
    getAsset: (id) => guard(() => twin.getAsset(id)),
    latest: (ids) => guard(() => twin.latest(ids)),
    unknownDatastreams: (ids) => guard(() => twin.unknownDatastreams(ids)),
    datastreamDomains: (ids) => guard(() => twin.datastreamDomains(ids)),
    observations: (id, from, to, limit) => guard(() => twin.observations(id, from, to, limit)),
    listMetrics: () => guard(() => twin.listMetrics()),
    series: (q) => guard(() => twin.series(q)),
    async seriesJson(q) {
      const job = await guard(() => twin.seriesJob(q));
      if (!job) return guard(() => JSON.stringify(twin.series(q)));
      try {
        return await (workers ? workers.run(job) : seriesJsonInTurns(twin, job, q));
      } catch (e) {
        throw storeError(e);
      }
    },
    kpis: (domain, at, district) => guard(() => twin.kpis(domain, at, district)),
    districtValues: (metric, at) => guard(() => twin.districtValues(metric, at)),
    rank: (q) => guard(() => twin.rank(q)),
    alerts: (q) => guard(() => twin.alerts(q)),
    replay: (lastEventId) => guard(() => twin.replay(lastEventId)),
    eventWindow: () => guard(() => twin.eventWindow()),
    dataVersion: () => guard(() => twin.eventWindow().newest),
    subscribe: (listener) => guard(() => twin.subscribe(listener)),
    ingest: (rows, options) => guard(() => twin.ingest(rows, options)),
    correct: (input, actor, options) => guard(() => twin.correct(input, actor, options)),
    actOnAlert: (id, input, actor) => guard(() => twin.actOnAlert(id, input, actor)),
    recordAudit: (entry) => guard(() => twin.recordAudit(entry)),
    audit: (q) => guard(() => twin.audit(q)),
    health: {
      store: "sqlite",
      writer: true,
      check: () =>
        guard(() => {
          // An unlinked file keeps answering through its open handle: ask the file system too.
          const gone = files.find((f) => !fs.existsSync(f));
          if (gone) throw new StoreUnavailableError(`database file ${gone} is gone`, "gone");
          twin.listAssets({ limit: 1 });
          twin.audit({ limit: 1 });
        }),
    },
    stop: () => guard(() => twin.stop()),
    async close() {
      await workers?.close();
      return guard(() => twin.close());
    },
  };
}
