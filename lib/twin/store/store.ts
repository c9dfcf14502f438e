import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { AlertQuery } from "../source";
import type { AlertSeverity, AssetStatus, AuditEntry, AuditRecord, Datastream, KpiDefinition } from "../types";
import { auditParams, auditRecordFromRow, importLegacyOperations, insertAuditSql, OPS_MIGRATIONS, type AuditRow } from "@/lib/ops/schema";
import { migrate } from "@/lib/store/migrate";
import { preparePrivateDatabaseFile } from "@/lib/security/db-file";
import { openSqlite } from "@/lib/store/sqlite";
import { alertQuery, assetQueries, SQLITE } from "./queries";
import { geometryBBox, type AlertRow, type AssetFilter, type AssetRow } from "./rows";
import { DROP_SQL, SCHEMA_VERSION, TWIN_MIGRATIONS } from "./schema";
import { columnsOf, OBS_RANGE_SQL } from "../sources/series-job";

/** The columns of an `AssetRow`. */
const ASSET_COLUMNS = "idx, id, type, domain, district, status, name_en, name_zh, geometry, properties";

/** Alerts with the operators' workflow columns (null for alerts nobody has touched). */
const ALERT_SELECT =
  "SELECT a.*, w.ack_by, w.ack_at, w.assignee, w.escalation, w.comment, w.thread FROM alerts a LEFT JOIN ops.alert_workflow w ON w.alert_id = a.id AND w.twin = (SELECT value FROM main.meta WHERE key = 'generation')";

export type { AuditEntry, AuditRecord };

/**
 * SQLite store of the embedded twin. All statements are prepared once here; callers batch writes
 * inside `transaction()`.
 */
export class TwinStore {
  readonly db: Database.Database;
  private readonly s;
  /** Operations rows found in the twin's own file (written by an older release) and moved. */
  readonly legacyImported: Record<string, number>;

