import "server-only";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { Asset, AssetType, Datastream, Domain, KpiDefinition } from "../types";
import { u01 } from "../simulator/noise";

/**
 * A hand-made two-district city with Shenzhen's scale, for tests and the store benchmark when no
 * real city pack is at hand. Counts default to a small inventory; pass Shenzhen's counts for bench.
 */
export const SMALL_COUNTS: Record<string, number> = {
  Substation: 6,
  Feeder: 18,
  SolarPlant: 4,
  EVChargingStation: 6,
  TrafficFlowObserved: 20,
  MetroStation: 10,
  ParkingSite: 4,
  CityWork: 20,
  Hospital: 8,
  AmbulanceStation: 3,
  ContainerTerminal: 2,
  Gate: 2,
  AirCargoTerminal: 2,
  LogisticsPark: 2,
  ColdChainWarehouse: 2,
  DroneRoute: 2,
  TruckCorridor: 2,
};

export const SHENZHEN_COUNTS: Record<string, number> = {
  Substation: 240,
  Feeder: 720,
  SolarPlant: 120,
  EVChargingStation: 400,
  TrafficFlowObserved: 500,
  MetroStation: 300,
  ParkingSite: 200,
  CityWork: 250,
  Hospital: 140,
  AmbulanceStation: 80,
  ContainerTerminal: 5,
  Gate: 5,
  AirCargoTerminal: 2,
  LogisticsPark: 5,
  ColdChainWarehouse: 5,
  DroneRoute: 10,
  TruckCorridor: 7,
};

const kpi = (
  id: string,
  domain: Domain,
  symbol: string,
  code: string,
  better: "higher" | "lower",
  warning: number | null,
  critical: number | null,
  isPublic = false,
): KpiDefinition => ({
  id,
  domain,
  name: { en: id, zh: id },
  definition: { en: id, zh: id },
  formula: id,
  unit: { symbol, code },
  cadenceSeconds: 300,
  better,
  target: null,
  thresholds: { warning, critical },
  owner: { en: "Test", zh: "测试" },
  source: { en: "Simulator", zh: "模拟器" },
  public: isPublic,
});

export const FIXTURE_KPIS: KpiDefinition[] = [
  kpi("energy.load", "energy", "MW", "MAW", "lower", 22000, 24000),
  kpi("energy.renewableShare", "energy", "%", "P1", "higher", null, null),
  kpi("energy.evUtilisation", "energy", "%", "P1", "higher", null, null),
  kpi("energy.feedersOverloaded", "energy", "", "C62", "lower", 1, 5),
  kpi("transport.congestionIndex", "transport", "", "C62", "lower", 2.0, 3.0),
  kpi("transport.avgSpeed", "transport", "km/h", "KMH", "higher", null, null),
  kpi("transport.metroTripsToday", "transport", "", "C62", "higher", null, null, true),
  kpi("transport.parkingOccupancy", "transport", "%", "P1", "lower", 90, 98),
  kpi("construction.activeSites", "construction", "", "C62", "lower", null, null),
  kpi("construction.pm25", "construction", "µg/m³", "GQ", "lower", 35, 75),
  kpi("construction.dustExceedances", "construction", "", "C62", "lower", 1, 5),
  kpi("construction.noise", "construction", "dB(A)", "2N", "lower", 70, null),
  kpi("health.bedOccupancy", "health", "%", "P1", "lower", 90, 95),
  kpi("health.icuOccupancy", "health", "%", "P1", "lower", 90, 95),
  kpi("health.erWaitMinutes", "health", "min", "MIN", "lower", 60, 120),
  kpi("health.ambulanceResponse", "health", "min", "MIN", "lower", 12, 15),
];

