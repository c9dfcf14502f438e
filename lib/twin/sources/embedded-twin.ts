import "server-only";
import { existsSync, renameSync } from "node:fs";
import type { CityPack, Inventory } from "@/lib/city/types";
import { FINE_RETENTION_SECONDS, TwinEngine } from "../engine";
import { EventBus } from "../events";
import { datastreamDomains, HISTORY_RESOLUTION, unknownDatastreams } from "../catalog";
import { METRICS, METRIC_INDEX, metricInfos } from "../metrics";
import {
  assetDetail,
  assetFilter,
  assetPage,
  assetStreams,
  districtValues,
  iso,
  kpiValues,
  latestValues,
  metricSeries,
  planRank,
  planSeries,
  rankFrom,
  seriesGrid,
  sec,
  streamSeries,
} from "../read-model";
import { systemClock, type Clock } from "../simulator/clock";
import {
  UnknownIdError,
  type AlertQuery,
  type AssetDetail,
  type AssetPage,
  type AssetQuery,
  type DistrictValues,
  type IngestOptions,
  type IngestResult,
  type RankQuery,
  type RankResult,
  type SeriesQuery,
  type MetricInfo,
  type Unsubscribe,
} from "../source";
import { planAlertAction, type AlertActionInput } from "../alerts/workflow";
import type { Actor, AlertActionResult, CorrectionInput, CorrectionResult } from "../source";
import { alertFromRow } from "../store/rows";
import { TwinStore } from "../store/store";
import type { SeriesJob } from "./series-job";
import {
  DOMAINS,
  type Alert,
  type AuditEntry,
  type AuditRecord,
  type DistrictInfo,
  type Domain,
  type KpiValue,
  type LatestValue,
  type Observation,
  type Series,
  type SourceInfo,
  type TwinEvent,
} from "../types";
import { checkCorrection, checkObservations, correctionAudit, ingestEvents, streamLimits, type EventBody } from "../ingest-check";

export { BadCursorError, decodeCursor, encodeCursor } from "../read-model";

export interface EmbeddedTwinOptions {
  dbPath: string;
  /** Rows of a live tick written in one turn of the event loop (default TICK_CHUNK; tests). */
  tickChunkRows?: number;
  /**
   * The operations store's file (accounts, audit, alert workflow), attached to the twin's
   * connection. Default: a private in-memory one (tests).
   */
  opsDbPath?: string;
  seed: number;
  /**
   * The inventory's scale (TWINOPS_INVENTORY_SCALE; default 1). Recorded with city and seed: a
   * store of another scale holds other assets, and is kept aside like one of another seed.
   */
  inventoryScale?: number;
  /**
   * Content hash of an imported inventory (lib/city/inventory-file.ts); unset for a generated
   * one. Recorded like the seed: a store of another inventory is kept aside and rebuilt.
   */
  inventoryHash?: string;
  backfillDays: number;
  /** Real seconds between live ticks; 0 = no timer (tests call `tick()`). */
  tickSeconds: number;
  /**
   * Live cadence of fast streams (substation load), seconds. Default: the tick interval, or 5 s
   * when there is no timer (tests tick by hand).
   */
  fastCadenceSeconds?: number;
  /**
   * Days of metric rollup history kept and backfilled (rollups only, in the background after the
   * raw backfill). Default 0: rollups live as long as the raw rows.
   */
  historyDays?: number;
  clock?: Clock;
  log?: (line: string) => void;
  /**
   * `<asset type>:<property>` of streams a real source feeds (TWINOPS_SOURCE): the simulator
   * writes none of their rows (lib/twin/feeds/mapping.ts `sourceFedStreams`).
   */
  externalStreams?: ReadonlySet<string>;
  /**
   * False: no simulator (TWINOPS_SIMULATOR=off): the twin holds only what real feeds ingest, and
   * says it is empty until the first row arrives. Default true.
   */
  simulator?: boolean;
}

/**
 * The embedded twin's own synchronous API (better-sqlite3 answers in-process). The app sees it only
 * through the async port (`embedded-port.ts`); tests and benchmarks drive it directly.
 */
