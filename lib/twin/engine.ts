import "server-only";
import type { Point } from "geojson";
import type { CityPack, Inventory } from "@/lib/city/types";
import { ALERT_RULES, stepRule, type AlertRule, type RuleState } from "./alerts/rules";
import { METRICS, METRIC_INDEX } from "./metrics";
import { timeContext, type TimeContext } from "./simulator/local-time";
import { createSimulator, type Simulator } from "./simulator/simulator";
import { alertFromRow, geometryBBox, type AlertRow, type TwinStore } from "./store/store";
import type { Alert, Asset, AssetStatus, Datastream } from "./types";

interface Contribution {
  metric: number;
  cadence: number;
  /** Added to n: the asset's capacity for ratios, else 1 (streams reporting). */
  n: number;
  /** For `countAbove`: contributes 1 when the value is above this. */
  above: number | null;
}

const SLOT = 300;
const SLOT_BITS = 2 ** 26;
const FORECAST = METRIC_INDEX.get("energy.forecast") ?? 1;

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
  rows: number;
  seconds: number;
}

/**
 * The write side of the embedded twin: stores observations, keeps rollups, latest values and
 * alert state in step. Both the simulator and `ingest()` end up in `writeRows`.
 */
export class TwinEngine {
  readonly datastreams: Datastream[];
  readonly dsIndex: Map<string, number>;
  readonly assets: Map<string, Asset>;
  readonly districtIndex: Map<string, number>;
  /** Latest stored observation per datastream (index = store idx - 1); NaN when none. */
  readonly latestT: Float64Array;
  readonly latestV: Float64Array;
  readonly sim: Simulator;
  private readonly dsAsset: Asset[];
  private readonly dsDistrict: Int32Array;
  private readonly contributions: Contribution[][];
  private readonly rules: (AlertRule | null)[];
  private readonly ruleState = new Map<number, RuleState>();
  private readonly openAlertIds = new Map<number, string>();
  private rollupAcc = new Map<number, [number, number]>();
  /** During a fill: dense (sum, n) per metric x district x 5-min slot, far cheaper than a Map. */
  private dense: { first: number; slots: number; acc: Float64Array } | null = null;
  private readonly districtCount: number;
  forecastThrough = 0;
  onAlert: ((a: Alert) => void) | null = null;

  constructor(
    readonly store: TwinStore,
    readonly pack: CityPack,
    readonly inventory: Inventory,
    readonly seed: number,
  ) {
    this.datastreams = inventory.datastreams;
    this.dsIndex = new Map(this.datastreams.map((d, i) => [d.id, i]));
    this.assets = new Map(inventory.assets.map((a) => [a.id, a]));
    this.districtIndex = new Map(pack.districts.map((d, i) => [d.id, i + 1]));
    this.districtCount = pack.districts.length;
    const n = this.datastreams.length;
    this.latestT = new Float64Array(n).fill(NaN);
    this.latestV = new Float64Array(n).fill(NaN);
    this.dsAsset = this.datastreams.map((d) => {
      const a = this.assets.get(d.assetId);
      if (!a) throw new Error(`datastream ${d.id} has no asset ${d.assetId}`);
      return a;
    });
    this.dsDistrict = Int32Array.from(this.dsAsset, (a) => this.districtIndex.get(a.district) ?? 0);
    this.contributions = this.datastreams.map((d, i) => {
      const a = this.dsAsset[i]!;
      return METRICS.flatMap((m, mi): Contribution[] => {
        if (m.assetType !== a.type || m.property !== d.property) return [];
        // n counts reporting streams (so an all-zero slot still has a row), or capacity for ratios.
        let nAdd = 1;
        if (m.kind === "ratio") {
          const cap = a.properties[m.denominator ?? ""];
          nAdd = typeof cap === "number" ? cap : 0;
        }
        return [{ metric: mi, cadence: m.cadenceSeconds, n: nAdd, above: m.kind === "countAbove" ? (m.above ?? 0) : null }];
      });
    });
    this.rules = this.datastreams.map((d, i) => {
      const a = this.dsAsset[i]!;
      if (a.type === "Building" && a.properties.category !== "hospital") return null;
      return ALERT_RULES.find((r) => r.assetType === a.type && r.property === d.property) ?? null;
    });
    this.sim = createSimulator(pack, inventory, seed);
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
    for (const row of this.store.openAlerts()) {
      this.openAlertIds.set(row.ds - 1, row.id);
      this.ruleState.set(row.ds - 1, {
        runStart: row.start,
        open: { id: row.id, severity: row.severity as Alert["severity"], start: row.start },
      });
      const a = this.dsAsset[row.ds - 1];
      if (a) a.status = row.severity === "critical" ? "critical" : "warning";
    }
    this.forecastThrough = Number(this.store.getMeta("forecastThrough") ?? 0);
  }

