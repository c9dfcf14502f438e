/**
 * Demo Harbour: a small fictional island city in the open North Atlantic. It exists to prove that
 * nothing in TwinOps is wired to Shenzhen: other time zone, other scale, three districts.
 */
import type { CityPackManifest } from "@/lib/city/types";
import type { DistrictSource, MetroSource, ReservoirSource } from "./shenzhen";
import type { RoadClass } from "@/lib/city/types";
import type { Pt } from "./geometry";
import { kpiDefinitions } from "./kpis";

export const ID = "demo-harbour";
export const BOUNDS: [number, number, number, number] = [-35.2, 44.9, -34.8, 45.1];

/** The island, with the harbour bay cut into its south coast. */
export const LAND: Pt[] = [
  [-35.12, 44.97],
  [-35.14, 45.01],
  [-35.11, 45.05],
  [-35.05, 45.07],
  [-34.98, 45.075],
  [-34.91, 45.06],
  [-34.86, 45.03],
  [-34.85, 44.99],
  [-34.88, 44.955],
  [-34.94, 44.945],
  [-34.97, 44.965],
  [-35.0, 44.975],
  [-35.03, 44.96],
  [-35.07, 44.945],
  [-35.12, 44.97],
];

export const DISTRICTS: DistrictSource[] = [
  { id: "old-port", name_en: "Old Port", name_zh: "旧港", areaKm2: 38.5, population: 96000, seeds: [[-35.0, 44.99], [-34.96, 44.98]] },
  { id: "westfield", name_en: "Westfield", name_zh: "西原", areaKm2: 52.1, population: 61000, seeds: [[-35.08, 45.0], [-35.09, 45.04]] },
  { id: "north-hills", name_en: "North Hills", name_zh: "北丘", areaKm2: 64.8, population: 38000, seeds: [[-34.98, 45.045], [-34.9, 45.03], [-34.89, 44.99]] },
];

export const ROADS: { name_en: string; name_zh: string; class: RoadClass; points: Pt[] }[] = [
  { name_en: "Harbour Road", name_zh: "海港路", class: "primary", points: [[-35.1, 44.98], [-35.05, 44.972], [-35.0, 44.985], [-34.95, 44.97], [-34.88, 44.975]] },
  { name_en: "Ridge Expressway", name_zh: "山脊快速路", class: "motorway", points: [[-35.1, 45.03], [-35.04, 45.03], [-34.98, 45.03], [-34.92, 45.035], [-34.87, 45.02]] },
  { name_en: "Cross Avenue", name_zh: "纵贯大道", class: "trunk", points: [[-35.0, 44.98], [-35.0, 45.02], [-34.99, 45.06]] },
];

export const METRO: MetroSource[] = [
  {
    line: "A",
    name_en: "Line A (Harbour Tram)",
    name_zh: "A线（海港有轨电车）",
    colour: "#0072CE",
    points: [[-35.09, 45.0], [-35.05, 44.985], [-35.0, 44.99], [-34.96, 44.985], [-34.92, 44.99], [-34.89, 45.01]],
  },
];

export const RESERVOIRS: ReservoirSource[] = [
  { name_en: "Hill Reservoir", name_zh: "山丘水库", center: [-34.95, 45.05], rxKm: 1.0, ryKm: 0.5, rotation: 10 },
];

export function manifest(basemap: CityPackManifest["basemap"]): CityPackManifest {
  return {
    id: ID,
    name: { en: "Demo Harbour", zh: "示范港" },
    timezone: "Atlantic/Azores",
    center: [-35.0, 45.01],
    zoom: 11,
    bounds: BOUNDS,
    districts: DISTRICTS.map((d) => ({ id: d.id, name: { en: d.name_en, zh: d.name_zh }, areaKm2: d.areaKm2, population: d.population })),
    basemap,
    scale: {
      peakLoadMW: 320,
      metroTripsPerDay: 45000,
      hospitalBeds: 900,
      congestionIndex: { min: 1.1, max: 2.4 },
      pm25Background: 7,
      solarCapacityMW: 40,
    },
    inventory: {
      seed: 7,
      counts: {
        Substation: 12,
        Feeder: 36,
        SolarPlant: 8,
        EVChargingStation: 20,
        TrafficFlowObserved: 30,
        MetroStation: 12,
        ParkingSite: 15,
        CityWork: 15,
        Building: 6,
        AmbulanceStation: 4,
        ContainerTerminal: 1,
        Gate: 1,
        AirCargoTerminal: 1,
        LogisticsPark: 2,
        ColdChainWarehouse: 2,
        DroneRoute: 2,
        TruckCorridor: 1,
      },
    },
    kpis: kpiDefinitions({
      cityName: { en: "Demo Harbour", zh: "示范港" },
      owners: {
        energy: { en: "Demo Harbour Utilities (simulated)", zh: "示范港公用事业公司（模拟）" },
        transport: { en: "Demo Harbour Transit (simulated)", zh: "示范港交通局（模拟）" },
        construction: { en: "Demo Harbour Building Control (simulated)", zh: "示范港建设管理处（模拟）" },
        health: { en: "Demo Harbour Health Board (simulated)", zh: "示范港卫生局（模拟）" },
        logistics: { en: "Demo Harbour Port and Logistics Office (simulated)", zh: "示范港港口物流办公室（模拟）" },
      },
      overrides: { "energy.load": { target: null, thresholds: { warning: 300, critical: 340 } } },
    }),
    provenance: [
      {
        layers: Object.values(basemap),
        source: "TwinOps: a fictional island city drawn by hand; districts are a Voronoi partition of seed points",
        licence: "CC BY 4.0",
        attribution: "© TwinOps contributors (fictional)",
        schematic: true,
        notes: "Demo Harbour does not exist. It lies in the open North Atlantic so it cannot be mistaken for a real place.",
      },
      {
        layers: ["pack.json#districts", "pack.json#inventory", "pack.json#kpis", "pack.json#scale"],
        source: "TwinOps: invented figures",
        licence: "CC BY 4.0",
        attribution: "© TwinOps contributors (fictional)",
        schematic: true,
      },
    ],
    // How an inventory file of this city maps onto assets (lib/city/import.ts); was only in pack.json.
    inventoryImport: {
      id: "asset_id",
      type: "kind",
      domain: "sector",
      name: { en: "name", zh: "name_zh" },
      capacity: "capacity",
      district: "district",
      lon: "lon",
      lat: "lat",
      types: { hospital: "Building", substation: "Substation", parking: "ParkingSite", ev_charger: "EVChargingStation" },
    },
  };
}
