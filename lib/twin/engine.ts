import "server-only";
import type { Point } from "geojson";
import type { CityPack, Inventory } from "@/lib/city/types";
import { ALERT_RULES, stepRule, type AlertRule, type RuleState } from "./alerts/rules";
import { levelStatus, worstLevel } from "./levels";
import { buildCatalog, HISTORY_RESOLUTION, type TwinCatalog } from "./catalog";
import { METRICS, METRIC_INDEX } from "./metrics";
import { timeContext, type TimeContext } from "./simulator/local-time";
import { createSimulator, type Simulator } from "./simulator/simulator";
import { alertFromRow, geometryBBox, type AlertRow } from "./store/rows";
import type { TwinStore } from "./store/store";
import type { Alert, Asset, AssetStatus } from "./types";

/**
 * What the engine asks of a store: TwinStore (SQLite) answers all of it in-process; the
 * PostgreSQL writer (sources/pg-writer.ts) answers the reads from state loaded ahead and collects
 * the alert, status and forecast writes to commit them itself.
 */
export type EngineStore = Pick<
  TwinStore,
  | "latestObservation"
  | "openAlerts"
  | "getMeta"
  | "setMeta"
  | "insertObservation"
  | "appendObservations"
  | "newestInSlot"
  | "addRollup"
  | "putRollup"
  | "insertAlert"
  | "escalateAlert"
  | "resolveAlert"
  | "getAlert"
  | "setAssetStatus"
  | "transaction"
  | "deleteOffGrid"
  | "deleteRollupsOffGrid"
>;

const SLOT = HISTORY_RESOLUTION;
/** Rollup accumulator key: (metric * 128 + district) * 2^32 + t; exact in a double. */
const KEY_T = 2 ** 32;
const FORECAST = METRIC_INDEX.get("energy.forecast") ?? 1;

/** Fast rows off the history grid are deleted once older than this. */
export const FINE_RETENTION_SECONDS = 86400;

/** Representative point of an asset: the point itself, a line's midpoint, else the bbox centre. */
export function assetPoint(a: Asset): Point {
  const g = a.geometry;
  if (g.type === "Point") return g;
  if (g.type === "LineString" && g.coordinates.length > 0) {
    const c = g.coordinates;
    if (c.length % 2 === 1) return { type: "Point", coordinates: c[(c.length - 1) / 2]!.slice(0, 2) };
    const p = c[c.length / 2 - 1]!;
    const q = c[c.length / 2]!;
    return { type: "Point", coordinates: [(p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2] };
  }
  const b = geometryBBox(g);
  return { type: "Point", coordinates: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] };
}

export interface FillStats {
  /** Observations generated: rows written, or for `rollupsOnly` values folded into rollups. */
  rows: number;
  seconds: number;
}

export interface FillOptions {
  live: boolean;
  log?: (line: string) => void;
  label?: string;
  /**
   * Fold the generated values into the metric rollups only: no observation rows, latest values
   * or alert state. For history older than the raw window, where only rollups are kept.
   */
  rollupsOnly?: boolean;
}

/**
 * The write side of the embedded twin: stores observations, keeps rollups, latest values and
 * alert state in step. Both the simulator and `ingest()` end up in `writeRows`.
 */
