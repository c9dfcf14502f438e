/**
 * A small in-memory TwinSource for API tests: deterministic, a handful of assets in every domain,
 * and a listener count so tests can prove the event stream cleans up after itself.
 */
import type { AlertQuery, AssetQuery, SeriesQuery, TwinSource } from "@/lib/twin/source";
import { UnknownIdError } from "@/lib/twin/source";
import type {
  Alert,
  Asset,
  Datastream,
  KpiDefinition,
  KpiValue,
  LatestValue,
  Series,
  TwinEvent,
} from "@/lib/twin/types";

export const FAKE_NOW = new Date("2026-07-15T04:00:00Z");

class BadCursorError extends Error {
  override name = "BadCursorError";
}

function asset(type: Asset["type"], domain: Asset["domain"], local: string, district: string, lon: number, lat: number): Asset {
  return {
    id: `urn:ngsi-ld:${type}:shenzhen:${local}`,
    type,
    domain,
    name: { en: `${type} ${local}`, zh: `${type}${local}` },
    geometry: { type: "Point", coordinates: [lon, lat] },
    district,
    status: "normal",
    properties: { capacity: 100 },
  };
}

const ASSETS: Asset[] = [
  asset("Substation", "energy", "s1", "futian", 114.05, 22.54),
  asset("Substation", "energy", "s2", "nanshan", 113.93, 22.53),
  asset("TrafficFlowObserved", "transport", "t1", "futian", 114.06, 22.55),
  asset("CityWork", "construction", "c1", "luohu", 114.12, 22.56),
  asset("Building", "health", "h1", "nanshan", 113.94, 22.52),
];

const UNIT = { symbol: "MW", code: "MAW" };

const DATASTREAMS: Datastream[] = ASSETS.map((a) => ({
  id: `${a.id}:load`,
  assetId: a.id,
  property: "load",
  name: { en: "load", zh: "负荷" },
  unit: UNIT,
  cadenceSeconds: 60,
  staleAfterSeconds: 300,
}));

const KPI_DEF: KpiDefinition = {
  id: "energy.peakLoad",
  domain: "energy",
  name: { en: "Load", zh: "负荷" },
  definition: { en: "City load", zh: "全市负荷" },
  formula: "sum(load)",
  unit: UNIT,
  cadenceSeconds: 60,
  better: "lower",
  target: null,
  thresholds: { warning: 20000, critical: 23000 },
  owner: { en: "Grid", zh: "电网" },
  source: { en: "Simulator", zh: "模拟器" },
  public: true,
};

const ALERTS: Alert[] = [
  {
    id: "alert-1",
    domain: "energy",
    category: "energy",
    subCategory: "feederOverload",
    severity: "major",
    assetId: ASSETS[0]!.id,
    district: "futian",
    geometry: { type: "Point", coordinates: [114.05, 22.54] },
    description: { en: "Overload", zh: "过载" },
    start: "2026-07-15T03:00:00.000Z",
    end: null,
    state: "open",
    stateBy: null,
    stateAt: null,
    value: 110,
    threshold: 100,
  },
  {
    id: "alert-2",
    domain: "transport",
    category: "traffic",
    subCategory: "congestion",
    severity: "minor",
    assetId: ASSETS[2]!.id,
    district: "futian",
    geometry: { type: "Point", coordinates: [114.06, 22.55] },
    description: { en: "Congestion", zh: "拥堵" },
    start: "2026-07-15T02:00:00.000Z",
    end: null,
    state: "acknowledged",
    stateBy: "op1",
    stateAt: "2026-07-15T02:10:00.000Z",
    value: 4.2,
    threshold: 4,
  },
];

export interface FakeTwin extends TwinSource {
  listenerCount(): number;
  emit(event: Omit<TwinEvent, "id">): TwinEvent;
}

