/**
 * The inventory contract's datastream table: which properties each asset type measures, in what
 * unit and how often. The inventory generator creates datastreams from it and the simulator reads
 * the same table, so the two cannot drift apart. Pure data: client-safe.
 */
import type { AssetType, Domain, LocalizedText, Unit } from "@/lib/twin/types";

export interface DatastreamSpec {
  property: string;
  name: LocalizedText;
  unit: Unit;
  cadenceSeconds: number;
  /** A boolean asset property that must be true for the asset to have this stream (e.g. hasER). */
  onlyIf?: string;
  /**
   * The values one asset can physically report, in the stream's unit: ingest refuses a row outside
   * it (a sensor fault or a unit mix-up must not reach KPIs, alerts or public figures). Generous on
   * purpose: it stops the impossible, not the unusual.
   */
  plausible: readonly [min: number, max: number];
  /**
   * The most the value can change per hour, in the stream's unit: ingest refuses a row whose
   * change from the stream's newest stored reading is steeper (a stuck-then-jumping sensor, a
   * counter reset, a mis-scaled feed). Over a gap shorter than the cadence the cadence counts, so
   * a reading's noise between two close readings is not a "rate". Generous like `plausible`.
   */
  maxRatePerHour: number;
}

/** Staleness limit = this many cadences without a new observation. */
export const STALE_AFTER_CADENCES = 3;

const COUNT: Unit = { symbol: "", code: "C62" };
const MW: Unit = { symbol: "MW", code: "MAW" };
const UGM3: Unit = { symbol: "µg/m³", code: "GQ" };
const MINUTES: Unit = { symbol: "min", code: "MIN" };

const spec = (
  property: string,
  en: string,
  zh: string,
  unit: Unit,
  cadenceSeconds: number,
  plausible: readonly [number, number],
  maxRatePerHour: number,
): DatastreamSpec => ({
  property,
  name: { en, zh },
  unit,
  cadenceSeconds,
  plausible,
  maxRatePerHour,
});

export const DATASTREAM_SPECS: Record<AssetType, readonly DatastreamSpec[]> = {
  Substation: [spec("load", "Load", "负荷", MW, 300, [0, 5000], 60000)],
  Feeder: [
    spec("loading", "Loading", "负载率", { symbol: "%", code: "P1" }, 300, [0, 200], 2400),
    spec("current", "Current", "电流", { symbol: "A", code: "AMP" }, 300, [0, 50000], 600000),
  ],
  SolarPlant: [spec("output", "Output", "出力", MW, 300, [-10, 5000], 60000)],
  EVChargingStation: [
    spec("occupiedConnectors", "Occupied connectors", "占用充电接口", COUNT, 300, [0, 1000], 12000),
    spec("power", "Charging power", "充电功率", { symbol: "kW", code: "KWT" }, 300, [0, 100000], 1200000),
  ],
  TrafficFlowObserved: [
    spec("speed", "Speed", "车速", { symbol: "km/h", code: "KMH" }, 300, [0, 250], 3000),
    spec("intensity", "Traffic intensity", "车流量", { symbol: "veh/h", code: "C62" }, 300, [0, 30000], 360000),
    spec("congestionIndex", "Congestion index", "拥堵指数", COUNT, 300, [0.5, 20], 100),
  ],
  MetroStation: [
    spec("entries", "Entries", "进站人次", { symbol: "pax", code: "C62" }, 300, [0, 100000], 1200000),
    spec("exits", "Exits", "出站人次", { symbol: "pax", code: "C62" }, 300, [0, 100000], 1200000),
  ],
  ParkingSite: [spec("occupiedSpaces", "Occupied spaces", "已占车位", COUNT, 300, [0, 50000], 20000)],
  CityWork: [
    spec("pm25", "PM2.5", "PM2.5", UGM3, 600, [0, 2000], 24000),
    spec("pm10", "PM10", "PM10", UGM3, 600, [0, 5000], 60000),
    spec("noise", "Noise", "噪声", { symbol: "dB(A)", code: "2N" }, 600, [0, 200], 2400),
  ],
  Building: [
    spec("bedsOccupied", "Beds occupied", "已占床位", COUNT, 900, [0, 20000], 1000),
    spec("icuOccupied", "ICU beds occupied", "已占重症床位", COUNT, 900, [0, 2000], 200),
    // Only hospitals with an emergency department report ER figures.
    { ...spec("erWaiting", "Patients waiting in ER", "急诊候诊人数", COUNT, 300, [0, 5000], 1000), onlyIf: "hasER" },
    { ...spec("erWaitMinutes", "ER waiting time", "急诊候诊时间", MINUTES, 300, [0, 2880], 1000), onlyIf: "hasER" },
  ],
  AmbulanceStation: [
    spec("availableVehicles", "Available ambulances", "可用救护车", COUNT, 300, [0, 500], 500),
    spec("responseMinutes", "Response time", "响应时间", MINUTES, 900, [0, 1440], 1000),
  ],
};

/** Domain of each asset type (inverse of ASSET_TYPES). */
export const ASSET_TYPE_DOMAIN: Record<AssetType, Domain> = {
  Substation: "energy",
  Feeder: "energy",
  SolarPlant: "energy",
  EVChargingStation: "energy",
  TrafficFlowObserved: "transport",
  MetroStation: "transport",
  ParkingSite: "transport",
  CityWork: "construction",
  Building: "health",
  AmbulanceStation: "health",
};
