import "server-only";
/**
 * The twin on PostgreSQL behind the async port. Every instance opens it on the same database:
 * reads (pg-reader.ts) and ingest work on any instance, events cross instances through the
 * events table (pg-events.ts), and the instance holding the writer lease runs the simulator and
 * the alert engine (pg-writer.ts). Operators' actions change the alert, its workflow row and the
 * audit trail (in the operations schema beside the twin's) and raise the event in one
 * transaction. Store failures reject with StoreUnavailableError (503), as on SQLite.
 */
import pg from "pg";
import { generateInventory } from "@/lib/city/inventory";
import { loadInventoryFile } from "@/lib/city/inventory-file";
import { loadCityPack } from "@/lib/city/pack";
import type { CityPack, Inventory } from "@/lib/city/types";
import { auditRecordFromRow, type AuditRow } from "@/lib/ops/schema";
import { insertAuditPg, opsSchemaName, PG_OPS_MIGRATIONS } from "@/lib/ops/pg-schema";
import { ident, openPg, type PgDb, type PgQueryable } from "@/lib/store/pg/client";
import { pgMigrate } from "@/lib/store/pg/migrate";
import { planAlertAction } from "../alerts/workflow";
import { checkCorrection, checkObservations, correctionAudit, ingestEvents, streamLimits, type Reading } from "../ingest-check";
import { iso, sec } from "../read-model";
import type { Clock } from "../simulator/clock";
import type { AlertActionResult, CorrectionResult, IngestOptions, IngestResult, TwinPort } from "../source";
import { alertFromRow, type AlertRow } from "../store/rows";
import { alertSelect, PgTwinStore } from "../store/pg/store";
import type { Observation } from "../types";
import { pgStoreError } from "@/lib/store/pg/errors";
import { PgEventHub } from "./pg-events";
import { PgTwinReader } from "./pg-reader";
import { PgWriter } from "./pg-writer";
import { randomUUID } from "node:crypto";

export interface PgTwinOptions {
  url: string;
  /** Schema of the twin's tables; the operations store's are in `<schema>_ops`. */
  schema: string;
  city: string;
  seed: number;
  backfillDays: number;
  tickSeconds: number;
  clock: Clock;
  log?: (line: string) => void;
  /** Already loaded pack and inventory (tests). */
  pack?: CityPack;
  inventory?: Inventory;
  /**
   * An imported inventory (TWINOPS_INVENTORY_FILE, written by `npm run import-inventory`) seeds
   * the assets instead of the generated ones. Its content hash is recorded with city and seed: a
   * schema seeded from another inventory is never rebuilt in place (PgTwinMismatchError).
   */
  inventoryFile?: string;
  /** Pool size of this instance (default 8). */
  poolSize?: number;
  /** Connections of the pool for expensive reads, apart from the main pool (default 2). */
  heavyPoolSize?: number;
  /** Streams a real source feeds (`<asset type>:<property>`): not simulated. */
  externalStreams?: ReadonlySet<string>;
  /**
   * False: no simulator (TWINOPS_SIMULATOR=off): no backfill, ticks or forecast; the twin holds
   * what feeds ingest and says it is empty until the first row. Default true.
   */
  simulator?: boolean;
}

/** The twin data schema holds another city or seed: never rebuilt in place. */
export class PgTwinMismatchError extends Error {
  override name = "PgTwinMismatchError";
}

const DAY = 86400;

/** Runs `fn` holding a session advisory lock on a connection of its own (seeding, once per database). */
async function withLock<T>(url: string, key: string, fn: () => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: "twinops-seed" });
  c.on("error", () => {});
  await c.connect();
  try {
    await c.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
    return await fn();
  } finally {
    await c.end().catch(() => {});
  }
}

