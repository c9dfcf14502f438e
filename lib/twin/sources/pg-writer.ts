import "server-only";
/**
 * The one writer of a PostgreSQL twin. Every instance runs a `PgWriter`; the one that holds the
 * writer lease (a session-level advisory lock on a connection of its own) runs the simulator
 * (unless TWINOPS_SIMULATOR=off) and the alert engine, the others wait and try again every LEASE_POLL_MS. The lock dies with its
 * connection, so when the writer's process dies (even `kill -9`) the server releases it at once
 * and another instance takes over within a poll. No tick is written twice: observations are
 * idempotent on (datastream, t), and `through` (simulator) and `alertsThrough` (alert engine)
 * commit in the same transaction as the rows and alerts they account for.
 *
 * The alert engine reads the events table: every ingest, on any instance, commits an `observation`
 * event with its new rows (a correction, a `kpi` event naming the row and the stream's newest
 * reading after it), and the writer evaluates the rules over those events in id order,
 * writing alerts and its cursor in one transaction. A takeover resumes at the cursor.
 */
import pg from "pg";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { PgDb, PgQueryable } from "@/lib/store/pg/client";
import { TwinEngine, type EngineStore } from "../engine";
import type { EventBody } from "../ingest-check";
import { iso, sec } from "../read-model";
import type { Clock } from "../simulator/clock";
import type { IngestResult } from "../source";
import type { AlertRow } from "../store/rows";
import type { PgTwinStore } from "../store/pg/store";
import type { Alert, AlertSeverity, AssetStatus, KpiEventData, Observation, TwinEvent } from "../types";
import type { PgEventHub } from "./pg-events";

/** How often an instance without the lease tries to take it, ms. */
export const LEASE_POLL_MS = 2000;
/** A gap larger than this is filled in bulk (no events) instead of through ingest, seconds. */
const BULK_GAP = 3600;
/** Seconds of simulated rows per bulk-fill transaction. */
const FILL_CHUNK = 3600;
/** Events evaluated per alert-engine transaction. */
const EVAL_BATCH = 200;
const DAY = 86400;


type AlertOp =
  | { kind: "insert"; row: AlertRow }
  | { kind: "escalate"; id: string; severity: AlertSeverity; value: number; threshold: number; desc: { en: string; zh: string } }
  | { kind: "resolve"; id: string; end: number };

const notHere = (what: string) => () => {
  throw new Error(`${what} is kept by the PostgreSQL store, not the engine`);
};

/**
 * The engine's store on PostgreSQL: reads come from state loaded when the lease is taken, writes
 * (alerts, asset statuses, forecast rollups, meta) are collected and committed by `flush` in the
 * caller's transaction. Rows and their rollups go through PgTwinStore.ingest instead.
 */
class EngineBuffer implements EngineStore {
  private readonly meta = new Map<string, string>();
  private readonly latestRows = new Map<number, { t: number; v: number }>();
  private open: AlertRow[] = [];
  private readonly alerts = new Map<string, AlertRow>();
  private ops: AlertOp[] = [];
  private statuses = new Map<string, AssetStatus>();
  private forecast: [number, number, number, number, number][] = [];
  private metaWrites = new Map<string, string>();

  async load(db: PgQueryable): Promise<void> {
    for (const r of await db.query<{ key: string; value: string }>("SELECT key, value FROM meta")) this.meta.set(r.key, r.value);
    for (const r of await db.query<{ ds: number; t: number; v: number }>("SELECT ds, t, v FROM latest WHERE t IS NOT NULL"))
      this.latestRows.set(r.ds, { t: r.t, v: r.v });
    this.open = await db.query<AlertRow>('SELECT * FROM alerts WHERE "end" IS NULL');
    for (const r of this.open) this.alerts.set(r.id, { ...r });
  }

