/**
 * Regenerates the city packs under public/cities from Natural Earth (world-atlas) and the
 * hand-drawn sources in scripts/city. Run: `npx tsx scripts/build-city-pack.ts [--preview]`.
 * `--preview` also writes an SVG per pack to /tmp for eyeballing the districts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FeatureCollection, Geometry, LineString } from "geojson";
import type { CityPackManifest, MetroLineProperties, RoadProperties } from "@/lib/city/types";
import {
  cleanMulti,
  ellipse,
  naturalEarthCountries,
  round,
  schematicDistricts,
  seaPolygon,
  simplifyLine,
  toFeature,
  type Pt,
} from "./city/geometry";
import { kpiDefinitions } from "./city/kpis";
import * as sz from "./city/shenzhen";
import * as demo from "./city/demo-harbour";
import { previewSvg } from "./city/preview";

const OUT_ROOT = path.join(process.cwd(), "public/cities");
const BASEMAP = {
  land: "land.geojson",
  water: "water.geojson",
  roads: "roads.geojson",
  metro: "metro.geojson",
  districts: "districts.geojson",
};

const NATURAL_EARTH = {
  source: "Natural Earth 1:10m Admin 0 countries, via the world-atlas npm package (countries-10m.json)",
  licence: "Public domain",
  attribution: "Made with Natural Earth",
};
const OURS = {
  licence: "CC BY 4.0",
  attribution: "© TwinOps contributors (schematic)",
};

function line<P>(points: Pt[], properties: P) {
  const coordinates = simplifyLine(points, 0.0002).map(([x, y]) => [round(x), round(y)]);
  return { type: "Feature" as const, properties, geometry: { type: "LineString" as const, coordinates } };
}

function writeJson(dir: string, file: string, data: unknown): number {
  const text = JSON.stringify(data);
  writeFileSync(path.join(dir, file), text + "\n");
  return text.length;
}

function buildShenzhen(preview: boolean): void {
  const dir = path.join(OUT_ROOT, "shenzhen");
  mkdirSync(dir, { recursive: true });
  const countries = naturalEarthCountries(["156", "344"], sz.BOUNDS);
  const china = countries.get("156") ?? [];
  const hk = countries.get("344") ?? [];

  const land: FeatureCollection = {
    type: "FeatureCollection",
    features: [
      toFeature(cleanMulti(china, 1e-6), { id: "CN", name_en: "China", name_zh: "中国" }),
      toFeature(cleanMulti(hk, 1e-6), { id: "HK", name_en: "Hong Kong", name_zh: "香港" }),
    ],
  };
  const districts = schematicDistricts(sz.DISTRICTS, sz.OUTLINE, china, sz.BOUNDS);

  const water: FeatureCollection<Geometry> = {
    type: "FeatureCollection",
    features: [
      toFeature(seaPolygon(sz.BOUNDS, [china, hk]), { kind: "sea", name_en: "Sea", name_zh: "海域" }),
      ...sz.RESERVOIRS.map((r) =>
        toFeature([[ellipse(r.center, r.rxKm, r.ryKm, r.rotation)]], { kind: "reservoir", name_en: r.name_en, name_zh: r.name_zh }),
      ),
      ...sz.RIVERS.map((r) => line(r.points, { kind: "river", name_en: r.name_en, name_zh: r.name_zh })),
    ],
  };
  const roads: FeatureCollection<LineString, RoadProperties> = {
    type: "FeatureCollection",
    features: sz.ROADS.map((r) => line(r.points, { name_en: r.name_en, name_zh: r.name_zh, class: r.class })),
  };
  const metro: FeatureCollection<LineString, MetroLineProperties> = {
    type: "FeatureCollection",
    features: sz.METRO.map((m) => line(m.points, { line: m.line, name_en: m.name_en, name_zh: m.name_zh, colour: m.colour })),
  };

  const manifest: CityPackManifest = {
    id: "shenzhen",
    name: { en: "Shenzhen", zh: "深圳" },
    timezone: "Asia/Shanghai",
    center: [114.06, 22.6],
    zoom: 10,
    bounds: sz.BOUNDS,
    districts: sz.DISTRICTS.map((d) => ({
      id: d.id,
      name: { en: d.name_en, zh: d.name_zh },
      areaKm2: d.areaKm2,
      population: d.population,
    })),
    basemap: BASEMAP,
    scale: {
      peakLoadMW: 23000,
      metroTripsPerDay: 8_500_000,
      hospitalBeds: 70000,
      congestionIndex: { min: 1.3, max: 4.5 },
      pm25Background: 18,
      solarCapacityMW: 1500,
    },
    inventory: {
      seed: 20240601,
      counts: {
        Substation: 240,
        Feeder: 720,
        SolarPlant: 120,
        EVChargingStation: 400,
        TrafficFlowObserved: 500,
        MetroStation: 300,
        ParkingSite: 200,
        CityWork: 250,
        Building: 140,
        AmbulanceStation: 80,
        // The city's real logistics sites (domains/logistics/sites.ts), one asset each.
        ContainerTerminal: 5,
        Gate: 5,
        AirCargoTerminal: 2,
        LogisticsPark: 5,
        ColdChainWarehouse: 5,
        DroneRoute: 10,
        TruckCorridor: 7,
      },
    },
    kpis: kpiDefinitions({
      cityName: { en: "Shenzhen", zh: "深圳" },
      owners: {
        energy: { en: "Shenzhen Power Supply Bureau (simulated)", zh: "深圳供电局（模拟）" },
        transport: { en: "Shenzhen Transport Bureau (simulated)", zh: "深圳市交通运输局（模拟）" },
        construction: { en: "Shenzhen Housing and Construction Bureau (simulated)", zh: "深圳市住房和建设局（模拟）" },
        health: { en: "Shenzhen Health Commission (simulated)", zh: "深圳市卫生健康委员会（模拟）" },
        logistics: { en: "Shenzhen Transport Bureau, Port Authority (simulated)", zh: "深圳市交通运输局（市港务管理局）（模拟）" },
      },
      overrides: { "energy.load": { target: null, thresholds: { warning: 22000, critical: 24000 } } },
    }),
    provenance: [
      { layers: [BASEMAP.land], ...NATURAL_EARTH, schematic: false, notes: "China and Hong Kong land clipped to the pack bounds; coordinates rounded to 4 decimals." },
      {
        layers: [BASEMAP.districts],
        source: "TwinOps: Voronoi partition of hand-placed seed points inside a hand-drawn city outline, clipped to Natural Earth land",
        ...OURS,
        schematic: true,
        notes: "Not official boundaries. Coast and Hong Kong border follow Natural Earth; inland borders are approximate.",
      },
      {
        layers: [BASEMAP.water],
        source: "Sea: Natural Earth land subtracted from the pack bounds. Reservoirs and rivers: hand-drawn by TwinOps",
        ...OURS,
        attribution: "Made with Natural Earth; © TwinOps contributors (schematic)",
        schematic: true,
      },
      { layers: [BASEMAP.roads], source: "TwinOps: hand-drawn main expressways and avenues", ...OURS, schematic: true },
      {
        layers: [BASEMAP.metro],
        source: "TwinOps: hand-drawn metro lines through approximately placed stations; official line colours",
        ...OURS,
        schematic: true,
      },
      {
        layers: ["pack.json#districts"],
        source: "Shenzhen Statistics Bureau: Seventh National Population Census (2020) and official district areas",
        licence: "Facts (not copyrightable)",
        attribution: "Shenzhen Statistics Bureau",
        schematic: false,
      },
      {
        layers: ["pack.json#inventory", "pack.json#kpis", "pack.json#scale"],
        source: "TwinOps embedded simulator: generated inventory and KPI definitions at city-realistic magnitudes",
        ...OURS,
        schematic: true,
        notes: "All assets are fictional; positions are random within districts.",
      },
    ],
  };

  const sizes = {
    "pack.json": writeJson(dir, "pack.json", manifest),
    land: writeJson(dir, BASEMAP.land, land),
    districts: writeJson(dir, BASEMAP.districts, districts),
    water: writeJson(dir, BASEMAP.water, water),
    roads: writeJson(dir, BASEMAP.roads, roads),
    metro: writeJson(dir, BASEMAP.metro, metro),
  };
  console.log("shenzhen", sizes);
  if (preview) writeFileSync("/tmp/shenzhen.svg", previewSvg(sz.BOUNDS, { land, districts, water, roads, metro }));
}

function buildDemo(preview: boolean): void {
  const dir = path.join(OUT_ROOT, demo.ID);
  mkdirSync(dir, { recursive: true });
  const island = [[demo.LAND]];
  const land: FeatureCollection = {
    type: "FeatureCollection",
    features: [toFeature(island, { id: "DH", name_en: "Demo Harbour island", name_zh: "示范港岛" })],
  };
  const districts = schematicDistricts(demo.DISTRICTS, demo.LAND, island, demo.BOUNDS);
  const water: FeatureCollection<Geometry> = {
    type: "FeatureCollection",
    features: [
      toFeature(seaPolygon(demo.BOUNDS, [island]), { kind: "sea", name_en: "Sea", name_zh: "海域" }),
      ...demo.RESERVOIRS.map((r) =>
        toFeature([[ellipse(r.center, r.rxKm, r.ryKm, r.rotation)]], { kind: "reservoir", name_en: r.name_en, name_zh: r.name_zh }),
      ),
    ],
  };
  const roads: FeatureCollection<LineString, RoadProperties> = {
    type: "FeatureCollection",
    features: demo.ROADS.map((r) => line(r.points, { name_en: r.name_en, name_zh: r.name_zh, class: r.class })),
  };
  const metro: FeatureCollection<LineString, MetroLineProperties> = {
    type: "FeatureCollection",
    features: demo.METRO.map((m) => line(m.points, { line: m.line, name_en: m.name_en, name_zh: m.name_zh, colour: m.colour })),
  };
  const manifest = demo.manifest(BASEMAP);
  const sizes = {
    "pack.json": writeJson(dir, "pack.json", manifest),
    land: writeJson(dir, BASEMAP.land, land),
    districts: writeJson(dir, BASEMAP.districts, districts),
    water: writeJson(dir, BASEMAP.water, water),
    roads: writeJson(dir, BASEMAP.roads, roads),
    metro: writeJson(dir, BASEMAP.metro, metro),
  };
  console.log(demo.ID, sizes);
  if (preview) writeFileSync(`/tmp/${demo.ID}.svg`, previewSvg(demo.BOUNDS, { land, districts, water, roads, metro }));
}

const preview = process.argv.includes("--preview");
buildShenzhen(preview);
buildDemo(preview);