export class TwinEngine<S extends EngineStore = TwinStore> {
  /** The static metadata (shared with every other reader of this pack and inventory). */
  readonly catalog: TwinCatalog;
  // Shortcuts into `catalog`, which says what each holds.
  readonly datastreams: TwinCatalog["datastreams"];
  readonly dsIndex: TwinCatalog["dsIndex"];
  readonly assets: TwinCatalog["assets"];
  readonly districtIndex: TwinCatalog["districtIndex"];
  readonly historyCadence: TwinCatalog["historyCadence"];
  readonly fastStreams: TwinCatalog["fastStreams"];
  readonly fastMetrics: TwinCatalog["fastMetrics"];
  private readonly dsAsset: TwinCatalog["dsAsset"];
  /** The datastreams of each asset that an alert rule watches (a hospital: beds and ICU beds). */
  private readonly ruledStreams = new Map<Asset, number[]>();
  private readonly contributions: TwinCatalog["contributions"];
  /** Latest stored observation per datastream (index = store idx - 1); NaN when none. */
  readonly latestT: Float64Array;
  readonly latestV: Float64Array;
  readonly sim: Simulator;
  private readonly dsDistrict: Int32Array;
  private readonly rules: (AlertRule | null)[];
  private readonly ruleState = new Map<number, RuleState>();
  private readonly openAlertIds = new Map<number, string>();
  private rollupAcc = new Map<number, [number, number]>();
  /** During a fill: dense (sum, n) per metric x district x 5-min slot, far cheaper than a Map. */
  private dense: { first: number; slots: number; acc: Float64Array } | null = null;
  private readonly districtCount: number;
  forecastThrough = 0;
  onAlert: ((a: Alert) => void) | null = null;
  /** 1 for streams a real source feeds (TWINOPS_SOURCE): the simulator writes none of their rows. */
  readonly external: Uint8Array;

  constructor(
    readonly store: S,
    readonly pack: CityPack,
    readonly inventory: Inventory,
    readonly seed: number,
    /** Live cadence of fast streams, seconds; 0 (or not finer than their history) keeps them slow. */
    fastCadence = 0,
  ) {
    const c = buildCatalog(pack, inventory, fastCadence);
    this.catalog = c;
    this.historyCadence = c.historyCadence;
    this.fastStreams = c.fastStreams;
    this.datastreams = c.datastreams;
    this.dsIndex = c.dsIndex;
    this.assets = c.assets;
    this.districtIndex = c.districtIndex;
    this.districtCount = pack.districts.length;
    const n = this.datastreams.length;
    this.latestT = new Float64Array(n).fill(NaN);
    this.latestV = new Float64Array(n).fill(NaN);
    this.external = new Uint8Array(n);
    this.dsAsset = c.dsAsset;
    this.dsDistrict = Int32Array.from(this.dsAsset, (a) => this.districtIndex.get(a.district) ?? 0);
    this.contributions = c.contributions;
    this.fastMetrics = c.fastMetrics;
    this.rules = this.datastreams.map((d, i) => {
      const a = this.dsAsset[i]!;
      if (a.type === "Building" && a.properties.category !== "hospital") return null;
      return ALERT_RULES.find((r) => r.assetType === a.type && r.property === d.property) ?? null;
    });
    this.rules.forEach((r, i) => {
      const a = this.dsAsset[i]!;
      if (r) this.ruledStreams.set(a, [...(this.ruledStreams.get(a) ?? []), i]);
    });
    this.sim = createSimulator(pack, inventory, seed);
  }

  /** Leaves the streams of these `<asset type>:<property>` keys to real feeds (see `external`). */
  leaveToFeeds(keys: ReadonlySet<string>): void {
    this.datastreams.forEach((d, i) => {
      this.external[i] = keys.has(`${this.dsAsset[i]!.type}:${d.property}`) ? 1 : 0;
    });
  }

  /** Loads latest values and open alerts of an existing database. */
  loadState(now: number): void {
    for (let i = 0; i < this.datastreams.length; i++) {
      const r = this.store.latestObservation(i + 1, now + 86400);
      if (r) {
        this.latestT[i] = r.t;
        this.latestV[i] = r.v;
      }
    }
    const open = this.store.openAlerts();
    for (const row of open) {
      this.openAlertIds.set(row.ds - 1, row.id);
      this.ruleState.set(row.ds - 1, {
        runStart: row.start,
        open: { id: row.id, severity: row.severity as Alert["severity"], start: row.start },
      });
    }
    // Once every open alert is known: an asset's status is the worst of them.
    for (const row of open) {
      const a = this.dsAsset[row.ds - 1];
      if (a) a.status = this.alertStatus(a);
    }
    this.forecastThrough = Number(this.store.getMeta("forecastThrough") ?? 0);
  }