export function createFakeTwin(): FakeTwin {
  const listeners = new Set<(e: TwinEvent) => void>();
  const history: TwinEvent[] = [];
  let nextId = 1;

  const matches = (a: Asset, q: AssetQuery) =>
    (!q.domain || a.domain === q.domain) &&
    (!q.type || a.type === q.type) &&
    (!q.district || a.district === q.district) &&
    (!q.status || a.status === q.status) &&
    (!q.q || `${a.id} ${a.name.en} ${a.name.zh}`.toLowerCase().includes(q.q.toLowerCase())) &&
    (!q.bbox ||
      (a.geometry.type === "Point" &&
        a.geometry.coordinates[0]! >= q.bbox[0] &&
        a.geometry.coordinates[0]! <= q.bbox[2] &&
        a.geometry.coordinates[1]! >= q.bbox[1] &&
        a.geometry.coordinates[1]! <= q.bbox[3]));

  const latestOf = (id: string): LatestValue | undefined =>
    DATASTREAMS.some((d) => d.id === id)
      ? { datastreamId: id, t: new Date(FAKE_NOW.getTime() - 60_000).toISOString(), v: 42, unit: UNIT, stale: false }
      : undefined;

  return {
    info: () => ({
      backend: "embedded",
      simulated: true,
      city: "shenzhen",
      cityName: { en: "Shenzhen", zh: "深圳" },
      timezone: "Asia/Shanghai",
    }),
    now: () => new Date(FAKE_NOW),
    districts: () => [
      { id: "futian", name: { en: "Futian", zh: "福田区" }, areaKm2: 78.7, population: 1_500_000 },
      { id: "nanshan", name: { en: "Nanshan", zh: "南山区" }, areaKm2: 187.5, population: 1_800_000 },
      { id: "luohu", name: { en: "Luohu", zh: "罗湖区" }, areaKm2: 78.8, population: 1_100_000 },
    ],
    listAssets(q) {
      let offset = 0;
      if (q.cursor !== undefined) {
        const m = /^o(\d+)$/.exec(q.cursor);
        if (!m) throw new BadCursorError("bad cursor");
        offset = Number(m[1]);
      }
      const all = ASSETS.filter((a) => matches(a, q));
      const page = all.slice(offset, offset + q.limit);
      const end = offset + page.length;
      return { assets: page, total: all.length, nextCursor: end < all.length ? `o${end}` : null };
    },
    getAsset(id) {
      const a = ASSETS.find((x) => x.id === id);
      if (!a) return null;
      const ds = DATASTREAMS.filter((d) => d.assetId === id);
      return { asset: a, datastreams: ds, latest: ds.map((d) => latestOf(d.id)).filter((v) => v !== undefined) };
    },
    latest: (ids) => ids.map(latestOf).filter((v) => v !== undefined),
    observations: () => [],
    listMetrics: () => [{ id: "load", domain: "energy", name: { en: "Load", zh: "负荷" }, unit: UNIT, rollup: "sum" }],
    series(q: SeriesQuery): Series[] {
      const ids = q.datastreams ?? [`${q.metric}@${q.district ?? "city"}`];
      const unknown = q.datastreams?.filter((id) => !DATASTREAMS.some((d) => d.id === id)) ?? [];
      if (unknown.length > 0) throw new UnknownIdError("datastream", unknown);
      if (q.metric !== undefined && q.metric !== "load") throw new UnknownIdError("metric", [q.metric]);
      const n = Math.ceil((q.to.getTime() - q.from.getTime()) / 1000 / q.stepSeconds);
      const t = Array.from({ length: n }, (_, i) => new Date(q.from.getTime() + i * q.stepSeconds * 1000).toISOString());
      return ids.map((id) => ({
        id,
        unit: UNIT,
        step: `PT${q.stepSeconds}S`,
        t,
        values: Object.fromEntries(q.aggs.map((a) => [a, t.map((_, i) => i)])),
      }));
    },
    kpis(domain, at): KpiValue[] {
      if (domain && domain !== "energy") return [];
      return [
        {
          definition: KPI_DEF,
          value: 18000,
          asOf: (at ?? FAKE_NOW).toISOString(),
          previous: 17500,
          status: "ok",
          stale: false,
        },
      ];
    },
    alerts: (q: AlertQuery) =>
      ALERTS.filter(
        (a) =>
          (!q.domain || a.domain === q.domain) &&
          (!q.state || q.state.includes(a.state)) &&
          (!q.severity || q.severity.includes(a.severity)) &&
          (!q.since || Date.parse(a.start) >= q.since.getTime()),
      ).slice(0, q.limit),
    replay: (lastEventId) => history.filter((e) => e.id > lastEventId),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ingest: (obs) => ({ accepted: obs.length, duplicates: 0, rejected: [] }),
    listenerCount: () => listeners.size,
    emit(partial) {
      const event = { ...partial, id: nextId++ } as TwinEvent;
      history.push(event);
      listeners.forEach((l) => l(event));
      return event;
    },
  };
}

export const FAKE_ASSET_IDS = ASSETS.map((a) => a.id);
export const FAKE_DATASTREAM_IDS = DATASTREAMS.map((d) => d.id);
