import "server-only";
/**
 * The twin store on PostgreSQL: the data side of TwinStore (lib/twin/store/store.ts), async, with
 * the rollup upkeep the embedded engine does in memory (TwinEngine.writeRows) done inside the
 * ingest transaction, so any instance can write and every instance reads the same rollups.
 * Schema and design: ./schema.ts and docs/postgres.md.
 */
import type { CityPack, Inventory } from "@/lib/city/types";
import { ident, openPg, type PgDb, type PgOptions, type PgQueryable } from "@/lib/store/pg/client";
import { pgMigrate } from "@/lib/store/pg/migrate";
import type { AlertQuery } from "../../source";
import { PrefetchedRollups, type RollupRequests, type RollupRow, type RollupTotal } from "../../rollup-reader";
import { alertQuery, assetQueries, pgPlaceholders, POSTGRES } from "../queries";
import { geometryBBox, type AlertRow, type AssetFilter, type AssetRow } from "../rows";
import { SCHEMA_VERSION } from "../schema";
import { metricInputs, type MetricInput } from "./metric-inputs";
import { PG_TWIN_MIGRATIONS } from "./schema";

export interface ObservationRow {
  /** Store index of the datastream (1-based, inventory order; the same as TwinStore's). */
  ds: number;
  /** Epoch seconds. */
  t: number;
  v: number;
}

export type { RollupRow };

export interface PgTwinStoreOptions extends PgOptions {
  /** Days of partitions created ahead of `now` at open (default 7). */
  aheadDays?: number;
  /** Clock for the partitions made at open (epoch seconds). */
  now?: number;
}

const DAY = 86400;
/** The columns of an `AssetRow` (geometry and properties as JSON text, as SQLite stores them). */
const ASSET_COLUMNS =
  "idx, id, type, domain, district, status, name_en, name_zh, geometry::text AS geometry, properties::text AS properties";
/** Key of a (ds, t) pair, exact in a double for ds < 2^20 and t < 2^33 (year 2242). */
const T_SPAN = 2 ** 33;
const key = (ds: number, t: number) => ds * T_SPAN + t;

/** A stream's newest reading in one rollup slot. */
interface Reading {
  t: number;
  v: number;
}

/**
 * Alerts with the operators' workflow of this twin's generation (`meta('generation')`), from the
 * operations store's schema `opsSchema`; add a WHERE.
 */
export function alertSelect(opsSchema: string): string {
  return `SELECT a.*, w.ack_by, w.ack_at, w.assignee, w.escalation, w.comment, w.thread FROM alerts a
    LEFT JOIN ${ident(opsSchema)}.alert_workflow w ON w.alert_id = a.id AND w.twin = (SELECT value FROM meta WHERE key = 'generation')`;
}

export class PgTwinStore {
  /** Days whose partitions are known to exist (a cache; a miss costs one function call). */
  private readonly days = new Set<number>();
  /** metric inputs by datastream, loaded at open and after seed. */
  private inputs = new Map<number, MetricInput[]>();

  private constructor(readonly db: PgDb) {}