export interface SyncTwin {
  info(): SourceInfo;
  /** The twin's "now": the simulator clock for the embedded twin, wall time for real feeds. */
  now(): Date;
  /**
   * The newest instant the twin's inputs have reached: observations are in, and statuses and
   * alerts evaluated, up to it. `now()` runs on while a feed or the simulator has stopped; answers
   * that describe "the state now" (assets, alerts) date themselves by this, so they turn stale.
   */
  dataThrough(): Date;
  districts(): DistrictInfo[];
  listAssets(query: AssetQuery): AssetPage;
  getAsset(id: string): AssetDetail | null;
  /** Latest values; unknown ids are left out of the answer (caller decides whether that is a 404). */
  latest(datastreamIds: string[]): LatestValue[];
  /** The ids among these that name no datastream of this twin. */
  unknownDatastreams(datastreamIds: string[]): string[];
  observations(datastreamId: string, from: Date, to: Date, limit: number): Observation[];
  listMetrics(): MetricInfo[];
  /** Throws `UnknownIdError` for unknown datastreams, metrics or districts. */
  series(query: SeriesQuery): Series[];
  /** KPI values of a domain (all when undefined), for the city or one district (UnknownIdError). */
  kpis(domain: Domain | undefined, at?: Date, district?: string): KpiValue[];
  /** A metric in every district at an instant (default now); UnknownIdError for an unknown metric. */
  districtValues(metric: string, at?: Date): DistrictValues;
  /** Assets of a type ranked by one datastream's value; UnknownIdError for an unknown district. */
  rank(query: RankQuery): RankResult;
  alerts(query: AlertQuery): Alert[];
  /** Events after `lastEventId` still held for replay (oldest first). */
  replay(lastEventId: number): TwinEvent[];
  /**
   * Ids of the oldest event held for replay and of the newest raised (0 when none). A client id
   * outside this window comes from another process or missed events that are gone.
   */
  eventWindow(): { oldest: number; newest: number };
  subscribe(listener: (event: TwinEvent) => void): Unsubscribe;
  datastreamDomains(datastreamIds: string[]): Map<string, Domain>;
  /** The one write path for observations, used by the simulator and by real feeds alike. */
  ingest(observations: Observation[], options?: IngestOptions): IngestResult;
  /**
   * An operator's action on an alert, stored with its audit record in one transaction and
   * pushed to subscribers as an `alert` event. Refusals come back with their HTTP status.
   */
  actOnAlert(id: string, input: AlertActionInput, actor: Actor): AlertActionResult;
  /** Replaces or withdraws one stored observation (see `TwinIngest.correct`). */
  correct(input: CorrectionInput, actor: Actor, options?: IngestOptions): CorrectionResult;
  /** Appends to the audit trail (sign-ins, accounts, tokens: everything but alert actions). */
  recordAudit(entry: Omit<AuditEntry, "at">): void;
  /** The audit trail, newest first. */
  audit(query: { target?: string | undefined; before?: number | undefined; limit: number }): AuditRecord[];
}


export interface EmbeddedTwin extends SyncTwin {
  /**
   * Advance one live step to the clock's now: write the fast streams at the tick's time (on their
   * live grid) and every slower stream slot that has arrived, all through `ingest()`.
   */
  tick(): void;
  /**
   * What the live timer runs: `tick()`, but a step of more than TICK_CHUNK rows (city scale) is
   * written in parts with a turn of the event loop between them. One at a time.
   */
  tickInTurns(): Promise<void>;
  /**
   * A datastream series query as a job a worker thread can run on its own read-only connection
   * (series-worker.ts): ids resolved (UnknownIdError), units and the bucket grid settled. Null
   * for a metric query (one series of rollups, answered inline).
   */
  seriesJob(query: SeriesQuery): SeriesJob | null;
  /** Start the live timer (no-op when tickSeconds is 0 or already started). */
  start(): void;
  /** Stop the live timer for good (shutdown): nothing is written after it returns. */
  stop(): void;
  /** Stop the timer and close the database. */
  close(): void;
  /** Listener count of the event bus, for leak checks. */
  listenerCount(): number;
}