  latestObservation = (ds: number) => this.latestRows.get(ds);
  openAlerts = () => this.open;
  getMeta = (key: string) => this.meta.get(key);
  setMeta(key: string, value: string | number): void {
    this.meta.set(key, String(value));
    this.metaWrites.set(key, String(value));
  }
  insertObservation = notHere("observations");
  appendObservations = notHere("observations");
  newestInSlot = notHere("observations");
  addRollup = notHere("rollups");
  deleteOffGrid = notHere("observations");
  deleteRollupsOffGrid = notHere("rollups");
  putRollup(metric: number, district: number, t: number, sum: number, n: number): void {
    this.forecast.push([metric, district, t, sum, n]);
  }
  insertAlert(row: AlertRow): void {
    this.alerts.set(row.id, { ...row });
    this.ops.push({ kind: "insert", row: { ...row } });
  }
  escalateAlert(id: string, severity: AlertSeverity, value: number, threshold: number, desc: { en: string; zh: string }): void {
    const r = this.alerts.get(id);
    if (r) Object.assign(r, { severity, value, threshold, desc_en: desc.en, desc_zh: desc.zh });
    this.ops.push({ kind: "escalate", id, severity, value, threshold, desc });
  }
  resolveAlert(id: string, end: number): void {
    const r = this.alerts.get(id);
    if (r) Object.assign(r, { end, state: "resolved" });
    this.ops.push({ kind: "resolve", id, end });
  }
  getAlert = (id: string) => this.alerts.get(id);
  setAssetStatus(id: string, status: AssetStatus): void {
    this.statuses.set(id, status);
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }

  /** Writes what the engine changed since the last flush, in the caller's transaction. */
  async flush(tx: PgQueryable): Promise<void> {
    for (const op of this.ops) {
      if (op.kind === "insert") {
        const r = op.row;
        await tx.query(
          `INSERT INTO alerts (id, rule, domain, category, severity, asset_id, ds, district, lon, lat, desc_en, desc_zh, start, "end", state, state_by, state_at, value, threshold)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (id) DO NOTHING`,
          [r.id, r.rule, r.domain, r.category, r.severity, r.asset_id, r.ds, r.district, r.lon, r.lat, r.desc_en, r.desc_zh, r.start, r.end, r.state, r.state_by, r.state_at, r.value, r.threshold],
        );
      } else if (op.kind === "escalate") {
        await tx.query("UPDATE alerts SET severity = $1, value = $2, threshold = $3, desc_en = $4, desc_zh = $5 WHERE id = $6", [
          op.severity,
          op.value,
          op.threshold,
          op.desc.en,
          op.desc.zh,
          op.id,
        ]);
      } else {
        // An operator may have resolved it already: their state and time stand.
        await tx.query(`UPDATE alerts SET "end" = $1, state = 'resolved' WHERE id = $2 AND "end" IS NULL`, [op.end, op.id]);
      }
    }
    if (this.statuses.size > 0) {
      const s = [...this.statuses];
      await tx.query("UPDATE assets a SET status = x.status FROM unnest($1::text[], $2::text[]) AS x(id, status) WHERE a.id = x.id", [
        s.map(([id]) => id),
        s.map(([, st]) => st),
      ]);
    }
    if (this.forecast.length > 0) {
      const f = this.forecast;
      await tx.query(
        `INSERT INTO rollups (metric, district, t, sum, n)
         SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::bigint[], $4::float8[], $5::float8[]) ON CONFLICT DO NOTHING`,
        [f.map((x) => x[0]), f.map((x) => x[1]), f.map((x) => x[2]), f.map((x) => x[3]), f.map((x) => x[4])],
      );
    }
    if (this.metaWrites.size > 0) await setMeta(tx, Object.fromEntries(this.metaWrites));
    this.clear();
  }

  /** Forgets unwritten changes (their transaction failed; the engine is rebuilt). */
  clear(): void {
    this.ops = [];
    this.statuses = new Map();
    this.forecast = [];
    this.metaWrites = new Map();
  }
}

/** Sets meta keys in the caller's transaction. */
export async function setMeta(tx: PgQueryable, values: Record<string, string | number>): Promise<void> {
  const keys = Object.keys(values);
  await tx.query(
    "INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [keys, keys.map((k) => String(values[k]))],
  );
}