  /** Writes one observation; returns false for a duplicate (datastream, t). Call inside a transaction. */
  writeRow(i: number, t: number, v: number, live: boolean): boolean {
    if (!this.store.insertObservation(i + 1, t, v)) return false;
    this.afterInsert(i, t, v, live);
    return true;
  }

  /**
   * Latest value and alert rules for a row stored elsewhere, whose rollups the store keeps itself
   * (PostgreSQL keeps them inside its ingest transaction).
   */
  observe(i: number, t: number, v: number, live: boolean): void {
    const newest = !(this.latestT[i]! >= t);
    if (!newest) return;
    this.latestT[i] = t;
    this.latestV[i] = v;
    const rule = this.rules[i];
    if (rule) this.evaluate(rule, i, t, v, live);
  }

  /**
   * A stored row (datastream `i`, `t`) was corrected from `old` to `next` (null: withdrawn), in
   * the transaction that changed it: the rollup slots it feeds are recomputed (a slot holds its
   * newest reading: its previous one takes over when the newest is withdrawn), and when it was
   * the stream's latest reading, the latest value and the stream's alert rule follow.
   */
  corrected(i: number, t: number, old: number, next: number | null): void {
    const cs = this.contributions[i]!;
    for (const con of cs) {
      const slot = Math.floor(t / con.cadence) * con.cadence;
      // A newer reading in the slot is the slot's value: this row did not count.
      if (this.store.newestInSlot(i + 1, t + 1, slot + con.cadence, -1)) continue;
      const value = (x: number) => (con.above === null ? x : x > con.above ? 1 : 0);
      const district = this.dsDistrict[i]!;
      if (next !== null) this.accumulate(con.metric, district, slot, value(next) - value(old), 0);
      else {
        const prev = this.store.newestInSlot(i + 1, slot, t, t);
        if (prev) this.accumulate(con.metric, district, slot, value(prev.v) - value(old), 0);
        else this.accumulate(con.metric, district, slot, -value(old), -con.n);
      }
    }
    this.flushRollups();
    if (this.latestT[i] !== t) return;
    this.correctedLatest(i, t, next !== null ? { t, v: next } : this.store.latestObservation(i + 1, t - 1));
  }

  /**
   * Latest value and alert rule after the row of stream `i` at `t` was corrected elsewhere (the
   * PostgreSQL store keeps rollups itself): `now` is the stream's newest reading after the
   * correction (none: nothing left). Only a correction of the newest reading changes anything.
   */
  correctedLatest(i: number, t: number, now: { t: number; v: number } | undefined): void {
    if (this.latestT[i] !== t) return;
    this.latestT[i] = now?.t ?? Number.NaN;
    this.latestV[i] = now?.v ?? Number.NaN;
    const rule = this.rules[i];
    // The rule runs again at the corrected instant on what the stream now reads there.
    if (rule && now) this.evaluate(rule, i, t, now.v, true);
  }

  /** Rollups, latest value and alert rules for a row just stored. */
  private afterInsert(i: number, t: number, v: number, live: boolean): void {
    const lt = this.latestT[i]!;
    const lv = this.latestV[i]!;
    const newest = !(lt >= t);
    if (newest) {
      this.latestT[i] = t;
      this.latestV[i] = v;
    }
    this.contribute(i, t, v, newest ? lt : null, lv);
    // Alert rules follow a stream forward in time; late rows are stored but do not rewrite history.
    const rule = this.rules[i];
    if (rule && newest) this.evaluate(rule, i, t, v, live);
  }