/** A gap larger than this is written by the bulk filler instead of through `ingest()` rows. */
const BULK_GAP = 3600;
/** After a pause, fast rows finer than history are written for at most this many seconds back. */
const FINE_CATCH_UP = 300;
/** Twin seconds between compactions of fast rows past their fine retention. */
const COMPACT_EVERY = 300;
/** Rows of a live tick written in one go; a larger tick (city scale) is written in turns. */
const TICK_CHUNK = 2_000;

/**
 * The events of one ingest written in parts, as one ingest of all the rows raises them: one
 * observation event with every stored row, then a kpi event per domain, in display order.
 */
export function mergeEvents(parts: readonly (readonly EventBody[])[], asOf: string): EventBody[] {
  const observations: Observation[] = [];
  const domains = new Set<Domain>();
  for (const part of parts) {
    for (const e of part) {
      if (e.type !== "observation") continue;
      observations.push(...e.data.observations);
      e.data.domains.forEach((d) => domains.add(d));
    }
  }
  if (observations.length === 0) return [];
  const ordered = DOMAINS.filter((d) => domains.has(d));
  return [
    { type: "observation", data: { asOf, count: observations.length, domains: ordered, observations } },
    ...ordered.map((d): EventBody => ({ type: "kpi", data: { domain: d, asOf } })),
  ];
}
const DEFAULT_FAST_CADENCE = 5;
/**
 * Simulated seconds of metric history per background step. Each step holds the event loop for
 * its duration: on the Shenzhen inventory 2 h take ~25 ms (6 h ~70 ms, for ~15 % more throughput),
 * so requests and ticks between steps barely wait.
 */
const HISTORY_CHUNK = 2 * 3600;
/** Seconds between history progress lines. */
const HISTORY_LOG_EVERY = 2;

/**
 * Opens the store file. One that holds another city, seed or schema version is never dropped in
 * place (a typo in TWINOPS_SEED must not destroy history): it is kept beside as `.bak`.
 */
function openStore(
  dbPath: string,
  opsDbPath: string | undefined,
  city: string,
  seed: number,
  scale: number,
  inventoryHash: string,
  log: (line: string) => void,
): TwinStore {
  const store = new TwinStore(dbPath, opsDbPath);
  const moved = Object.entries(store.legacyImported).filter(([, n]) => n > 0);
  if (moved.length) log(`[ops] moved operations data from ${dbPath} into the operations store: ${moved.map(([t, n]) => `${t} ${n}`).join(", ")}`);
  if (dbPath === ":memory:" || store.getMeta("city") === undefined || store.matches(city, seed, scale, inventoryHash)) return store;
  store.close();
  const backup = `${dbPath}.${new Date().toISOString().replace(/[:.]/g, "-")}.bak`;
  renameSync(dbPath, backup);
  for (const side of ["-wal", "-shm"]) if (existsSync(dbPath + side)) renameSync(dbPath + side, backup + side);
  log(`[twin] ${dbPath} holds another city, seed, inventory (scale or imported file) or schema version: kept it as ${backup}, starting a new twin (operations data is kept)`);
  return new TwinStore(dbPath, opsDbPath);
}