/** Wraps every method so a failing store rejects with StoreUnavailableError (503). */
function guarded<T extends object>(o: T): T {
  return new Proxy(o, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve((v as (...a: unknown[]) => unknown).apply(target, args)).catch((e: unknown) => {
            throw pgStoreError(e);
          });
        } catch (e) {
          return Promise.reject(pgStoreError(e));
        }
      };
    },
  });
}

/** Opens the twin on PostgreSQL: migrates both schemas, seeds an empty one, starts events and the writer lease. */
export async function openPgTwin(opts: PgTwinOptions): Promise<TwinPort & { writer: PgWriter; hub: PgEventHub }> {
  const log = opts.log ?? (() => {});
  const opsSchema = opsSchemaName(opts.schema);
  const ops = ident(opsSchema);
  const pack = opts.pack ?? loadCityPack(opts.city);
  const loaded = opts.inventoryFile ? loadInventoryFile(opts.inventoryFile, pack) : null;
  const inventory = loaded?.inventory ?? opts.inventory ?? generateInventory(pack);
  const inventoryHash = loaded?.hash ?? "";
  const clock = opts.clock;

  const migrateOps = await openPg(opts.url, { schema: opsSchema, max: 1 });
  try {
    await pgMigrate(migrateOps, "operations", PG_OPS_MIGRATIONS);
  } finally {
    await migrateOps.close();
  }
  const store = await PgTwinStore.open(opts.url, { schema: opts.schema, max: opts.poolSize ?? 8, now: sec(clock.now()) });
  const db = store.db;
  let hub: PgEventHub | null = null;
  let heavy: PgDb | null = null;
  try {
    await withLock(opts.url, `twinops.seed.${opts.schema}`, async () => {
      const city = await store.getMeta("city");
      if (city === undefined) {
        log(`[twin] seeding ${pack.id} (seed ${opts.seed}) into PostgreSQL schema ${opts.schema}`);
        await store.seed(pack, inventory, opts.seed, inventoryHash);
        await db.query("INSERT INTO meta (key, value) VALUES ('generation', $1) ON CONFLICT (key) DO NOTHING", [randomUUID()]);
      } else if (!(await store.matches(pack.id, opts.seed, inventoryHash))) {
        const held = (await store.getMeta("inventoryHash")) || "generated";
        throw new PgTwinMismatchError(
          `PostgreSQL schema ${opts.schema} holds the twin of city ${city}, seed ${(await store.getMeta("seed")) ?? "?"}, inventory ${held} (or an older data schema), ` +
            `not ${pack.id}, seed ${opts.seed}, inventory ${inventoryHash ? `${inventoryHash} (${opts.inventoryFile})` : "generated"}: ` +
            `it is never rebuilt in place. Set TWINOPS_DATABASE_SCHEMA to another schema, or drop the twin's tables to rebuild (operations data in ${opsSchema} is kept).`,
        );
      }
    });
    hub = await PgEventHub.open({ db, url: opts.url, schema: opts.schema, log });
    // Expensive reads on a pool of their own: however many wait, light reads keep the main pool.
    heavy = await openPg(opts.url, { schema: opts.schema, max: opts.heavyPoolSize ?? 2, applicationName: "twinops-heavy" });
  } catch (e) {
    await heavy?.close();
    await hub?.close();
    await store.close();
    throw e;
  }
  const events = hub;
  const heavyDb = heavy;

  const simulator = opts.simulator ?? true;
  const reader = new PgTwinReader({ pack, inventory, store, schema: opts.schema, clock, simulated: simulator, heavy: heavyDb });
  // Metadata of the city as every instance knows it (no fast streams on PostgreSQL).
  const catalog = reader.catalog;
  const limits = streamLimits(catalog.datastreams, catalog.assets);
  const retention = Math.max(opts.backfillDays * DAY, DAY) + DAY;
  const domainOf = (i: number) => catalog.assets.get(catalog.datastreams[i]!.assetId)?.domain;

  async function ingest(observations: Observation[], within?: (tx: PgQueryable) => Promise<void>, options?: IngestOptions): Promise<IngestResult> {
    const now = sec(clock.now());
    // The streams' newest readings, the base of the rate-of-change check (read before the
    // transaction: a concurrent writer of the same stream may move it on, which only loosens it).
    const ds = [...new Set(observations.flatMap((o) => (typeof o.datastreamId === "string" ? [catalog.dsIndex.get(o.datastreamId)] : [])))];
    const known = ds.filter((i): i is number => i !== undefined).map((i) => i + 1);
    const latestRows = known.length
      ? await db.query<{ ds: number; t: number | null; v: number | null }>("SELECT ds, t, v FROM latest WHERE ds = ANY($1::int[])", [known])
      : [];
    const newest = new Map<number, Reading>(latestRows.flatMap((r) => (r.t === null || r.v === null ? [] : [[r.ds - 1, { t: Number(r.t), v: r.v }] as const])));
    const ctx = { dsIndex: catalog.dsIndex, datastreams: catalog.datastreams, limits, domainOf, newest: (i: number) => newest.get(i), now, retention, scope: options?.scope };
    const rows = checkObservations(observations, ctx);
    let duplicates = 0;
    const input = rows.idx.map((i, k) => ({ ds: i + 1, t: rows.ts[k]!, v: rows.vs[k]! }));
    const newestT = rows.ts.reduce((m, t) => (t <= now && t > m ? t : m), 0);
    await store.ingest(input, async (tx, fresh) => {
      const out = ingestEvents(observations, rows, fresh, domainOf, now);
      duplicates = out.duplicates;
      await events.publish(tx, out.events);
      if (newestT > 0) {
        await tx.query(
          `INSERT INTO meta (key, value) VALUES ('inputThrough', $1)
           ON CONFLICT (key) DO UPDATE SET value = greatest(meta.value::bigint, excluded.value::bigint)::text`,
          [String(newestT)],
        );
      }
      await within?.(tx);
    });
    return { accepted: rows.idx.length, duplicates, rejected: rows.rejected };
  }

  const writer = new PgWriter({
    db,
    store,
    hub: events,
    url: opts.url,
    schema: opts.schema,
    pack,
    inventory,
    seed: opts.seed,
    clock,
    tickSeconds: opts.tickSeconds,
    backfillDays: opts.backfillDays,
    retention,
    rollupRetention: retention,
    ingest,
    log,
    externalStreams: opts.externalStreams,
    simulator,
  });

  let closed = false;

  const port: TwinPort & { writer: PgWriter; hub: PgEventHub } = {
    info: () => reader.info(),
    now: () => reader.now(),
    dataThrough: () => reader.dataThrough(),
    districts: () => reader.districts(),
    listAssets: (q) => reader.listAssets(q),
    getAsset: (id) => reader.getAsset(id),
    latest: (ids) => reader.latest(ids),
    unknownDatastreams: (ids) => reader.unknownDatastreams(ids),
    datastreamDomains: (ids) => reader.datastreamDomains(ids),
    observations: (id, from, to, limit) => reader.observations(id, from, to, limit),
    listMetrics: () => reader.listMetrics(),
    series: (q) => reader.series(q),
    seriesJson: (q) => reader.seriesJson(q),
    kpis: (domain, at, district) => reader.kpis(domain, at, district),
    districtValues: (metric, at) => reader.districtValues(metric, at),
    rank: (q) => reader.rank(q),
    alerts: (q) => reader.alerts(q),
    replay: (id) => events.replay(id),
    eventWindow: () => events.eventWindow(),
    dataVersion: () => events.dataVersion(),
    subscribe: (l) => events.subscribe(l),
    ingest: (rows, options) => ingest(rows, undefined, options),
    async correct(c, actor, options): Promise<CorrectionResult> {
      const checked = checkCorrection(c, { dsIndex: catalog.dsIndex, datastreams: catalog.datastreams, limits, domainOf, scope: options?.scope });
      if (!checked.ok) return checked;
      const { i, t } = checked;
      const domain = domainOf(i);
      const before = await store.correct(i + 1, t, c.v, async (tx, old) => {
        await insertAudit(tx, { ...correctionAudit(c, t, old, actor), at: Date.now() });
        // What the stream reads now, for the writer's alert engine (on whichever instance it runs).
        const [now] = await tx.query<{ t: number | null; v: number | null }>("SELECT t, v FROM latest WHERE ds = $1", [i + 1]);
        const latest = now?.t != null && now.v != null ? { t: iso(now.t), v: now.v } : null;
        const correction = { datastreamId: c.datastreamId, t: iso(t), latest };
        if (domain) await events.publish(tx, [{ type: "kpi", data: { domain, asOf: iso(sec(clock.now())), correction } }]);
      });
      if (before === undefined) return { ok: false, status: 404, code: "not_found", message: `No observation of ${c.datastreamId} at ${iso(t)} is stored.` };
      return { ok: true, datastreamId: c.datastreamId, t: iso(t), before, after: c.v };
    },
    async actOnAlert(id, input, actor): Promise<AlertActionResult> {
      return db.transaction(async (tx) => {
        const [cur] = await tx.query<AlertRow>(`${alertSelect(opsSchema)} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
        if (!cur) return { ok: false, status: 404, code: "not_found", message: `No alert with id ${id}.` };
        const plan = planAlertAction(cur, input, actor, sec(clock.now()));
        if (!plan.ok) return plan;
        const r = plan.row;
        await tx.query('UPDATE alerts SET state = $1, state_by = $2, state_at = $3, "end" = $4 WHERE id = $5', [r.state, r.state_by, r.state_at, r.end, id]);
        await tx.query(
          `INSERT INTO ${ops}.alert_workflow (twin, alert_id, ack_by, ack_at, assignee, escalation, comment, thread, updated_at)
           VALUES ((SELECT value FROM meta WHERE key = 'generation'), $1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (twin, alert_id) DO UPDATE SET ack_by = excluded.ack_by, ack_at = excluded.ack_at, assignee = excluded.assignee,
           escalation = excluded.escalation, comment = excluded.comment, thread = excluded.thread, updated_at = excluded.updated_at`,
          [id, r.ack_by ?? null, r.ack_at ?? null, r.assignee ?? null, r.escalation ?? 0, r.comment ?? null, r.thread ?? null, r.state_at ?? 0],
        );
        await insertAudit(tx, plan.audit);
        // The planned row is the stored one: alert columns and workflow as just written.
        const alert = alertFromRow(r);
        await events.publish(tx, [{ type: "alert", data: alert }]);
        return { ok: true, alert };
      });
    },
    recordAudit: async (entry) => insertAudit(db, { ...entry, at: Date.now() }),
    async audit(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.target) where.push(`target = $${args.push(q.target)}`);
      if (q.before !== undefined) where.push(`seq < $${args.push(q.before)}`);
      const rows = await db.query<AuditRow>(
        `SELECT * FROM ${ops}.audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT $${args.push(q.limit)}`,
        args,
      );
      return rows.map(auditRecordFromRow);
    },
    health: {
      store: "postgres",
      get writer() {
        return writer.isWriter;
      },
      async check() {
        await db.query("SELECT 1 FROM meta LIMIT 1").catch((e: unknown) => {
          throw pgStoreError(e);
        });
      },
    },
    writer,
    hub: events,
    stop: () => writer.stop(),
    async close() {
      if (closed) return;
      closed = true;
      await writer.stop();
      await events.close();
      await heavyDb.close();
      await store.close();
    },
  };

  const insertAudit = (tx: PgQueryable, e: Parameters<typeof insertAuditPg>[1]) => insertAuditPg(tx, e, `${ops}.audit`);

  await writer.start();
  return guarded(port);
}