  /**
   * Adds one observation of datastream `i` to the rollups of every metric it feeds. A stream has
   * one value per rollup slot, its newest reading there: a second reading in the same slot (a
   * real feed off the simulator's grid, or a correction) replaces the first instead of adding to
   * it, so sums such as the city load never count a substation twice. `prevT`/`prevV`: the
   * stream's newest reading before this one, when this one is newer (null for a late row).
   */
  private contribute(i: number, t: number, v: number, prevT: number | null, prevV: number): void {
    const cs = this.contributions[i]!;
    for (let c = 0; c < cs.length; c++) {
      const con = cs[c]!;
      const slot = Math.floor(t / con.cadence) * con.cadence;
      const value = (x: number) => (con.above === null ? x : x > con.above ? 1 : 0);
      let before: number | null = null;
      if (prevT !== null) {
        if (prevT >= slot) before = prevV;
      } else {
        // A late row: the slot's value is its newest reading, which may already be stored.
        const other = this.store.newestInSlot(i + 1, slot, slot + con.cadence, t);
        if (other && other.t > t) continue;
        if (other) before = other.v;
      }
      if (before === null) this.accumulate(con.metric, this.dsDistrict[i]!, slot, value(v), con.n);
      else this.accumulate(con.metric, this.dsDistrict[i]!, slot, value(v) - value(before), 0);
    }
  }

  private accumulate(metric: number, district: number, t: number, sum: number, n: number): void {
    const dn = this.dense;
    if (dn && t % SLOT === 0) {
      const slot = t / SLOT - dn.first;
      if (slot >= 0 && slot < dn.slots) {
        const stride = dn.slots * 2;
        const a = ((metric * (this.districtCount + 1) + district) * dn.slots + slot) * 2;
        const c = a - district * stride;
        dn.acc[a]! += sum;
        dn.acc[a + 1]! += n;
        // An asset in no known district (index 0) feeds the city row once, not twice.
        if (district !== 0) {
          dn.acc[c]! += sum;
          dn.acc[c + 1]! += n;
        }
        return;
      }
    }
    const base = metric * 128 * KEY_T + t;
    for (const key of district === 0 ? [base] : [base + district * KEY_T, base]) {
      const acc = this.rollupAcc.get(key);
      if (acc) {
        acc[0] += sum;
        acc[1] += n;
      } else this.rollupAcc.set(key, [sum, n]);
    }
  }

  /** Writes accumulated rollup deltas. Call inside the same transaction as the rows. */
  flushRollups(): void {
    const dn = this.dense;
    if (dn) {
      const cells = METRICS.length * (this.districtCount + 1);
      for (let cell = 0; cell < cells; cell++) {
        const metric = Math.floor(cell / (this.districtCount + 1));
        const district = cell % (this.districtCount + 1);
        for (let slot = 0; slot < dn.slots; slot++) {
          const a = (cell * dn.slots + slot) * 2;
          if (dn.acc[a] === 0 && dn.acc[a + 1] === 0) continue;
          this.store.addRollup(metric, district, (dn.first + slot) * SLOT, dn.acc[a]!, dn.acc[a + 1]!);
        }
      }
      dn.acc.fill(0);
    }
    for (const [key, [sum, n]] of this.rollupAcc) {
      const t = key % KEY_T;
      const md = Math.floor(key / KEY_T);
      this.store.addRollup(Math.floor(md / 128), md % 128, t, sum, n);
    }
    this.rollupAcc = new Map();
  }

  private evaluate(rule: AlertRule, i: number, t: number, v: number, live: boolean): void {
    let st = this.ruleState.get(i);
    if (!st) {
      st = { runStart: null, open: null };
      this.ruleState.set(i, st);
    }
    const asset = this.dsAsset[i]!;
    const value = rule.measure(v, asset);
    const action = stepRule(rule, st, t, value);
    if (!action) return;
    if (action.kind === "raise") {
      const id = `urn:ngsi-ld:Alert:${this.pack.id}:${rule.id}-${i + 1}-${action.start}`;
      const p = assetPoint(asset).coordinates;
      const desc = rule.describe(asset, value, action.threshold);
      const row: AlertRow = {
        id,
        rule: rule.id,
        domain: rule.domain,
        category: rule.category,
        severity: action.severity,
        asset_id: asset.id,
        ds: i + 1,
        district: asset.district,
        lon: p[0]!,
        lat: p[1]!,
        desc_en: desc.en,
        desc_zh: desc.zh,
        start: action.start,
        end: null,
        state: "open",
        state_by: null,
        state_at: null,
        value: Math.round(value * 100) / 100,
        threshold: action.threshold,
      };
      st.open = { id, severity: action.severity, start: action.start };
      this.openAlertIds.set(i, id);
      this.store.insertAlert(row);
      this.setStatus(asset, this.alertStatus(asset));
      if (live) this.onAlert?.(alertFromRow(row));
      return;
    }
    const id = this.openAlertIds.get(i);
    if (!id) return;
    if (action.kind === "escalate") {
      this.store.escalateAlert(id, action.severity, Math.round(value * 100) / 100, action.threshold, rule.describe(asset, value, action.threshold));
      this.setStatus(asset, this.alertStatus(asset));
    } else {
      this.store.resolveAlert(id, action.end);
      this.openAlertIds.delete(i);
      this.setStatus(asset, this.alertStatus(asset));
    }
    if (live) {
      const row = this.store.getAlert(id);
      if (row) this.onAlert?.(alertFromRow(row));
    }
  }