export interface PgWriterOptions {
  db: PgDb;
  store: PgTwinStore;
  hub: PgEventHub;
  /** For the lease's own connection. */
  url: string;
  schema: string;
  pack: CityPack;
  inventory: Inventory;
  seed: number;
  clock: Clock;
  /** Real seconds between live ticks; 0: no timer (tests call `tick()`). */
  tickSeconds: number;
  backfillDays: number;
  /** Seconds raw rows are kept, and metric rollups. */
  retention: number;
  rollupRetention: number;
  /**
   * The port's validated ingest, with more work for its transaction: the simulator is a feed like
   * any other, and its rows raise the same events.
   */
  ingest: (rows: Observation[], within?: (tx: PgQueryable) => Promise<void>) => Promise<IngestResult>;
  log: (line: string) => void;
  /** Streams a real source feeds (`<asset type>:<property>`): the simulator writes none of their rows. */
  externalStreams?: ReadonlySet<string>;
  /** False (TWINOPS_SIMULATOR=off): the writer runs only the alert engine and housekeeping. Default true. */
  simulator?: boolean;
}

export class PgWriter {
  private lease: pg.Client | null = null;
  private engine: TwinEngine<EngineBuffer> | null = null;
  private buffer: EngineBuffer | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  /** One write job at a time (tick, alert evaluation, takeover). */
  private chain: Promise<void> = Promise.resolve();
  private evaluating = false;
  private evaluateAgain = false;
  private lastPrune = 0;
  private readonly leaseKey: string;

  constructor(private readonly o: PgWriterOptions) {
    this.leaseKey = `twinops.writer.${o.schema}`;
  }

  /** True while this instance holds the lease. */
  get isWriter(): boolean {
    return this.lease !== null && !this.stopped;
  }

  /** Tries for the lease now and then every LEASE_POLL_MS; resolves after the first try. */
  async start(): Promise<void> {
    if (this.pollTimer || this.stopped) return;
    this.unsubscribe = await this.o.hub.subscribe((e) => this.onEvent(e));
    await this.tryTakeOver();
    this.pollTimer = setInterval(() => void this.tryTakeOver(), LEASE_POLL_MS);
    this.pollTimer.unref();
  }