  /** Opens the store on `url`, migrating it and creating partitions ahead. */
  static async open(url: string, opts: PgTwinStoreOptions = {}): Promise<PgTwinStore> {
    const db = await openPg(url, opts);
    try {
      await pgMigrate(db, "twin", PG_TWIN_MIGRATIONS);
      const store = new PgTwinStore(db);
      const today = Math.floor((opts.now ?? Date.now() / 1000) / DAY);
      await store.ensureDays(Array.from({ length: (opts.aheadDays ?? 7) + 1 }, (_, i) => today + i));
      await store.loadInputs();
      return store;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async getMeta(k: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ value: string }>("SELECT value FROM meta WHERE key = $1", [k]);
    return row?.value;
  }

  /**
   * True when the database holds this city, seed and imported inventory (its content hash; "" for
   * a generated one) at the current data schema.
   */
  async matches(city: string, seed: number, inventoryHash = ""): Promise<boolean> {
    const rows = await this.db.query<{ key: string; value: string }>("SELECT key, value FROM meta");
    const m = new Map(rows.map((r) => [r.key, r.value]));
    return (
      m.get("schemaVersion") === String(SCHEMA_VERSION) &&
      m.get("city") === city &&
      m.get("seed") === String(seed) &&
      (m.get("inventoryHash") ?? "") === inventoryHash
    );
  }

  /** Writes districts, assets, datastreams, their metric inputs and KPI definitions of a fresh database. */
  async seed(pack: CityPack, inventory: Inventory, seed: number, inventoryHash = ""): Promise<void> {
    const assetIdx = new Map(inventory.assets.map((a, i) => [a.id, i + 1]));
    await this.db.transaction(async (tx) => {
      /** Inserts rows (objects keyed by column) in one statement: `columns` types them for PostgreSQL. */
      const insert = (table: string, columns: string, rows: unknown[]) =>
        tx.query(`INSERT INTO ${table} SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`, [JSON.stringify(rows)]);
      await insert(
        "districts",
        "idx integer, id text, name_en text, name_zh text, area_km2 double precision, population bigint",
        pack.districts.map((d, i) => ({
          idx: i + 1,
          id: d.id,
          name_en: d.name.en,
          name_zh: d.name.zh,
          area_km2: d.areaKm2,
          population: d.population,
        })),
      );
      await insert(
        "assets",
        "idx integer, id text, type text, domain text, district text, status text, name_en text, name_zh text, geometry jsonb, properties jsonb, minx double precision, miny double precision, maxx double precision, maxy double precision",
        inventory.assets.map((a, i) => {
          const [minx, miny, maxx, maxy] = geometryBBox(a.geometry);
          return {
            idx: i + 1,
            id: a.id,
            type: a.type,
            domain: a.domain,
            district: a.district,
            status: a.status,
            name_en: a.name.en,
            name_zh: a.name.zh,
            geometry: a.geometry,
            properties: a.properties,
            minx,
            miny,
            maxx,
            maxy,
          };
        }),
      );
      await insert(
        "datastreams",
        "idx integer, id text, asset_idx integer, property text, name_en text, name_zh text, unit_symbol text, unit_code text, cadence integer, stale_after integer",
        inventory.datastreams.map((d, i) => ({
          idx: i + 1,
          id: d.id,
          asset_idx: assetIdx.get(d.assetId) ?? 0,
          property: d.property,
          name_en: d.name.en,
          name_zh: d.name.zh,
          unit_symbol: d.unit.symbol,
          unit_code: d.unit.code,
          cadence: d.cadenceSeconds,
          stale_after: d.staleAfterSeconds,
        })),
      );
      await insert(
        "metric_inputs",
        "ds integer, metric smallint, district smallint, cadence integer, n_add double precision, above double precision",
        metricInputs(pack, inventory).map((m) => ({
          ds: m.ds,
          metric: m.metric,
          district: m.district,
          cadence: m.cadence,
          n_add: m.nAdd,
          above: m.above,
        })),
      );
      await tx.query("INSERT INTO latest (ds) SELECT idx FROM datastreams ON CONFLICT DO NOTHING");
      await insert(
        "kpi_definitions",
        "id text, domain text, ord integer, json jsonb",
        pack.kpis.map((k, i) => ({ id: k.id, domain: k.domain, ord: i, json: k })),
      );
      await tx.query(
        "INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [
          ["schemaVersion", "city", "seed", "inventoryHash"],
          [String(SCHEMA_VERSION), pack.id, String(seed), inventoryHash],
        ],
      );
    });
    await this.loadInputs();
  }