/** The embedded twin over an already loaded city pack and inventory. */
export function openEmbeddedTwin(pack: CityPack, inventory: Inventory, opts: EmbeddedTwinOptions): EmbeddedTwin {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const scale = opts.inventoryScale ?? 1;
  const hash = opts.inventoryHash ?? "";
  const store = openStore(opts.dbPath, opts.opsDbPath, pack.id, opts.seed, scale, hash, log);
  const fastCadence = Math.max(
    1,
    Math.round(opts.fastCadenceSeconds ?? (opts.tickSeconds > 0 ? opts.tickSeconds : DEFAULT_FAST_CADENCE)),
  );
  const engine = new TwinEngine(store, pack, inventory, opts.seed, fastCadence);
  if (opts.externalStreams) engine.leaveToFeeds(opts.externalStreams);
  const limits = streamLimits(engine.datastreams, engine.assets);
  const domainOf = (i: number) => engine.assets.get(engine.datastreams[i]!.assetId)?.domain;
  const newestReading = (i: number) => (engine.latestT[i]! > 0 ? { t: engine.latestT[i]!, v: engine.latestV[i]! } : undefined);
  if (!store.matches(pack.id, opts.seed, scale, hash)) {
    store.reset();
    store.seed(pack, { assets: inventory.assets, datastreams: engine.datastreams }, opts.seed, scale, hash);
  } else store.refreshKpiDefinitions(pack.kpis);
  const bus = new EventBus();
  const chunkRows = Math.max(1, opts.tickChunkRows ?? TICK_CHUNK);
  engine.onAlert = (a) => bus.emit({ type: "alert", data: a });
  const windowSeconds = Math.max(opts.backfillDays, 0) * 86400;
  // Keep a day beyond the backfill so "same time yesterday" always has data.
  const retention = Math.max(windowSeconds, 86400) + 86400;
  const historySeconds = Math.max(opts.historyDays ?? 0, 0) * 86400;
  // Metric rollups are small (metric x district x slot): they outlive the raw rows so department
  // pages can compare 30 days with the 30 before; raw rows keep their own retention.
  const rollupRetention = Math.max(historySeconds, retention);
  const kpiDefs = store.kpiDefinitions();
  const catalog = engine.catalog;

  const simulator = opts.simulator ?? true;
  let through = Number(store.getMeta("through") ?? NaN);
  /** Newest observation time ingested by a feed or the simulator (seconds). */
  let newestInput = simulator ? 0 : (store.newestObservationTime() ?? 0);
  let empty = !simulator && newestInput === 0;
  let lastPrune = Number(store.getMeta("lastPrune") ?? 0);
  let compactedThrough = Number(store.getMeta("compactedThrough") ?? sec(clock.now()) - retention);
  let timer: ReturnType<typeof setInterval> | null = null;
  let closed = false;
  // Metric history: rollups are complete for every slot after `historyFrom` except the (lo, hi]
  // intervals of `historyPending` (newest first), which a background job fills rollups-only. Both
  // live in meta, written in the same transaction as the rollups, so a restart resumes exactly.
  let historyFrom = Number(store.getMeta("historyFrom") ?? NaN);
  let historyPending = readPending(store.getMeta("historyPending"));
  let historyJob: ReturnType<typeof setTimeout> | null = null;
  let historyRun: { total: number; rows: number; seconds: number; lastLog: number } | null = null;

  function catchUp(now: number): void {
    if (!simulator) {
      // Real feeds only: nothing to fill, the clock just moves on.
      through = Math.max(Number.isNaN(through) ? now : through, now);
      store.setMeta("through", through);
      if (Number.isNaN(historyFrom)) setHistoryFrom(now);
      return;
    }
    const fresh = Number.isNaN(through);
    const from = fresh ? now - windowSeconds : Math.max(through, now - windowSeconds);
    // Down longer than the raw window: the raw rows of the hole are gone for good, but its metric
    // history is not (the simulator is a pure function of time).
    if (!fresh && through < from) queueHistory(through, from, now);
    if (now <= from) {
      through = Math.max(Number.isNaN(through) ? now : through, now);
      store.setMeta("through", through);
      if (fresh) setHistoryFrom(from);
      return;
    }
    const label = fresh ? "backfill" : "gap fill";
    log(`[twin] ${label} ${((now - from) / 86400).toFixed(2)} days for ${engine.datastreams.length} datastreams`);
    const stats = engine.fill(from, now, { live: false, log, label });
    through = now;
    store.setMeta("through", through);
    if (fresh) setHistoryFrom(from);
    log(`[twin] ${label} done: ${(stats.rows / 1e6).toFixed(2)} M rows in ${stats.seconds.toFixed(1)} s (${Math.round(stats.rows / stats.seconds).toLocaleString("en")} rows/s)`);
  }

  function setHistoryFrom(t: number): void {
    historyFrom = t;
    store.setMeta("historyFrom", t);
  }

  /** Pending history intervals as stored in meta; anything malformed is dropped. */
  function readPending(raw: string | undefined): [number, number][] {
    if (raw === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (p): p is [number, number] =>
        Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number(p[0]) < Number(p[1]),
    );
  }

  /** Queues (lo, hi] for the rollups-only history fill, clipped to the history window. */
  function queueHistory(lo: number, hi: number, now: number): void {
    const from = Math.max(lo, now - historySeconds);
    if (from >= hi) return;
    historyPending = [...historyPending, [from, hi] as [number, number]].sort((a, b) => b[1] - a[1]);
    store.setMeta("historyPending", JSON.stringify(historyPending));
  }

  /** Pending intervals within the history window, which slides on while the job runs. */
  function clipPending(now: number): [number, number][] {
    const floor = now - historySeconds;
    return historyPending.flatMap(([lo, hi]): [number, number][] => (hi > floor ? [[Math.max(lo, floor), hi]] : []));
  }

  const remainingDays = () => historyPending.reduce((s, [lo, hi]) => s + hi - lo, 0) / 86400;

  /** Runs the next history step soon, after pending I/O: requests and ticks go between steps. */
  function scheduleHistory(): void {
    // Without a simulator there is no history to make up.
    if (!simulator || historyJob || closed || historyPending.length === 0) return;
    if (!historyRun) {
      const days = remainingDays();
      historyRun = { total: days, rows: 0, seconds: 0, lastLog: performance.now() };
      log(`[twin] history ${days.toFixed(2)} days of metric rollups for ${engine.datastreams.length} datastreams (rollups only, in the background, newest first)`);
    }
    // A timer, not setImmediate: like the live timer it is unref'd so the job alone keeps no
    // process alive (a script or build worker that opened the twin still exits; a server has its
    // sockets), and an unref'd immediate would not wake an idle loop, stalling the job.
    historyJob = setTimeout(historyStep, 0);
    historyJob.unref();
  }

  /** One chunk of history, newest first, so the recent weeks are there soonest. */
  function historyStep(): void {
    historyJob = null;
    const run = historyRun;
    if (closed || !run) return;
    const pending = clipPending(sec(clock.now()));
    const head = pending[0];
    if (!head) {
      historyPending = [];
      store.setMeta("historyPending", "[]");
      return finishHistory(run);
    }
    const [lo, hi] = head;
    const from = Math.max(lo, hi - HISTORY_CHUNK);
    const next: [number, number][] = from > lo ? [[lo, from], ...pending.slice(1)] : pending.slice(1);
    const started = performance.now();
    try {
      // Rollups are added (sum + n), never replaced: the chunk and the shrunken queue commit
      // together, or a crash would make a restart add the chunk twice.
      const stats = store.transaction(() => {
        const s = engine.fill(from, hi, { live: false, rollupsOnly: true });
        store.setMeta("historyPending", JSON.stringify(next));
        return s;
      });
      historyPending = next;
      run.rows += stats.rows;
      // The commit included: this is how long the event loop was held.
      run.seconds += (performance.now() - started) / 1000;
    } catch (e) {
      historyRun = null;
      log(`[twin] history failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const nowMs = performance.now();
    if (nowMs - run.lastLog > HISTORY_LOG_EVERY * 1000) {
      run.lastLog = nowMs;
      const pct = Math.round((100 * (run.total - remainingDays())) / Math.max(run.total, 1e-9));
      log(`[twin] history ${pct}% (${(run.rows / 1e6).toFixed(1)} M values, ${run.seconds.toFixed(1)} s)`);
    }
    if (historyPending.length === 0) finishHistory(run);
    else scheduleHistory();
  }

  function finishHistory(run: { total: number; rows: number; seconds: number }): void {
    historyRun = null;
    log(`[twin] history done: ${run.total.toFixed(2)} days, ${(run.rows / 1e6).toFixed(2)} M values in ${run.seconds.toFixed(1)} s (${Math.round(run.rows / Math.max(run.seconds, 1e-9)).toLocaleString("en")} values/s, rollups only)`);
  }

  engine.loadState(sec(clock.now()));
  catchUp(sec(clock.now()));
  {
    const now = sec(clock.now());
    if (Number.isNaN(historyFrom)) {
      // A store from before metric history was kept: its rollups are complete from the oldest
      // slot on, and nothing lies below it. The history grid point before it is where to go on.
      const oldest = store.oldestRollup(METRICS.length, METRIC_INDEX.get("energy.forecast") ?? -1);
      setHistoryFrom(oldest === null ? through : Math.floor((oldest - 1) / HISTORY_RESOLUTION) * HISTORY_RESOLUTION);
    }
    // A shorter TWINOPS_HISTORY_DAYS than last time: what is left to do may be partly outside it.
    historyPending = clipPending(now);
    store.setMeta("historyPending", JSON.stringify(historyPending));
    const target = now - historySeconds;
    if (target < historyFrom) {
      queueHistory(target, historyFrom, now);
      setHistoryFrom(target);
    }
    scheduleHistory();
  }

  function actOnAlert(id: string, input: AlertActionInput, actor: Actor): AlertActionResult {
    let refusal: AlertActionResult | null = null;
    const row = store.changeAlert(id, (cur) => {
      const plan = planAlertAction(cur, input, actor, sec(clock.now()));
      if (plan.ok) return plan;
      refusal = plan;
      return null;
    });
    if (!row) return { ok: false, status: 404, code: "not_found", message: `No alert with id ${id}.` };
    if (refusal) return refusal;
    if (row.state === "resolved") engine.forgetAlert(id);
    const alert = alertFromRow(row);
    bus.emit({ type: "alert", data: alert });
    return { ok: true, alert };
  }

  /** Checks and stores rows; returns the events they raise, for the caller to emit. */
  function write(observations: Observation[], options?: IngestOptions): IngestResult & { events: EventBody[] } {
    const now = sec(clock.now());
    const ctx = { dsIndex: engine.dsIndex, datastreams: engine.datastreams, limits, domainOf, newest: newestReading, now, retention, scope: options?.scope };
    const rows = checkObservations(observations, ctx);
    const inserted = engine.writeRows(rows.idx, rows.ts, rows.vs, true);
    for (const t of rows.ts) if (t > newestInput && t <= now) newestInput = t;
    if (rows.idx.length > 0) empty = false;
    const { events, duplicates } = ingestEvents(observations, rows, inserted, domainOf, now);
    return { accepted: rows.idx.length, duplicates, rejected: rows.rejected, events };
  }

  function ingest(observations: Observation[], options?: IngestOptions): IngestResult {
    const { events, ...result } = write(observations, options);
    for (const e of events) bus.emit(e);
    return result;
  }

  /**
   * The simulator's rows of one tick in parts of TICK_CHUNK rows, a turn of the event loop between
   * parts, so requests are served while a city-scale slot is written (scale 30: ~170 k rows). Same
   * rows and the same events as one `ingest()`: the parts go in time order (as `writeRows` would
   * write them), and their events are merged and emitted once at the end.
   */
  async function ingestInTurns(observations: Observation[]): Promise<void> {
    const sorted = [...observations].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    const parts: EventBody[][] = [];
    for (let k = 0; k < sorted.length && !closed; k += chunkRows) {
      if (k > 0) await new Promise((resolve) => setImmediate(resolve));
      if (closed) break;
      parts.push(write(sorted.slice(k, k + chunkRows)).events);
    }
    for (const e of mergeEvents(parts, iso(sec(clock.now())))) bus.emit(e);
  }

  function correct(c: CorrectionInput, actor: Actor, options?: IngestOptions): CorrectionResult {
    const checked = checkCorrection(c, { dsIndex: engine.dsIndex, datastreams: engine.datastreams, limits, domainOf, scope: options?.scope });
    if (!checked.ok) return checked;
    const { i, t } = checked;
    const before = store.transaction(() => {
      const old = store.observationAt(i + 1, t);
      if (old === undefined) return undefined;
      store.correctObservation(i + 1, t, c.v);
      engine.corrected(i, t, old, c.v);
      store.insertAudit({ ...correctionAudit(c, t, old, actor), at: Date.now() });
      return old;
    });
    if (before === undefined) return { ok: false, status: 404, code: "not_found", message: `No observation of ${c.datastreamId} at ${iso(t)} is stored.` };
    const domain = domainOf(i);
    if (domain) bus.emit({ type: "kpi", data: { domain, asOf: iso(sec(clock.now())) } });
    return { ok: true, datastreamId: c.datastreamId, t: iso(t), before, after: c.v };
  }

  /**
   * The first half of a tick: a catch-up (no simulator, or a long gap) is done here; a live step
   * returns the simulator's rows to store. Null: nothing to do.
   */
  function beginTick(): { now: number; obs: Observation[] | null } | null {
    if (closed) return null;
    const now = sec(clock.now());
    if (now <= through) return null;
    if (!simulator) catchUp(now);
    else if (now - through > BULK_GAP) {
      catchUp(now);
      scheduleHistory();
    } else {
      const obs: Observation[] = [];
      engine.datastreams.forEach((d, i) => {
        if (engine.external[i]) return;
        const cad = engine.historyCadence[i]!;
        for (let t = Math.floor(through / cad) * cad + cad; t <= now; t += cad)
          obs.push({ datastreamId: d.id, t: iso(t), v: engine.simulate(i, t) });
      });
      // Fast streams also report on their live grid between history slots; the simulator is a
      // pure function of (seed, stream, t), so these agree with what any other run would write.
      const fineFrom = Math.max(through, now - FINE_CATCH_UP);
      for (const i of engine.fastStreams) {
        if (engine.external[i]) continue;
        const d = engine.datastreams[i]!;
        const cad = d.cadenceSeconds;
        const hist = engine.historyCadence[i]!;
        for (let t = Math.floor(fineFrom / cad) * cad + cad; t <= now; t += cad)
          if (t % hist !== 0) obs.push({ datastreamId: d.id, t: iso(t), v: engine.simulate(i, t) });
      }
      return { now, obs };
    }
    return { now, obs: null };
  }

  /** The second half: the clock moves on, forecast, compaction and pruning. */
  function endTick(now: number, live: boolean): void {
    if (live) {
      through = now;
      store.setMeta("through", through);
      store.transaction(() => engine.writeForecast(now, now + 86400));
    }
    const cutoff = now - FINE_RETENTION_SECONDS;
    if (cutoff - compactedThrough >= COMPACT_EVERY) {
      engine.compactFine(compactedThrough, cutoff);
      compactedThrough = cutoff;
      store.setMeta("compactedThrough", compactedThrough);
    }
    if (now - lastPrune >= 86400) {
      const rollupCutoff = now - rollupRetention;
      store.pruneBefore(engine.datastreams.length, METRICS.length, pack.districts.length, now - retention, rollupCutoff);
      // Rollups at the cutoff itself stay: history written later (a longer TWINOPS_HISTORY_DAYS)
      // must end below them, or they would be added twice.
      if (historyFrom < rollupCutoff - 1) setHistoryFrom(rollupCutoff - 1);
      lastPrune = now;
      store.setMeta("lastPrune", lastPrune);
    }
  }

  function tick(): void {
    const step = beginTick();
    if (!step) return;
    // The simulator is a feed like any other: it goes through the validated ingest path.
    if (step.obs?.length) ingest(step.obs);
    endTick(step.now, step.obs !== null);
  }

  /** The live timer's tick: as `tick()`, a city-scale step written in turns (one at a time). */
  let ticking = false;
  async function tickInTurns(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      const step = beginTick();
      if (!step) return;
      if (step.obs && step.obs.length > chunkRows) await ingestInTurns(step.obs);
      else if (step.obs?.length) ingest(step.obs);
      if (!closed) endTick(step.now, step.obs !== null);
    } finally {
      ticking = false;
    }
  }

  function latest(ids: string[]): LatestValue[] {
    const reading = (i: number) => ({ t: engine.latestT[i]!, v: engine.latestV[i]! });
    return latestValues(catalog, ids, reading, sec(clock.now()));
  }

  function series(q: SeriesQuery): Series[] {
    const plan = planSeries(catalog, q);
    const from = sec(q.from);
    const to = sec(q.to);
    if (plan.kind === "datastreams") return plan.streams.map((st) => streamSeries(catalog, q, st, store.observationColumns(st.i + 1, from, to)));
    return [metricSeries(catalog, q, plan.def, store.rollups(plan.metric, plan.district, from, to))];
  }

  function seriesJob(q: SeriesQuery): SeriesJob | null {
    const plan = planSeries(catalog, q);
    if (plan.kind !== "datastreams") return null;
    return { ...seriesGrid(catalog, q), streams: plan.streams.map((st) => ({ id: st.id, unit: catalog.datastreams[st.i]!.unit, ds: st.i + 1 })) };
  }

  function rank(q: RankQuery): RankResult {
    const plan = planRank(catalog, q);
    const a = sec(q.at ?? clock.now());
    const reading =
      q.at === undefined ? (i: number) => ({ t: engine.latestT[i]!, v: engine.latestV[i]! }) : (i: number) => store.latestObservation(i + 1, a);
    return rankFrom(catalog, q, plan, reading, a);
  }

  const twin: EmbeddedTwin = {
    info: () => ({ backend: "embedded", simulated: simulator, empty, city: pack.id, cityName: pack.name, timezone: pack.timezone }),
    now: () => clock.now(),
    // Without a simulator only feeds move the data on.
    dataThrough: () => new Date(Math.min(sec(clock.now()), simulator ? Math.max(through, newestInput) : newestInput) * 1000),
    districts: () => pack.districts,
    listAssets: (q: AssetQuery): AssetPage => assetPage(q, store.queryAssets(assetFilter(q))),
    getAsset(id: string): AssetDetail | null {
      const asset = engine.assets.get(id);
      if (!asset) return null;
      return assetDetail(catalog, id, asset.status, latest(assetStreams(catalog, id).map((i) => engine.datastreams[i]!.id)));
    },
    latest,
    observations(id, from, to, limit) {
      const i = engine.dsIndex.get(id);
      if (i === undefined) throw new UnknownIdError("datastream", [id]);
      return store.observations(i + 1, sec(from), sec(to), limit).map((r) => ({ datastreamId: id, t: iso(r.t), v: r.v }));
    },
    listMetrics: metricInfos,
    series,
    seriesJob,
    kpis: (domain, at, district) => kpiValues(catalog, store, kpiDefs, domain, sec(at ?? clock.now()), district),
    districtValues: (metric, at) => districtValues(catalog, store, metric, sec(at ?? clock.now()), at === undefined),
    rank,
    alerts: (q: AlertQuery) => store.queryAlerts(q).map(alertFromRow),
    replay: (lastEventId: number): TwinEvent[] => bus.replay(lastEventId),
    eventWindow: () => bus.window(),
    unknownDatastreams: (ids: string[]) => unknownDatastreams(catalog, ids),
    datastreamDomains: (ids: string[]) => datastreamDomains(catalog, ids),
    subscribe: (listener) => bus.subscribe(listener),
    ingest,
    correct,
    actOnAlert,
    recordAudit: (entry) => void store.insertAudit({ ...entry, at: Date.now() }),
    audit: (q) => store.queryAudit(q),
    tick,
    tickInTurns,
    start() {
      if (timer || opts.tickSeconds <= 0 || closed) return;
      timer = setInterval(() => {
        tickInTurns().catch((e: unknown) => log(`[twin] tick failed: ${e instanceof Error ? e.message : String(e)}`));
      }, opts.tickSeconds * 1000);
      timer.unref?.();
    },
    stop() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
    close() {
      twin.stop();
      store.close();
    },
    listenerCount: () => bus.listenerCount(),
  };
  return twin;
}