  /** Writes one observation; returns false for a duplicate (datastream, t). Call inside a transaction. */
  writeRow(i: number, t: number, v: number, live: boolean): boolean {
    if (!this.store.insertObservation(i + 1, t, v)) return false;
    this.afterInsert(i, t, v, live);
    return true;
  }

  /** Rollups, latest value and alert rules for a row just stored. */
  private afterInsert(i: number, t: number, v: number, live: boolean): void {
    const lt = this.latestT[i]!;
    const newest = !(lt >= t);
    if (newest) {
      this.latestT[i] = t;
      this.latestV[i] = v;
    }
    const cs = this.contributions[i]!;
    for (let c = 0; c < cs.length; c++) {
      const con = cs[c]!;
      const slot = Math.floor(t / con.cadence) * con.cadence;
      const add = con.above === null ? v : v > con.above ? 1 : 0;
      this.accumulate(con.metric, this.dsDistrict[i]!, slot, add, con.n);
    }
    // Alert rules follow a stream forward in time; late rows are stored but do not rewrite history.
    const rule = this.rules[i];
    if (rule && newest) this.evaluate(rule, i, t, v, live);
  }

  private accumulate(metric: number, district: number, t: number, sum: number, n: number): void {
    const dn = this.dense;
    if (dn) {
      const slot = t / SLOT - dn.first;
      if (slot >= 0 && slot < dn.slots) {
        const stride = dn.slots * 2;
        const a = ((metric * (this.districtCount + 1) + district) * dn.slots + slot) * 2;
        const c = a - district * stride;
        dn.acc[a]! += sum;
        dn.acc[a + 1]! += n;
        dn.acc[c]! += sum;
        dn.acc[c + 1]! += n;
        return;
      }
    }
    const base = metric * 128 * SLOT_BITS + t / SLOT;
    for (const key of [base + district * SLOT_BITS, base]) {
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
      const slot = key % SLOT_BITS;
      const md = Math.floor(key / SLOT_BITS);
      this.store.addRollup(Math.floor(md / 128), md % 128, slot * SLOT, sum, n);
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
      this.setStatus(asset, action.severity === "critical" ? "critical" : "warning");
      if (live) this.onAlert?.(alertFromRow(row));
      return;
    }
    const id = this.openAlertIds.get(i);
    if (!id) return;
    if (action.kind === "escalate") {
      this.store.escalateAlert(id, action.severity, Math.round(value * 100) / 100, action.threshold, rule.describe(asset, value, action.threshold));
      if (action.severity === "critical") this.setStatus(asset, "critical");
    } else {
      this.store.resolveAlert(id, action.end);
      this.openAlertIds.delete(i);
      this.setStatus(asset, "normal");
    }
    if (live) {
      const row = this.store.getAlert(id);
      if (row) this.onAlert?.(alertFromRow(row));
    }
  }

  private setStatus(asset: Asset, status: AssetStatus): void {
    if (asset.status === status) return;
    asset.status = status;
    this.store.setAssetStatus(asset.id, status);
  }

  /** Forecast rollups up to `until` (the day ahead of the newest data). */
  writeForecast(from: number, until: number): void {
    let t = Math.max(Math.floor(from / SLOT) * SLOT, this.forecastThrough + SLOT);
    if (t > until) return;
    for (; t <= until; t += SLOT) {
      const c = timeContext(this.pack.timezone, t);
      let city = 0;
      this.pack.districts.forEach((d, di) => {
        const v = this.sim.forecast(d.id, c);
        city += v;
        this.store.putRollup(FORECAST, di + 1, t, v, 1);
      });
      this.store.putRollup(FORECAST, 0, t, Math.round(city * 100) / 100, 1);
      this.forecastThrough = t;
    }
    this.store.setMeta("forecastThrough", this.forecastThrough);
  }

  /**
   * Generates and writes every stream slot in (from, to], one datastream at a time in time order
   * (sequential B-tree appends, one transaction per block of streams). Used for the backfill,
   * for the gap after a restart and, with `live`, for each tick.
   */
  fill(from: number, to: number, opts: { live: boolean; log?: (line: string) => void; label?: string }): FillStats {
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
            const cad = this.datastreams[i]!.cadenceSeconds;
            const gen = this.sim.generators[i]!;
            ts.length = 0;
            vs.length = 0;
            for (let t = Math.floor(from / cad) * cad + cad; t <= to; t += cad) {
              ts.push(t);
              vs.push(gen(ctxAt(t)));
            }
            if (ts.length === 0) continue;
            if (!(this.latestT[i]! >= ts[0]!)) {
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
    this.store.transaction(() => this.writeForecast(from, to + 86400));
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

  /** Value the simulator gives datastream `i` at `t` (no write). */
  simulate(i: number, t: number): number {
    return this.sim.generators[i]!(timeContext(this.pack.timezone, t));
  }
}