  private async loadInputs(): Promise<void> {
    const rows = await this.db.query<{
      ds: number;
      metric: number;
      district: number;
      cadence: number;
      n_add: number;
      above: number | null;
    }>("SELECT ds, metric, district, cadence, n_add, above FROM metric_inputs ORDER BY ds, metric");
    this.inputs = new Map();
    for (const r of rows) {
      const list = this.inputs.get(r.ds) ?? [];
      list.push({ ds: r.ds, metric: r.metric, district: r.district, cadence: r.cadence, nAdd: r.n_add, above: r.above });
      this.inputs.set(r.ds, list);
    }
  }

  /** Creates the partitions of these UTC days (epoch day numbers) and their months, where missing. */
  async ensureDays(days: readonly number[]): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.days.has(d));
    if (missing.length === 0) return;
    await this.db.query("SELECT twin_ensure_partitions($1::bigint[])", [missing]);
    for (const d of missing) this.days.add(d);
  }

  /**
   * Stores observations, idempotent on (ds, t): returns, per input row, whether it was new (a
   * repeat of a stored row, or of an earlier row of the same batch, is not). The rollups of the
   * metrics the new rows feed change in the same transaction, with the engine's semantics: per
   * stream and slot the newest reading counts (a later reading in a slot replaces the earlier one
   * in `sum`; `n` grows once per stream and slot), district and city (district 0) alike.
   */
  async ingest(
    rows: readonly ObservationRow[],
    /** More work in the same transaction, given which rows were new (events, meta). */
    within?: (tx: PgQueryable, fresh: readonly boolean[]) => Promise<void>,
  ): Promise<boolean[]> {
    const fresh = new Array<boolean>(rows.length).fill(false);
    if (rows.length === 0) {
      if (within) await this.db.transaction((tx) => within(tx, fresh));
      return fresh;
    }
    const firstOf = new Map<number, number>();
    rows.forEach((r, k) => {
      if (!firstOf.has(key(r.ds, r.t))) firstOf.set(key(r.ds, r.t), k);
    });
    const unique = [...firstOf.values()].map((k) => rows[k]!);
    await this.ensureDays(unique.map((r) => Math.floor(r.t / DAY)));
    const dsList = [...new Set(unique.map((r) => r.ds))].sort((a, b) => a - b);

    await this.db.transaction(async (tx) => {
      // Locks the streams' latest rows (one per seeded stream): two writers of one stream take
      // turns, and the second reads what the first wrote (sorted: no deadlock).
      const prevRows = await tx.query<{ ds: number; t: number | null; v: number | null }>(
        "SELECT ds, t, v FROM latest WHERE ds = ANY($1::int[]) ORDER BY ds FOR UPDATE",
        [dsList],
      );
      const prev = new Map(prevRows.flatMap((r) => (r.t === null || r.v === null ? [] : [[r.ds, { t: r.t, v: r.v }] as const])));
      const stored = await this.slotsBefore(tx, unique, prev);
      const ins = await tx.query<{ ds: number; t: number }>(
        "INSERT INTO observations (ds, t, v) SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[]) ON CONFLICT DO NOTHING RETURNING ds, t",
        [unique.map((r) => r.ds), unique.map((r) => r.t), unique.map((r) => r.v)],
      );
      const isNew = new Set(ins.map((r) => key(r.ds, r.t)));
      const added = unique.filter((r) => isNew.has(key(r.ds, r.t)));
      await this.addRollups(tx, added, prev, stored);
      await this.raiseLatest(tx, added);
      for (const [k, idx] of firstOf) if (isNew.has(k)) fresh[idx] = true;
      if (within) await within(tx, fresh);
    });
    return fresh;
  }

  /**
   * For slots where a row of the batch is not newer than the stream's latest (a late row), the
   * newest reading stored there before the batch, read before the insert. Keyed by
   * `${ds}:${cadence}:${slot}`; a slot looked up and found empty maps to null.
   */
  private async slotsBefore(
    tx: PgQueryable,
    rows: readonly ObservationRow[],
    prev: ReadonlyMap<number, Reading>,
  ): Promise<Map<string, Reading | null>> {
    const out = new Map<string, Reading | null>();
    const q: { ds: number; lo: number; hi: number; k: string }[] = [];
    for (const r of rows) {
      const p = prev.get(r.ds);
      if (!p || r.t > p.t) continue;
      for (const inp of this.inputs.get(r.ds) ?? []) {
        const slot = Math.floor(r.t / inp.cadence) * inp.cadence;
        const k = `${r.ds}:${inp.cadence}:${slot}`;
        if (out.has(k)) continue;
        out.set(k, null);
        q.push({ ds: r.ds, lo: slot, hi: slot + inp.cadence, k });
      }
    }
    if (q.length === 0) return out;
    const found = await tx.query<{ i: number; t: number; v: number }>(
      `SELECT k.i, o.t, o.v FROM unnest($1::int[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS k(ds, lo, hi, i)
       CROSS JOIN LATERAL (SELECT t, v FROM observations o WHERE o.ds = k.ds AND o.t >= k.lo AND o.t < k.hi ORDER BY o.t DESC LIMIT 1) o`,
      [q.map((x) => x.ds), q.map((x) => x.lo), q.map((x) => x.hi)],
    );
    for (const f of found) out.set(q[f.i - 1]!.k, { t: f.t, v: f.v });
    return out;
  }

  /** Adds the rollup change of the new rows (see `ingest`). */
  /**
   * Replaces (v) or removes (null) the stored row (ds, t), keeping the rollup slots it feeds and
   * the stream's latest in step, with `within` in the same transaction; undefined (and nothing
   * done) when no such row is stored. A slot holds its newest reading: a correction of an older
   * one changes no rollup, and a withdrawn newest hands the slot to the reading before it.
   */
  async correct(ds: number, t: number, v: number | null, within: (tx: PgQueryable, before: number) => Promise<void>): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      // The stream's latest row is ingest's lock too: a correction and an ingest take turns.
      await tx.query("SELECT ds FROM latest WHERE ds = $1 FOR UPDATE", [ds]);
      const [row] = await tx.query<{ v: number }>("SELECT v FROM observations WHERE ds = $1 AND t = $2", [ds, t]);
      if (!row) return undefined;
      const old = row.v;
      if (v === null) await tx.query("DELETE FROM observations WHERE ds = $1 AND t = $2", [ds, t]);
      else await tx.query("UPDATE observations SET v = $3 WHERE ds = $1 AND t = $2", [ds, t, v]);
      const deltas: RollupDelta[] = [];
      for (const inp of this.inputs.get(ds) ?? []) {
        const slot = Math.floor(t / inp.cadence) * inp.cadence;
        const [newer] = await tx.query("SELECT 1 FROM observations WHERE ds = $1 AND t > $2 AND t < $3 LIMIT 1", [ds, t, slot + inp.cadence]);
        if (newer) continue;
        const value = (x: number) => (inp.above === null ? x : x > inp.above ? 1 : 0);
        let sum = 0;
        let n = 0;
        if (v !== null) sum = value(v) - value(old);
        else {
          const [prev] = await tx.query<{ v: number }>("SELECT v FROM observations WHERE ds = $1 AND t >= $2 AND t < $3 ORDER BY t DESC LIMIT 1", [ds, slot, t]);
          sum = (prev ? value(prev.v) : 0) - value(old);
          n = prev ? 0 : -inp.nAdd;
        }
        deltas.push({ metric: inp.metric, district: inp.district, t: slot, sum, n });
        if (inp.district !== 0) deltas.push({ metric: inp.metric, district: 0, t: slot, sum, n });
      }
      await addRollupDeltas(tx, deltas);
      if (v !== null) await tx.query("UPDATE latest SET v = $3 WHERE ds = $1 AND t = $2", [ds, t, v]);
      else
        await tx.query(
          `UPDATE latest SET (t, v) = (SELECT o.t, o.v FROM observations o WHERE o.ds = $1 ORDER BY o.t DESC LIMIT 1)
           WHERE ds = $1 AND t = $2`,
          [ds, t],
        );
      await within(tx, old);
      return old;
    });
  }

  private async addRollups(
    tx: PgQueryable,
    added: readonly ObservationRow[],
    prev: ReadonlyMap<number, Reading>,
    stored: ReadonlyMap<string, Reading | null>,
  ): Promise<void> {
    // The newest new reading per (stream, metric input, slot).
    const groups = new Map<string, { inp: MetricInput; slot: number; newest: Reading }>();
    for (const r of added) {
      for (const inp of this.inputs.get(r.ds) ?? []) {
        const slot = Math.floor(r.t / inp.cadence) * inp.cadence;
        const k = `${r.ds}:${inp.metric}:${slot}`;
        const g = groups.get(k);
        if (!g) groups.set(k, { inp, slot, newest: { t: r.t, v: r.v } });
        else if (r.t > g.newest.t) g.newest = { t: r.t, v: r.v };
      }
    }
    const acc = new Map<string, { metric: number; district: number; t: number; sum: number; n: number }>();
    const add = (metric: number, district: number, t: number, sum: number, n: number) => {
      const k = `${metric}:${district}:${t}`;
      const a = acc.get(k);
      if (a) {
        a.sum += sum;
        a.n += n;
      } else acc.set(k, { metric, district, t, sum, n });
    };
    for (const { inp, slot, newest } of groups.values()) {
      const sk = `${inp.ds}:${inp.cadence}:${slot}`;
      let before: Reading | null;
      if (stored.has(sk)) before = stored.get(sk) ?? null;
      else {
        // Every new row of this slot is newer than the stream's latest: that one is the slot's
        // reading before the batch when it lies in the slot.
        const p = prev.get(inp.ds);
        before = p && p.t >= slot ? p : null;
      }
      if (before && before.t > newest.t) continue; // a newer reading already counts for this slot
      const value = (x: number) => (inp.above === null ? x : x > inp.above ? 1 : 0);
      const sum = before ? value(newest.v) - value(before.v) : value(newest.v);
      const n = before ? 0 : inp.nAdd;
      add(inp.metric, inp.district, slot, sum, n);
      if (inp.district !== 0) add(inp.metric, 0, slot, sum, n);
    }
    await addRollupDeltas(tx, [...acc.values()]);
  }

  private async raiseLatest(tx: PgQueryable, added: readonly ObservationRow[]): Promise<void> {
    const newest = new Map<number, Reading>();
    for (const r of added) {
      const n = newest.get(r.ds);
      if (!n || r.t > n.t) newest.set(r.ds, { t: r.t, v: r.v });
    }
    if (newest.size === 0) return;
    const ds = [...newest.keys()];
    await tx.query(
      `INSERT INTO latest (ds, t, v) SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[])
       ON CONFLICT (ds) DO UPDATE SET t = excluded.t, v = excluded.v WHERE latest.t IS NULL OR excluded.t > latest.t`,
      [ds, ds.map((d) => newest.get(d)!.t), ds.map((d) => newest.get(d)!.v)],
    );
  }

  /** Newest observation of each of these datastreams (streams without one are left out). */
  async latest(ds: readonly number[]): Promise<ObservationRow[]> {
    return this.db.query<ObservationRow>("SELECT ds, t, v FROM latest WHERE ds = ANY($1::int[]) AND t IS NOT NULL ORDER BY ds", [ds]);
  }

  /** Observations of one stream in [from, to), oldest first, at most `limit` (null: all). */
  /** `on`: the pool to ask (default the store's; expensive reads pass their own). */
  async observations(ds: number, from: number, to: number, limit: number | null, on: PgQueryable = this.db): Promise<{ t: number; v: number }[]> {
    return on.query<{ t: number; v: number }>(
      "SELECT t, v FROM observations WHERE ds = $1 AND t >= $2 AND t < $3 ORDER BY t LIMIT $4",
      [ds, from, to, limit],
    );
  }

  /** Rollup rows of one metric and district (0 = city) with slots in [from, to). */
  async rollupRange(metric: number, district: number, from: number, to: number): Promise<RollupRow[]> {
    return this.db.query<RollupRow>("SELECT t, sum, n FROM rollups WHERE metric = $1 AND district = $2 AND t >= $3 AND t < $4 ORDER BY t", [
      metric,
      district,
      from,
      to,
    ]);
  }

  /** Observations of one stream in [from, to) as columns (oldest first), for bucketing. */
  async observationColumns(ds: number, from: number, to: number, on: PgQueryable = this.db): Promise<{ t: Float64Array; v: Float64Array }> {
    const rows = await this.observations(ds, from, to, null, on);
    return { t: Float64Array.from(rows, (r) => r.t), v: Float64Array.from(rows, (r) => r.v) };
  }

  /**
   * The newest observation at or before `at` and not before `since` of each of these streams
   * (streams without one are left out). The lower bound lets PostgreSQL skip older day partitions.
   */
  async latestAt(ds: readonly number[], at: number, since: number): Promise<ObservationRow[]> {
    return this.db.query<ObservationRow>(
      `SELECT k.ds, o.t, o.v FROM unnest($1::int[]) AS k(ds)
       CROSS JOIN LATERAL (SELECT t, v FROM observations o WHERE o.ds = k.ds AND o.t <= $2 AND o.t >= $3 ORDER BY o.t DESC LIMIT 1) o
       ORDER BY k.ds`,
      [ds, at, since],
    );
  }

  /**
   * Answers rollup reads recorded by `recordRollupReads` (KPIs, district values) in two queries:
   * the newest row at or before each instant, and the totals over each range.
   */
  async rollupReads(req: RollupRequests): Promise<PrefetchedRollups> {
    const [at, totals] = await Promise.all([
      req.at.length === 0
        ? []
        : this.db.query<RollupRow & { i: number }>(
            `SELECT k.i, r.t, r.sum, r.n FROM unnest($1::smallint[], $2::smallint[], $3::bigint[]) WITH ORDINALITY AS k(metric, district, at, i)
             CROSS JOIN LATERAL (SELECT t, sum, n FROM rollups r WHERE r.metric = k.metric AND r.district = k.district AND r.t <= k.at ORDER BY r.t DESC LIMIT 1) r`,
            [req.at.map((r) => r.metric), req.at.map((r) => r.district), req.at.map((r) => r.at)],
          ),
      req.totals.length === 0
        ? []
        : this.db.query<RollupTotal & { i: number }>(
            `SELECT k.i, x.total, x.newest FROM unnest($1::smallint[], $2::smallint[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS k(metric, district, lo, hi, i)
             CROSS JOIN LATERAL (SELECT sum(r.sum) AS total, max(r.t) AS newest FROM rollups r
               WHERE r.metric = k.metric AND r.district = k.district AND r.t >= k.lo AND r.t <= k.hi) x`,
            [
              req.totals.map((r) => r.metric),
              req.totals.map((r) => r.district),
              req.totals.map((r) => r.from),
              req.totals.map((r) => r.to),
            ],
          ),
    ]);
    const atRows = new Array<RollupRow | undefined>(req.at.length);
    for (const { i, t, sum, n } of at) atRows[i - 1] = { t, sum, n };
    const totalRows = new Array<RollupTotal>(req.totals.length);
    for (const { i, total, newest } of totals) totalRows[i - 1] = { total, newest };
    return new PrefetchedRollups(req, atRows, totalRows);
  }

  /** Assets matching a filter (one page, ordered by id) and how many match (see `assetQueries`). */
  async queryAssets(f: AssetFilter): Promise<{ rows: AssetRow[]; total: number }> {
    const { count, page } = assetQueries(f, ASSET_COLUMNS, POSTGRES);
    const [[n], rows] = await Promise.all([
      this.db.query<{ n: number }>(pgPlaceholders(count.sql), count.args),
      this.db.query<AssetRow>(pgPlaceholders(page.sql), page.args),
    ]);
    return { rows, total: n?.n ?? 0 };
  }

  /** The stored status of an asset (the alert engine keeps it), or undefined for an unknown id. */
  async assetStatus(id: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ status: string }>("SELECT status FROM assets WHERE id = $1", [id]);
    return row?.status;
  }

  /**
   * Alerts matching a query (see `alertQuery`), with the operators' workflow of this twin's
   * generation (`meta('generation')`) from the operations store's schema `opsSchema`.
   */
  async queryAlerts(q: AlertQuery, opsSchema: string): Promise<AlertRow[]> {
    const { sql, args } = alertQuery(q, alertSelect(opsSchema), POSTGRES);
    return this.db.query<AlertRow>(pgPlaceholders(sql), args);
  }

  /**
   * Vacuums the observation partitions of days that ended before `beforeDay` (epoch day number)
   * and have rows written since their last vacuum, so reads of them are index-only scans.
   * Insert-only day partitions would reach this through autovacuum sooner or later; doing it once
   * a day is finished makes it sure. Returns the partitions vacuumed.
   */
  async vacuumDays(beforeDay: number): Promise<string[]> {
    const parts = await this.db.query<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_stat_user_tables s ON s.relid = c.oid
       WHERE i.inhparent = 'observations'::regclass AND s.n_ins_since_vacuum > 0`,
    );
    const due = parts
      .map((p) => ({ name: p.name, day: Number(/FROM \('?(-?\d+)'?\)/.exec(p.bound)?.[1] ?? NaN) / DAY }))
      .filter((p) => Number.isInteger(p.day) && p.day < beforeDay)
      .sort((a, b) => a.day - b.day);
    for (const p of due) await this.db.query(`VACUUM (ANALYZE) ${ident(p.name)}`);
    return due.map((p) => p.name);
  }

  /**
   * Retention: drops every observation partition whose day ends at or before `before`, and every
   * rollup partition whose month ends at or before `rollupsBefore` (metric history may outlive
   * raw rows). Whole partitions only, never row deletes: the day holding `before` is kept whole.
   * Ended alerts older than `rollupsBefore` are deleted (a small table). Returns the dropped
   * partitions.
   */
  async pruneBefore(before: number, rollupsBefore = before): Promise<string[]> {
    const parts = await this.db.query<{ name: string; parent: string; bound: string }>(
      `SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE i.inhparent IN ('observations'::regclass, 'rollups'::regclass)`,
    );
    const drop = parts.filter((p) => {
      const upper = Number(/TO \('?(-?\d+)'?\)/.exec(p.bound)?.[1] ?? Number.POSITIVE_INFINITY);
      return upper <= (p.parent === "observations" ? before : rollupsBefore);
    });
    await this.db.transaction(async (tx) => {
      for (const p of drop) await tx.query(`DROP TABLE IF EXISTS "${p.name.replace(/"/g, '""')}"`);
      await tx.query('DELETE FROM alerts WHERE "end" IS NOT NULL AND "end" < $1', [rollupsBefore]);
    });
    // A late row for a dropped day makes its partition again.
    this.days.clear();
    return drop.map((p) => p.name).sort();
  }
}

interface RollupDelta {
  metric: number;
  district: number;
  t: number;
  sum: number;
  n: number;
}

/** Adds (sum, n) to rollup rows, creating those that are missing. */
async function addRollupDeltas(tx: PgQueryable, a: readonly RollupDelta[]): Promise<void> {
  if (a.length === 0) return;
  await tx.query(
    `INSERT INTO rollups (metric, district, t, sum, n)
     SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::bigint[], $4::float8[], $5::float8[])
     ON CONFLICT (metric, district, t) DO UPDATE SET sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`,
    [a.map((x) => x.metric), a.map((x) => x.district), a.map((x) => x.t), a.map((x) => x.sum), a.map((x) => x.n)],
  );
}
