import "server-only";
import type { MetricInfo } from "./source";
import type { Asset, AssetType, Domain } from "./types";

/**
 * How the observations of one datastream property feed a metric rollup. Rollup rows hold
 * (sum, n): `ratio` adds the asset's `denominator` property to n so partial slots stay
 * correct; the other kinds add 1 (streams reporting); `sum` and `countAbove` report the sum alone.
 */
export type MetricKind = "sum" | "avg" | "ratio" | "countAbove" | "forecast";

export interface MetricDef extends MetricInfo {
  kind: MetricKind;
  /** Inputs: asset type + datastream property (none for `forecast`). */
  assetType?: AssetType;
  property?: string;
  /** Asset property holding the denominator of a ratio (percent). */
  denominator?: string;
  /** `countAbove` counts observations strictly above this. */
  above?: number;
  /** Rollup slot width: the input stream cadence. */
  cadenceSeconds: number;
}

const PCT = { symbol: "%", code: "P1" };
const C62 = { symbol: "", code: "C62" };
const UGM3 = { symbol: "µg/m³", code: "GQ" };
const MIN = { symbol: "min", code: "MIN" };
const MW = { symbol: "MW", code: "MAW" };

function m(
  id: string,
  domain: Domain,
  en: string,
  zh: string,
  unit: MetricInfo["unit"],
  kind: MetricKind,
  assetType: AssetType | undefined,
  property: string | undefined,
  cadenceSeconds: number,
  extra: Partial<MetricDef> = {},
): MetricDef {
  const rollup: MetricInfo["rollup"] = kind === "avg" || kind === "ratio" ? "avg" : "sum";
  return { id, domain, name: { en, zh }, unit, rollup, kind, assetType, property, cadenceSeconds, ...extra };
}

/** Order is the metric's index in the rollup table: append only. */
export const METRICS: readonly MetricDef[] = [
  m("energy.load", "energy", "Electric load", "用电负荷", MW, "sum", "Substation", "load", 300),
  m("energy.forecast", "energy", "Day-ahead load forecast", "日前负荷预测", MW, "forecast", undefined, undefined, 300),
  m("energy.solar", "energy", "Solar output", "光伏出力", MW, "sum", "SolarPlant", "output", 300),
  m("energy.evUtilisation", "energy", "EV charger utilisation", "充电桩利用率", PCT, "ratio", "EVChargingStation", "occupiedConnectors", 300, { denominator: "connectors" }),
  m("energy.feederLoading", "energy", "Feeder loading", "馈线负载率", PCT, "avg", "Feeder", "loading", 300),
  m("energy.feedersOverloaded", "energy", "Overloaded feeders", "过载馈线数", C62, "countAbove", "Feeder", "loading", 300, { above: 90 }),
  m("transport.congestion", "transport", "Congestion index", "拥堵指数", C62, "avg", "TrafficFlowObserved", "congestionIndex", 300),
  m("transport.speed", "transport", "Average speed", "平均车速", { symbol: "km/h", code: "KMH" }, "avg", "TrafficFlowObserved", "speed", 300),
  m("transport.metroEntries", "transport", "Metro entries", "地铁进站人次", { symbol: "pax", code: "C62" }, "sum", "MetroStation", "entries", 300),
  m("transport.parkingOccupancy", "transport", "Parking occupancy", "停车位占用率", PCT, "ratio", "ParkingSite", "occupiedSpaces", 300, { denominator: "capacity" }),
  m("construction.pm25", "construction", "PM2.5 near sites", "工地周边PM2.5", UGM3, "avg", "CityWork", "pm25", 600),
  m("construction.pm10", "construction", "PM10 near sites", "工地周边PM10", UGM3, "avg", "CityWork", "pm10", 600),
  m("construction.noise", "construction", "Site noise", "工地噪声", { symbol: "dB(A)", code: "2N" }, "avg", "CityWork", "noise", 600),
  m("construction.dustExceedances", "construction", "Dust exceedances", "扬尘超标工地数", C62, "countAbove", "CityWork", "pm10", 600, { above: 150 }),
  m("health.bedOccupancy", "health", "Bed occupancy", "床位占用率", PCT, "ratio", "Building", "bedsOccupied", 900, { denominator: "beds" }),
  m("health.icuOccupancy", "health", "ICU occupancy", "ICU占用率", PCT, "ratio", "Building", "icuOccupied", 900, { denominator: "icuBeds" }),
  m("health.erWaitMinutes", "health", "ER waiting time", "急诊等候时间", MIN, "avg", "Building", "erWaitMinutes", 300),
  m("health.ambulanceResponse", "health", "Ambulance response time", "救护车响应时间", MIN, "avg", "AmbulanceStation", "responseMinutes", 900),
];

export const METRIC_INDEX: ReadonlyMap<string, number> = new Map(METRICS.map((d, i) => [d.id, i]));

/** One metric rollup a datastream feeds. */
export interface MetricContribution {
  metric: number;
  /** Rollup slot width, seconds (the metric's cadence; a fast live stream uses its own). */
  cadence: number;
  /** Added to n once per slot the stream reports in: the asset's capacity for ratios, else 1. */
  n: number;
  /** For `countAbove`: a reading counts 1 when strictly above this; null: the reading is summed. */
  above: number | null;
}

/**
 * The metrics one stream (an asset's `property`) feeds, and how: the one rule the embedded engine
 * and the PostgreSQL store both keep rollups by.
 */
export function metricContributions(asset: Pick<Asset, "type" | "properties">, property: string): MetricContribution[] {
  return METRICS.flatMap((m, mi): MetricContribution[] => {
    if (m.assetType !== asset.type || m.property !== property) return [];
    // n counts reporting streams (so an all-zero slot still has a row), or capacity for ratios.
    let n = 1;
    if (m.kind === "ratio") {
      const cap = asset.properties[m.denominator ?? ""];
      n = typeof cap === "number" ? cap : 0;
    }
    return [{ metric: mi, cadence: m.cadenceSeconds, n, above: m.kind === "countAbove" ? (m.above ?? 0) : null }];
  });
}

/** Public view of the metric table (no internal rollup details). */
export function metricInfos(): MetricInfo[] {
  return METRICS.map(({ id, domain, name, unit, rollup }) => ({ id, domain, name, unit, rollup }));
}

/** Value of one rollup row. */
export function rollupValue(def: MetricDef, sum: number, n: number): number | null {
  switch (def.kind) {
    case "avg":
      return n > 0 ? sum / n : null;
    case "ratio":
      return n > 0 ? (100 * sum) / n : null;
    default:
      return sum;
  }
}