export function fixturePack(): CityPack {
  const square = (x: number, y: number) => ({
    type: "Polygon" as const,
    coordinates: [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]],
  });
  return {
    id: "testcity",
    name: { en: "Test City", zh: "测试市" },
    timezone: "Asia/Shanghai",
    center: [114.1, 22.55],
    zoom: 10,
    bounds: [114.0, 22.5, 114.2, 22.6],
    districts: [
      { id: "west", name: { en: "West", zh: "西区" }, areaKm2: 100, population: 1_000_000 },
      { id: "east", name: { en: "East", zh: "东区" }, areaKm2: 100, population: 1_000_000 },
    ],
    districtGeometry: {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { id: "west", name_en: "West", name_zh: "西区" }, geometry: square(114.0, 22.5) },
        { type: "Feature", properties: { id: "east", name_en: "East", name_zh: "东区" }, geometry: square(114.1, 22.5) },
      ],
    },
    basemap: { land: "land.json", water: "water.json", roads: "roads.json", metro: "metro.json", districts: "districts.json" },
    scale: {
      peakLoadMW: 23000,
      metroTripsPerDay: 8_500_000,
      hospitalBeds: 70_000,
      congestionIndex: { min: 1.3, max: 4.5 },
      pm25Background: 18,
      solarCapacityMW: 2500,
    },
    inventory: { seed: 7, counts: SMALL_COUNTS },
    kpis: FIXTURE_KPIS,
    provenance: [],
    roads: { type: "FeatureCollection", features: [] },
    metro: { type: "FeatureCollection", features: [] },
  };
}

type StreamSpec = [property: string, symbol: string, code: string, cadence: number];

const STREAMS: Record<string, { type: AssetType; domain: Domain; streams: StreamSpec[] }> = {
  Substation: { type: "Substation", domain: "energy", streams: [["load", "MW", "MAW", 300]] },
  Feeder: { type: "Feeder", domain: "energy", streams: [["loading", "%", "P1", 300], ["current", "A", "AMP", 300]] },
  SolarPlant: { type: "SolarPlant", domain: "energy", streams: [["output", "MW", "MAW", 300]] },
  EVChargingStation: { type: "EVChargingStation", domain: "energy", streams: [["occupiedConnectors", "", "C62", 300], ["power", "kW", "KWT", 300]] },
  TrafficFlowObserved: {
    type: "TrafficFlowObserved",
    domain: "transport",
    streams: [["speed", "km/h", "KMH", 300], ["intensity", "veh/h", "C62", 300], ["congestionIndex", "", "C62", 300]],
  },
  MetroStation: { type: "MetroStation", domain: "transport", streams: [["entries", "pax", "C62", 300], ["exits", "pax", "C62", 300]] },
  ParkingSite: { type: "ParkingSite", domain: "transport", streams: [["occupiedSpaces", "", "C62", 300]] },
  CityWork: { type: "CityWork", domain: "construction", streams: [["pm25", "µg/m³", "GQ", 600], ["pm10", "µg/m³", "GQ", 600], ["noise", "dB(A)", "2N", 600]] },
  Hospital: {
    type: "Building",
    domain: "health",
    streams: [["bedsOccupied", "", "C62", 900], ["icuOccupied", "", "C62", 900], ["erWaiting", "", "C62", 300], ["erWaitMinutes", "min", "MIN", 300]],
  },
  AmbulanceStation: { type: "AmbulanceStation", domain: "health", streams: [["availableVehicles", "", "C62", 300], ["responseMinutes", "min", "MIN", 900]] },
  ContainerTerminal: {
    type: "ContainerTerminal",
    domain: "logistics",
    streams: [["teuHandled", "TEU", "C62", 300], ["berthsOccupied", "", "C62", 300], ["vesselsWaiting", "", "C62", 300]],
  },
  Gate: { type: "Gate", domain: "logistics", streams: [["queueMinutes", "min", "MIN", 300], ["trucksPerHour", "veh/h", "C62", 300]] },
  AirCargoTerminal: { type: "AirCargoTerminal", domain: "logistics", streams: [["cargoTonnes", "t", "TNE", 300]] },
  LogisticsPark: { type: "LogisticsPark", domain: "logistics", streams: [["occupiedDocks", "", "C62", 300]] },
  ColdChainWarehouse: { type: "ColdChainWarehouse", domain: "logistics", streams: [["temperature", "°C", "CEL", 300]] },
  DroneRoute: { type: "DroneRoute", domain: "logistics", streams: [["deliveries", "", "C62", 300]] },
  TruckCorridor: { type: "TruckCorridor", domain: "logistics", streams: [["trucksPerHour", "veh/h", "C62", 300], ["speed", "km/h", "KMH", 300]] },
};