  /**
   * An operator resolved an alert: the rule forgets it, so a condition that still holds raises a
   * new alert (after the rule's hold time) instead of silently reopening the resolved one.
   */
  forgetAlert(id: string): void {
    for (const [i, openId] of this.openAlertIds) {
      if (openId !== id) continue;
      this.openAlertIds.delete(i);
      this.ruleState.set(i, { runStart: null, open: null });
      const asset = this.dsAsset[i];
      if (asset) this.setStatus(asset, this.alertStatus(asset));
      return;
    }
  }

  /**
   * An asset's status from its open alerts: the worst of their severities (lib/twin/levels.ts),
   * normal with none. A hospital whose ICU alert clears stays critical while its bed alert holds.
   */
  private alertStatus(asset: Asset): AssetStatus {
    const open = (this.ruledStreams.get(asset) ?? []).flatMap((i) => {
      const o = this.ruleState.get(i)?.open;
      return o ? [o.severity] : [];
    });
    return levelStatus(worstLevel(null, open));
  }

  private setStatus(asset: Asset, status: AssetStatus): void {
    if (asset.status === status) return;
    asset.status = status;
    this.store.setAssetStatus(asset.id, status);
  }

  /** Forecast rollups up to `until` (the day ahead of the newest data). */
  writeForecast(from: number, until: number): void {
    const t = Math.max(Math.floor(from / SLOT) * SLOT, this.forecastThrough + SLOT);
    if (t > until) return;
    this.forecastThrough = this.putForecast(t, until);
    this.store.setMeta("forecastThrough", this.forecastThrough);
  }

  /** Forecast rows of the slots in [from, until] (from on the slot grid); returns the last slot. */
  private putForecast(from: number, until: number): number {
    let last = from - SLOT;
    for (let t = from; t <= until; t += SLOT) {
      const c = timeContext(this.pack.timezone, t);
      let city = 0;
      this.pack.districts.forEach((d, di) => {
        const v = this.sim.forecast(d.id, c);
        city += v;
        this.store.putRollup(FORECAST, di + 1, t, v, 1);
      });
      this.store.putRollup(FORECAST, 0, t, Math.round(city * 100) / 100, 1);
      last = t;
    }
    return last;
  }