  /** Takes the lease when free and starts writing; false when another instance holds it. */
  async tryTakeOver(): Promise<boolean> {
    if (this.lease || this.stopped) return this.lease !== null;
    const client = new pg.Client({ connectionString: this.o.url, application_name: "twinops-writer" });
    client.on("error", () => this.lost(client, "its connection failed"));
    try {
      await client.connect();
      const [r] = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [this.leaseKey])).rows;
      if (!r?.ok || this.stopped) {
        await client.end().catch(() => {});
        return false;
      }
    } catch {
      await client.end().catch(() => {});
      return false;
    }
    this.lease = client;
    client.on("end", () => this.lost(client, "its connection closed"));
    this.o.log(`[twin] writer lease taken: this instance runs the simulator and the alert engine`);
    try {
      await this.serial(() => this.becomeWriter());
    } catch (e) {
      this.o.log(`[twin] writer start failed: ${e instanceof Error ? e.message : String(e)}`);
      await this.release();
      return false;
    }
    return true;
  }

  private lost(client: pg.Client, why: string): void {
    if (this.lease !== client) return;
    this.lease = null;
    this.engine = null;
    this.buffer = null;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    if (!this.stopped) this.o.log(`[twin] writer lease lost (${why}): writing stops until it is taken again`);
  }

  /** Runs write jobs one after another; a failed job leaves the chain usable. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async loadEngine(): Promise<void> {
    const buffer = new EngineBuffer();
    await buffer.load(this.o.db);
    // No fast streams on PostgreSQL: every stream reports at its inventory cadence. The engine
    // keeps asset statuses in its inventory's objects: a copy of its own, so an engine rebuilt
    // after a rolled-back write starts from the stored state, not the lost one's.
    const engine = new TwinEngine(buffer, this.o.pack, structuredClone(this.o.inventory), this.o.seed, 0);
    if (this.o.externalStreams) engine.leaveToFeeds(this.o.externalStreams);
    engine.loadState(sec(this.o.clock.now()));
    this.buffer = buffer;
    this.engine = engine;
  }

  private async becomeWriter(): Promise<void> {
    await this.loadEngine();
    if (this.buffer?.getMeta("alertsThrough") === undefined) {
      await setMeta(this.o.db, { alertsThrough: (await this.o.hub.eventWindow()).newest });
    }
    await this.catchUp(sec(this.o.clock.now()));
    await this.evaluateNow();
    if (this.o.tickSeconds > 0 && !this.tickTimer) {
      this.tickTimer = setInterval(() => void this.tick().catch((e) => this.o.log(`[twin] tick failed: ${e instanceof Error ? e.message : String(e)}`)), this.o.tickSeconds * 1000);
      this.tickTimer.unref();
    }
  }

  /**
   * Fills the simulator's rows of (through, now] in bulk, an hour a transaction, evaluating the
   * alert rules as it goes (as the embedded backfill does) but raising no live events.
   */
  private async catchUp(now: number): Promise<void> {
    const engine = this.engine;
    const buffer = this.buffer;
    if (!engine || !buffer || this.o.simulator === false) return;
    const window = Math.max(this.o.backfillDays, 0) * DAY;
    const stored = Number(buffer.getMeta("through") ?? NaN);
    let from = Number.isNaN(stored) ? now - window : Math.max(stored, now - window);
    if (now <= from) {
      if (Number.isNaN(stored)) await setMeta(this.o.db, { through: now });
      return;
    }
    const label = Number.isNaN(stored) ? "backfill" : "gap fill";
    const started = performance.now();
    let total = 0;
    this.o.log(`[twin] ${label} ${((now - from) / DAY).toFixed(2)} days for ${engine.datastreams.length} datastreams (PostgreSQL)`);
    while (from < now && this.isWriter) {
      const to = Math.min(now, from + FILL_CHUNK);
      const rows: { ds: number; t: number; v: number }[] = [];
      engine.datastreams.forEach((_, i) => {
        if (engine.external[i]) return;
        const cad = engine.historyCadence[i]!;
        for (let t = Math.floor(from / cad) * cad + cad; t <= to; t += cad) rows.push({ ds: i + 1, t, v: engine.simulate(i, t) });
      });
      rows.sort((a, b) => a.t - b.t || a.ds - b.ds);
      try {
        await this.o.store.ingest(rows, async (tx, fresh) => {
          rows.forEach((r, k) => {
            if (fresh[k]) engine.observe(r.ds - 1, r.t, r.v, false);
          });
          engine.writeForecast(from, to + DAY);
          buffer.setMeta("through", to);
          await buffer.flush(tx);
        });
      } catch (e) {
        buffer.clear();
        await this.loadEngine();
        throw e;
      }
      total += rows.length;
      from = to;
    }
    const s = (performance.now() - started) / 1000;
    this.o.log(`[twin] ${label} done: ${(total / 1e6).toFixed(2)} M rows in ${s.toFixed(1)} s (${Math.round(total / Math.max(s, 1e-9)).toLocaleString("en")} rows/s)`);
  }

  /** One live step: the simulator's rows up to the clock's now, through the validated ingest. */
  tick(): Promise<void> {
    return this.serial(async () => {
      if (!(await this.stillWriter())) return;
      const engine = this.engine!;
      const buffer = this.buffer!;
      const now = sec(this.o.clock.now());
      const through = Number(buffer.getMeta("through") ?? NaN);
      if (this.o.simulator === false) {
        // Real feeds only: no simulated rows and no forecast; alerts and housekeeping below.
      } else if (Number.isNaN(through) || now - through > BULK_GAP) await this.catchUp(now);
      else if (now > through) {
        const obs: Observation[] = [];
        engine.datastreams.forEach((d, i) => {
          if (engine.external[i]) return;
          const cad = engine.historyCadence[i]!;
          for (let t = Math.floor(through / cad) * cad + cad; t <= now; t += cad) obs.push({ datastreamId: d.id, t: iso(t), v: engine.simulate(i, t) });
        });
        engine.writeForecast(now, now + DAY);
        buffer.setMeta("through", now);
        try {
          await this.o.ingest(obs, (tx) => buffer.flush(tx));
        } catch (e) {
          buffer.clear();
          await this.loadEngine();
          throw e;
        }
      }
      await this.evaluateNow();
      if (now - this.lastPrune >= 3600) {
        this.lastPrune = now;
        await this.o.store.ensureDays([Math.floor(now / DAY), Math.floor(now / DAY) + 1, Math.floor(now / DAY) + 2]);
        const dropped = await this.o.store.pruneBefore(now - this.o.retention, now - this.o.rollupRetention);
        if (dropped.length) this.o.log(`[twin] retention dropped ${dropped.join(", ")}`);
        // A day a late row may still reach is left for the next round (a vacuum is not undone
        // by it, but the day is then only partly index-only until autovacuum comes).
        await this.o.store.vacuumDays(Math.floor((now - 3600) / DAY));
        await this.o.hub.prune();
      }
    });
  }

  /** The lease connection still answers (a writer cut off from the server must stop writing). */
  private async stillWriter(): Promise<boolean> {
    const lease = this.lease;
    if (!lease || !this.engine || this.stopped) return false;
    try {
      await lease.query("SELECT 1");
      return this.lease === lease;
    } catch {
      this.lost(lease, "it stopped answering");
      return false;
    }
  }

  private onEvent(e: TwinEvent): void {
    if (!this.isWriter) return;
    if (e.type === "observation" || (e.type === "alert" && e.data.state === "resolved") || (e.type === "kpi" && e.data.correction)) void this.evaluate();
  }

  /** Evaluates pending events soon (coalesced: one run at a time, one more if asked meanwhile). */
  private evaluate(): Promise<void> {
    if (this.evaluating) {
      this.evaluateAgain = true;
      return Promise.resolve();
    }
    this.evaluating = true;
    return this.serial(async () => {
      try {
        do {
          this.evaluateAgain = false;
          await this.evaluateNow();
        } while (this.evaluateAgain && this.isWriter);
      } catch (e) {
        this.o.log(`[twin] alert engine failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.evaluating = false;
      }
    });
  }

  /**
   * The alert engine over the events after its cursor: observation rows go through the rules,
   * operators' resolutions make the rules forget their alert. Alerts, their events and the new
   * cursor commit together. Call inside `serial`.
   */
  private async evaluateNow(): Promise<void> {
    for (;;) {
      const engine = this.engine;
      const buffer = this.buffer;
      if (!engine || !buffer || !this.isWriter) return;
      const done = await this.o.db.transaction(async (tx) => {
        const [c] = await tx.query<{ value: string }>("SELECT value FROM meta WHERE key = 'alertsThrough' FOR UPDATE");
        const cursor = Number(c?.value ?? 0);
        const events = await this.o.hub.read(cursor, EVAL_BATCH, tx);
        if (events.length === 0) return true;
        const raised: Alert[] = [];
        engine.onAlert = (a) => raised.push(a);
        try {
          for (const e of events) {
            if (e.type === "observation") {
              const data = e.data as { observations: Observation[] };
              const rows = data.observations
                .map((o) => ({ i: engine.dsIndex.get(o.datastreamId), t: Math.floor(Date.parse(o.t) / 1000), v: o.v }))
                .filter((r): r is { i: number; t: number; v: number } => r.i !== undefined)
                .sort((a, b) => a.t - b.t);
              for (const r of rows) engine.observe(r.i, r.t, r.v, true);
            } else if (e.type === "alert") {
              const a = e.data as Alert;
              if (a.state === "resolved") engine.forgetAlert(a.id);
            } else if (e.type === "kpi") {
              // A correction: the stream's rule runs again when its newest reading changed.
              const c = (e.data as KpiEventData).correction;
              const i = c && engine.dsIndex.get(c.datastreamId);
              if (c && i !== undefined) {
                const latest = c.latest ? { t: Math.floor(Date.parse(c.latest.t) / 1000), v: c.latest.v } : undefined;
                engine.correctedLatest(i, Math.floor(Date.parse(c.t) / 1000), latest);
              }
            }
          }
        } finally {
          engine.onAlert = null;
        }
        buffer.setMeta("alertsThrough", events[events.length - 1]!.id);
        await buffer.flush(tx);
        // Each alert once, as it stands after the batch.
        const latest = new Map(raised.map((a) => [a.id, a]));
        const bodies: EventBody[] = [...latest.values()].map((a) => ({ type: "alert", data: a }));
        await this.o.hub.publish(tx, bodies);
        return events.length < EVAL_BATCH;
      }).catch(async (e: unknown) => {
        buffer.clear();
        await this.loadEngine();
        throw e;
      });
      if (done) return;
    }
  }

  /** Stops writing for good and gives the lease back (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.unsubscribe?.();
    await this.chain;
    await this.release();
  }

  private async release(): Promise<void> {
    const lease = this.lease;
    this.lease = null;
    this.engine = null;
    this.buffer = null;
    if (lease) await lease.end().catch(() => {});
  }
}