const PHASES = ["planning", "foundation", "structure", "finishing"];

export function fixtureInventory(pack: CityPack, counts: Record<string, number> = SMALL_COUNTS): Inventory {
  const assets: Asset[] = [];
  const datastreams: Datastream[] = [];
  const hospitals = counts.Hospital ?? 0;
  for (const [key, spec] of Object.entries(STREAMS)) {
    const n = counts[key] ?? 0;
    for (let k = 0; k < n; k++) {
      const r = (salt: number) => u01(hashKey(key), k, salt);
      const district = pack.districts[k % pack.districts.length]!;
      const x = 114.0 + (k % 2) * 0.1 + 0.01 + 0.08 * r(1);
      const y = 22.51 + 0.08 * r(2);
      const properties: Asset["properties"] = {};
      if (key === "Substation") properties.capacityMW = 100 + Math.round(200 * r(3));
      if (key === "Feeder" || key === "SolarPlant") properties.capacityMW = 5 + Math.round(20 * r(3));
      if (key === "EVChargingStation") properties.connectors = 4 + Math.round(16 * r(3));
      if (key === "TrafficFlowObserved") Object.assign(properties, { lanes: 2 + Math.round(2 * r(3)), freeFlowSpeed: 60 });
      if (key === "MetroStation") properties.lines = r(3) < 0.2 ? "1,4" : "1";
      if (key === "ParkingSite") properties.capacity = 100 + Math.round(400 * r(3));
      if (key === "CityWork") properties.phase = PHASES[k % 4]!;
      if (key === "Hospital") {
        const beds = Math.round(70_000 / hospitals);
        Object.assign(properties, { category: "hospital", beds, icuBeds: Math.round(beds * 0.05), hasER: true });
      }
      if (key === "AmbulanceStation") properties.vehicles = 6;
      if (key === "ContainerTerminal") Object.assign(properties, { berths: 6, annualTEU: 2_000_000 });
      if (key === "LogisticsPark") properties.docks = 40;
      if (key === "ColdChainWarehouse") properties.setpointC = -18;
      if (key === "DroneRoute") properties.flightsPerDay = 80;
      if (key === "TruckCorridor") Object.assign(properties, { lanes: 3, freeFlowSpeed: 90 });
      const id = `urn:ngsi-ld:${spec.type}:${pack.id}:${key.toLowerCase()}-${k + 1}`;
      const geometry: Asset["geometry"] =
        key === "TrafficFlowObserved" || key === "DroneRoute" || key === "TruckCorridor"
          ? { type: "LineString", coordinates: [[x, y], [x + 0.004, y + 0.002], [x + 0.008, y + 0.003]] }
          : { type: "Point", coordinates: [x, y] };
      assets.push({
        id,
        type: spec.type,
        domain: spec.domain,
        name: { en: `${district.name.en} ${key} ${k + 1}`, zh: `${district.name.zh}${key}${k + 1}` },
        geometry,
        district: district.id,
        status: "normal",
        properties,
      });
      for (const [property, symbol, code, cadence] of spec.streams) {
        datastreams.push({
          id: `${id}:${property}`,
          assetId: id,
          property,
          name: { en: property, zh: property },
          unit: { symbol, code },
          cadenceSeconds: cadence,
          staleAfterSeconds: 3 * cadence,
        });
      }
    }
  }
  return { assets, datastreams };
}

function hashKey(s: string): number {
  let h = 17;
  for (let i = 0; i < s.length; i++) h = Math.imul(h, 31) + s.charCodeAt(i);
  return h >>> 0;
}