  /**
   * Generates and writes every history slot in (from, to], one datastream at a time in time order
   * (sequential B-tree appends, one transaction per block of streams). Used for the backfill,
   * for the gap after a restart and, with `live`, for each tick.
   *
   * With `rollupsOnly` the very same loop (same stream order, blocks and flushes, hence the same
   * floating-point sums) feeds the rollups alone: the long metric history costs no raw rows.
   */
  fill(from: number, to: number, opts: FillOptions): FillStats {
    const started = performance.now();
    const ctx = new Map<number, TimeContext>();
    const ctxAt = (t: number) => {
      let c = ctx.get(t);
      if (!c) {
        c = timeContext(this.pack.timezone, t);
        ctx.set(t, c);
      }
      return c;
    };
    let rows = 0;
    const n = this.datastreams.length;
    const block = opts.live ? n : 400;
    let lastLog = started;
    const first = Math.floor(from / SLOT) + 1;
    const slots = Math.max(0, Math.floor(to / SLOT) - first + 1);
    this.dense = slots > 0 ? { first, slots, acc: new Float64Array(METRICS.length * (this.districtCount + 1) * slots * 2) } : null;
    const ts: number[] = [];
    const vs: number[] = [];
    try {
      for (let start = 0; start < n; start += block) {
        this.store.transaction(() => {
          for (let i = start; i < Math.min(n, start + block); i++) {
            // A stream that feeds no metric adds nothing to rollups: not worth simulating.
            if (opts.rollupsOnly && this.contributions[i]!.length === 0) continue;
            if (this.external[i]) continue;
            const cad = this.historyCadence[i]!;
            const gen = this.sim.generators[i]!;
            ts.length = 0;
            vs.length = 0;
            for (let t = Math.floor(from / cad) * cad + cad; t <= to; t += cad) {
              ts.push(t);
              vs.push(gen(ctxAt(t)));
            }
            if (ts.length === 0) continue;
            if (opts.rollupsOnly) {
              for (let k = 0; k < ts.length; k++) this.contribute(i, ts[k]!, vs[k]!, Number.NaN, 0);
              rows += ts.length;
            } else if (!(this.latestT[i]! >= ts[0]!)) {
              // Every row is newer than anything stored for this stream: no duplicate is possible,
              // so rows go in through the multi-row insert and are all counted.
              this.store.appendObservations(i + 1, ts, vs);
              for (let k = 0; k < ts.length; k++) this.afterInsert(i, ts[k]!, vs[k]!, opts.live);
              rows += ts.length;
            } else {
              for (let k = 0; k < ts.length; k++) if (this.writeRow(i, ts[k]!, vs[k]!, opts.live)) rows++;
            }
          }
          this.flushRollups();
        });
        const nowMs = performance.now();
        if (opts.log && (nowMs - lastLog > 2000 || start + block >= n)) {
          lastLog = nowMs;
          const pct = Math.round((100 * Math.min(n, start + block)) / n);
          opts.log(
            `[twin] ${opts.label ?? "backfill"} ${pct}% (${(rows / 1e6).toFixed(1)} M rows, ${((nowMs - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
    } finally {
      this.dense = null;
    }
    // History forecasts cover the same slots the raw path would have (from its first slot on) and
    // leave `forecastThrough`, the day-ahead front, alone; existing forecast rows win either way.
    if (opts.rollupsOnly) this.store.transaction(() => this.putForecast(Math.floor(from / SLOT) * SLOT, to));
    else this.store.transaction(() => this.writeForecast(from, to + 86400));
    return { rows, seconds: (performance.now() - started) / 1000 };
  }

  /** Time-ordered rows from an external feed (already validated). Returns which were new. */
  writeRows(idx: ArrayLike<number>, ts: ArrayLike<number>, vs: ArrayLike<number>, live: boolean): boolean[] {
    const order = Array.from({ length: idx.length }, (_, k) => k).sort((a, b) => ts[a]! - ts[b]!);
    const inserted = new Array<boolean>(idx.length).fill(false);
    this.store.transaction(() => {
      for (const k of order) inserted[k] = this.writeRow(idx[k]!, ts[k]!, vs[k]!, live);
      this.flushRollups();
    });
    return inserted;
  }

  /**
   * Deletes fast rows (and their rollups) off the history grid in [from, to): what stays is the
   * 5-minute history a backfill would have written.
   */
  compactFine(from: number, to: number): void {
    if (to <= from || this.fastStreams.length === 0) return;
    this.store.transaction(() => {
      for (const i of this.fastStreams) this.store.deleteOffGrid(i + 1, from, to, HISTORY_RESOLUTION);
      for (const m of this.fastMetrics)
        for (let d = 0; d <= this.districtCount; d++) this.store.deleteRollupsOffGrid(m, d, from, to, HISTORY_RESOLUTION);
    });
  }

  /** Value the simulator gives datastream `i` at `t` (no write). */
  simulate(i: number, t: number): number {
    return this.sim.generators[i]!(timeContext(this.pack.timezone, t));
  }
}