  /**
   * `opsFile` is the operations store (accounts, audit, alert workflow), attached to this
   * connection as `ops` so an operator's action and its audit record commit together. The default
   * (tests) is a private in-memory one.
   */
  constructor(file: string, opsFile = ":memory:") {
    this.db = openSqlite(file);
    this.db.pragma("cache_size = -65536");
    this.db.pragma("temp_store = MEMORY");
    migrate(this.db, "twin", TWIN_MIGRATIONS);
    preparePrivateDatabaseFile(opsFile); // owner-only before SQLite creates it through the attach
    this.db.prepare("ATTACH DATABASE ? AS ops").run(opsFile);
    this.db.pragma("ops.journal_mode = WAL");
    migrate(this.db, "operations", OPS_MIGRATIONS, "ops");
    const db = this.db;
    this.s = {
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      insertObs64: db.prepare(
        `INSERT INTO observations (ds, t, v) VALUES ${Array(64).fill("(?, ?, ?)").join(", ")} ON CONFLICT(ds, t) DO NOTHING`,
      ),
      insertObs: db.prepare("INSERT INTO observations (ds, t, v) VALUES (?, ?, ?) ON CONFLICT(ds, t) DO NOTHING"),
      addRollup: db.prepare(
        "INSERT INTO rollups (metric, district, t, sum, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT(metric, district, t) DO UPDATE SET sum = sum + excluded.sum, n = n + excluded.n",
      ),
      putRollup: db.prepare("INSERT INTO rollups (metric, district, t, sum, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
      latestObs: db.prepare<[number, number], { t: number; v: number }>(
        "SELECT t, v FROM observations WHERE ds = ? AND t <= ? ORDER BY t DESC LIMIT 1",
      ),
      obsRange: db.prepare<[number, number, number, number], { t: number; v: number }>(
        "SELECT t, v FROM observations WHERE ds = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?",
      ),
      obsRangeRaw: db.prepare(OBS_RANGE_SQL).raw(true),
      rollupRange: db.prepare<[number, number, number, number], { t: number; sum: number; n: number }>(
        "SELECT t, sum, n FROM rollups WHERE metric = ? AND district = ? AND t >= ? AND t < ? ORDER BY t",
      ),
      rollupAt: db.prepare<[number, number, number], { t: number; sum: number; n: number }>(
        "SELECT t, sum, n FROM rollups WHERE metric = ? AND district = ? AND t <= ? ORDER BY t DESC LIMIT 1",
      ),
      rollupSum: db.prepare<[number, number, number, number], { total: number | null; newest: number | null }>(
        "SELECT sum(sum) AS total, max(t) AS newest FROM rollups WHERE metric = ? AND district = ? AND t >= ? AND t <= ?",
      ),
      insertAlert: db.prepare(
        `INSERT OR REPLACE INTO alerts (id, rule, domain, category, severity, asset_id, ds, district, lon, lat, desc_en, desc_zh, start, end, state, state_by, state_at, value, threshold)
         VALUES (@id, @rule, @domain, @category, @severity, @asset_id, @ds, @district, @lon, @lat, @desc_en, @desc_zh, @start, @end, @state, @state_by, @state_at, @value, @threshold)`,
      ),
      escalateAlert: db.prepare("UPDATE alerts SET severity = ?, value = ?, threshold = ?, desc_en = ?, desc_zh = ? WHERE id = ?"),
      resolveAlert: db.prepare("UPDATE alerts SET end = ?, state = 'resolved' WHERE id = ?"),
      openAlerts: db.prepare<[], AlertRow>("SELECT * FROM alerts WHERE end IS NULL"),
      getAlert: db.prepare<[string], AlertRow>(`${ALERT_SELECT} WHERE a.id = ?`),
      setAlertState: db.prepare("UPDATE alerts SET state = ?, state_by = ?, state_at = ?, end = ? WHERE id = ?"),
      putWorkflow: db.prepare(
        `INSERT INTO ops.alert_workflow (twin, alert_id, ack_by, ack_at, assignee, escalation, comment, thread, updated_at)
         VALUES ((SELECT value FROM main.meta WHERE key = 'generation'), ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(twin, alert_id) DO UPDATE SET ack_by = excluded.ack_by, ack_at = excluded.ack_at, assignee = excluded.assignee,
         escalation = excluded.escalation, comment = excluded.comment, thread = excluded.thread, updated_at = excluded.updated_at`,
      ),
      insertAudit: db.prepare(insertAuditSql("ops")),
      setStatus: db.prepare("UPDATE assets SET status = ? WHERE id = ?"),
      maxObsT: db.prepare<[number], { t: number | null }>("SELECT max(t) AS t FROM observations WHERE ds = ?"),
      prune: db.prepare("DELETE FROM observations WHERE ds = ? AND t < ?"),
      pruneRollups: db.prepare("DELETE FROM rollups WHERE metric = ? AND district = ? AND t < ?"),
      deleteOffGrid: db.prepare("DELETE FROM observations WHERE ds = ? AND t >= ? AND t < ? AND t % ? != 0"),
      deleteRollupsOffGrid: db.prepare(
        "DELETE FROM rollups WHERE metric = ? AND district = ? AND t >= ? AND t < ? AND t % ? != 0",
      ),
      kpiDefs: db.prepare<[], { json: string }>("SELECT json FROM kpi_definitions ORDER BY rowid"),
    };
    this.ensureGeneration();
    // A private in-memory operations store (tests, scripts) never takes a real file's accounts.
    this.legacyImported = opsFile === ":memory:" ? {} : importLegacyOperations(this.db, "main", "ops", this.generation());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    return this.s.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string | number): void {
    this.s.setMeta.run(key, String(value));
  }

  /**
   * True when the database holds this city, seed, inventory scale and imported inventory (its
   * content hash; "" for a generated one) at the current schema (a store written before the scale
   * or the hash existed holds scale 1 and a generated inventory).
   */
  matches(city: string, seed: number, scale = 1, inventoryHash = ""): boolean {
    return (
      this.getMeta("schemaVersion") === String(SCHEMA_VERSION) &&
      this.getMeta("city") === city &&
      this.getMeta("seed") === String(seed) &&
      (this.getMeta("inventoryScale") ?? "1") === String(scale) &&
      (this.getMeta("inventoryHash") ?? "") === inventoryHash
    );
  }

  /** Drops everything: used when the database belongs to another city, seed or schema. */
  reset(): void {
    this.db.exec(DROP_SQL);
    // A new twin is built by the same steps as any other, so no later step is ever skipped.
    this.db.exec("DELETE FROM main.schema_migrations");
    migrate(this.db, "twin", TWIN_MIGRATIONS);
    this.ensureGeneration();
  }

  /**
   * This twin's generation: a random id made when its data is first written. Operators' work is
   * kept per generation, so a rebuilt twin (whose alerts may reuse ids) starts with none of the
   * old twin's acknowledgements, while the audit trail keeps them all.
   */
  generation(): string {
    return this.getMeta("generation") ?? this.ensureGeneration();
  }

  private ensureGeneration(): string {
    const g = this.getMeta("generation") ?? randomUUID();
    this.setMeta("generation", g);
    return g;
  }

  /** Writes districts, assets, datastreams and KPI definitions of a fresh database. */
  seed(pack: CityPack, inventory: Inventory, seed: number, scale = 1, inventoryHash = ""): void {
    const db = this.db;
    const insD = db.prepare("INSERT INTO districts (idx, id, name_en, name_zh, area_km2, population) VALUES (?, ?, ?, ?, ?, ?)");
    const insA = db.prepare(
      "INSERT INTO assets (idx, id, type, domain, district, status, name_en, name_zh, geometry, properties, minx, miny, maxx, maxy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insS = db.prepare(
      "INSERT INTO datastreams (idx, id, asset_idx, property, name_en, name_zh, unit_symbol, unit_code, cadence, stale_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insK = db.prepare("INSERT INTO kpi_definitions (id, domain, json) VALUES (?, ?, ?)");
    this.transaction(() => {
      pack.districts.forEach((d, i) => insD.run(i + 1, d.id, d.name.en, d.name.zh, d.areaKm2, d.population));
      const assetIdx = new Map<string, number>();
      inventory.assets.forEach((a, i) => {
        const b = geometryBBox(a.geometry);
        assetIdx.set(a.id, i + 1);
        insA.run(i + 1, a.id, a.type, a.domain, a.district, a.status, a.name.en, a.name.zh, JSON.stringify(a.geometry), JSON.stringify(a.properties), ...b);
      });
      inventory.datastreams.forEach((d, i) =>
        insS.run(i + 1, d.id, assetIdx.get(d.assetId) ?? 0, d.property, d.name.en, d.name.zh, d.unit.symbol, d.unit.code, d.cadenceSeconds, d.staleAfterSeconds),
      );
      for (const k of pack.kpis) insK.run(k.id, k.domain, JSON.stringify(k));
      this.setMeta("schemaVersion", SCHEMA_VERSION);
      this.setMeta("city", pack.id);
      this.setMeta("seed", seed);
      this.setMeta("inventoryScale", scale);
      this.setMeta("inventoryHash", inventoryHash);
    });
  }

  /**
   * Replaces the stored KPI definitions with the pack's: names, thresholds and owners change
   * between releases without changing what stored rows mean, so they are refreshed on every start
   * instead of rebuilding the twin (or keeping an old copy).
   */
  refreshKpiDefinitions(kpis: readonly KpiDefinition[]): void {
    const ins = this.db.prepare("INSERT INTO kpi_definitions (id, domain, json) VALUES (?, ?, ?)");
    this.transaction(() => {
      this.db.exec("DELETE FROM kpi_definitions");
      for (const k of kpis) ins.run(k.id, k.domain, JSON.stringify(k));
    });
  }

  kpiDefinitions(): KpiDefinition[] {
    return this.s.kpiDefs.all().map((r) => JSON.parse(r.json) as KpiDefinition);
  }

  /** True when the row was new (false for a duplicate (ds, t)). */
  /** The newest other observation of `ds` in [from, to), for a late row landing in a filled slot. */
  newestInSlot(ds: number, from: number, to: number, except: number): { t: number; v: number } | null {
    this.newestInSlotStmt ??= this.db.prepare<[number, number, number, number], { t: number; v: number }>(
      "SELECT t, v FROM observations WHERE ds = ? AND t >= ? AND t < ? AND t != ? ORDER BY t DESC LIMIT 1",
    );
    return this.newestInSlotStmt.get(ds, from, to, except) ?? null;
  }

  private newestInSlotStmt: Database.Statement<[number, number, number, number], { t: number; v: number }> | undefined;

  /** The newest observation time of any stream (seconds), null when none is stored. */
  newestObservationTime(): number | null {
    return this.db.prepare<[], { t: number | null }>("SELECT max(t) AS t FROM observations").get()?.t ?? null;
  }

  /** The stored value of (ds, t), if any. */
  observationAt(ds: number, t: number): number | undefined {
    return this.db.prepare<[number, number], { v: number }>("SELECT v FROM observations WHERE ds = ? AND t = ?").get(ds, t)?.v;
  }

  /** Replaces the value of a stored row (a correction), or removes the row when `v` is null. */
  correctObservation(ds: number, t: number, v: number | null): void {
    if (v === null) this.db.prepare("DELETE FROM observations WHERE ds = ? AND t = ?").run(ds, t);
    else this.db.prepare("UPDATE observations SET v = ? WHERE ds = ? AND t = ?").run(v, ds, t);
  }

  insertObservation(ds: number, t: number, v: number): boolean {
    return this.s.insertObs.run(ds, t, v).changes > 0;
  }

  /** Rows of one datastream known to be newer than any stored: 64 rows per statement. */
  appendObservations(ds: number, ts: readonly number[], vs: readonly number[]): void {
    const args = new Array<number>(192);
    let k = 0;
    for (; k + 64 <= ts.length; k += 64) {
      for (let j = 0; j < 64; j++) {
        args[j * 3] = ds;
        args[j * 3 + 1] = ts[k + j]!;
        args[j * 3 + 2] = vs[k + j]!;
      }
      this.s.insertObs64.run(args);
    }
    for (; k < ts.length; k++) this.s.insertObs.run(ds, ts[k]!, vs[k]!);
  }

  addRollup(metric: number, district: number, t: number, sum: number, n: number): void {
    this.s.addRollup.run(metric, district, t, sum, n);
  }

  /** Rollup rows that are set once (forecasts): an existing row wins. */
  putRollup(metric: number, district: number, t: number, sum: number, n: number): void {
    this.s.putRollup.run(metric, district, t, sum, n);
  }

  latestObservation(ds: number, at: number): { t: number; v: number } | undefined {
    return this.s.latestObs.get(ds, at);
  }

  maxObservationTime(ds: number): number | null {
    return this.s.maxObsT.get(ds)?.t ?? null;
  }

  observations(ds: number, from: number, to: number, limit: number): { t: number; v: number }[] {
    return this.s.obsRange.all(ds, from, to, limit);
  }

  /** Raw rows as columns, for bucketing without an object per row. */
  observationColumns(ds: number, from: number, to: number): { t: Float64Array; v: Float64Array } {
    return columnsOf(this.s.obsRangeRaw.all(ds, from, to) as unknown as [number, number][]);
  }

  rollups(metric: number, district: number, from: number, to: number): { t: number; sum: number; n: number }[] {
    return this.s.rollupRange.all(metric, district, from, to);
  }

  rollupAt(metric: number, district: number, at: number): { t: number; sum: number; n: number } | undefined {
    return this.s.rollupAt.get(metric, district, at);
  }

  /** Sum of rollup sums over [from, to] and the newest slot in it. */
  rollupTotal(metric: number, district: number, from: number, to: number): { total: number | null; newest: number | null } {
    return this.s.rollupSum.get(metric, district, from, to) ?? { total: null, newest: null };
  }

  /**
   * Deletes observations older than `before`, and rollups and ended alerts older than
   * `rollupsBefore` (by default the same instant; earlier when metric history outlives the raw
   * rows): the history views reach back that far and no further. Operations data (the alert
   * workflow, the audit trail) lives in the operations store and is never pruned here.
   */
  pruneBefore(dsCount: number, metricCount: number, districtCount: number, before: number, rollupsBefore = before): void {
    this.transaction(() => {
      for (let ds = 1; ds <= dsCount; ds++) this.s.prune.run(ds, before);
      for (let m = 0; m < metricCount; m++)
        for (let d = 0; d <= districtCount; d++) this.s.pruneRollups.run(m, d, rollupsBefore);
      this.db.prepare("DELETE FROM alerts WHERE end IS NOT NULL AND end < ?").run(rollupsBefore);
    });
  }

  /** Deletes a datastream's rows in [from, to) that are off the `grid` (seconds); a PK range scan. */
  deleteOffGrid(ds: number, from: number, to: number, grid: number): number {
    return this.s.deleteOffGrid.run(ds, from, to, grid).changes;
  }

  deleteRollupsOffGrid(metric: number, district: number, from: number, to: number, grid: number): number {
    return this.s.deleteRollupsOffGrid.run(metric, district, from, to, grid).changes;
  }

  insertAlert(row: AlertRow): void {
    this.s.insertAlert.run(row);
  }

  escalateAlert(id: string, severity: AlertSeverity, value: number, threshold: number, desc: { en: string; zh: string }): void {
    this.s.escalateAlert.run(severity, value, threshold, desc.en, desc.zh, id);
  }

  resolveAlert(id: string, end: number): void {
    this.s.resolveAlert.run(end, id);
  }

  openAlerts(): AlertRow[] {
    return this.s.openAlerts.all();
  }

  getAlert(id: string): AlertRow | undefined {
    return this.s.getAlert.get(id);
  }

  setAssetStatus(id: string, status: AssetStatus): void {
    this.s.setStatus.run(status, id);
  }

  queryAlerts(q: AlertQuery): AlertRow[] {
    const { sql, args } = alertQuery(q, ALERT_SELECT, SQLITE);
    return this.db.prepare<(string | number)[], AlertRow>(sql).all(...args);
  }

  /**
   * Applies an operator's change to an alert and records it in the audit trail, in one
   * transaction: once this returns, both are in the WAL and survive the process being killed.
   */
  changeAlert(id: string, change: (row: AlertRow) => { row: AlertRow; audit: AuditEntry } | null): AlertRow | null {
    return this.db.transaction(() => {
      const row = this.s.getAlert.get(id);
      if (!row) return null;
      const out = change(row);
      if (!out) return row;
      const r = out.row;
      this.s.setAlertState.run(r.state, r.state_by, r.state_at, r.end, id);
      this.s.putWorkflow.run(id, r.ack_by ?? null, r.ack_at ?? null, r.assignee ?? null, r.escalation ?? 0, r.comment ?? null, r.thread ?? null, r.state_at ?? 0);
      this.insertAudit(out.audit);
      return this.s.getAlert.get(id) ?? null;
    })();
  }

  insertAudit(e: AuditEntry): number {
    return Number(
      this.s.insertAudit.run(auditParams(e)).lastInsertRowid,
    );
  }

  /** Audit records, newest first; `target` narrows to one object, `before` pages by sequence. */
  queryAudit(q: { target?: string | undefined; before?: number | undefined; limit: number }): AuditRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.target) {
      where.push("target = ?");
      args.push(q.target);
    }
    if (q.before !== undefined) {
      where.push("seq < ?");
      args.push(q.before);
    }
    return this.db
      .prepare<(string | number)[], AuditRow>(`SELECT * FROM ops.audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ?`)
      .all(...args, q.limit)
      .map(auditRecordFromRow);
  }

  queryAssets(f: AssetFilter): { rows: AssetRow[]; total: number } {
    const { count, page } = assetQueries(f, ASSET_COLUMNS, SQLITE);
    const total = this.db.prepare<(string | number)[], { n: number }>(count.sql).get(...count.args)?.n ?? 0;
    const rows = this.db.prepare<(string | number)[], AssetRow>(page.sql).all(...page.args);
    return { rows, total };
  }

  /**
   * Oldest rollup slot of any metric but `except` (the forecast, which runs ahead of the data),
   * read from the city rows (district 0); null when there are none. One index seek per metric.
   */
  oldestRollup(metricCount: number, except: number): number | null {
    this.oldestRollupStmt ??= this.db.prepare<[number], { t: number | null }>(
      "SELECT min(t) AS t FROM rollups WHERE metric = ? AND district = 0",
    );
    let oldest: number | null = null;
    for (let m = 0; m < metricCount; m++) {
      if (m === except) continue;
      const t = this.oldestRollupStmt.get(m)?.t ?? null;
      if (t !== null && (oldest === null || t < oldest)) oldest = t;
    }
    return oldest;
  }

  private oldestRollupStmt: Database.Statement<[number], { t: number | null }> | undefined;
}

export type { Datastream };
