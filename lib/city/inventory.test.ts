import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { createHash } from "node:crypto";
import type { Geometry, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { DOMAIN_IDS, assetTypeSpec } from "@/domains";
import { ASSET_TYPES } from "@/lib/twin/types";
import { DATASTREAM_SPECS } from "./datastreams";
import { apportion, generateInventory } from "./inventory";
import { loadCityPack } from "./pack";
import type { CityPack } from "./types";

const shenzhen = loadCityPack("shenzhen");
const inventory = generateInventory(shenzhen);
/** The inventory of the four domains the contract's counts were written for (later domains append theirs). */
const FIRST_FOUR = new Set<string>(DOMAIN_IDS.slice(0, 4));
const firstFour = (() => {
  const assets = inventory.assets.filter((a) => FIRST_FOUR.has(a.domain));
  const ids = new Set(assets.map((a) => a.id));
  return { assets, datastreams: inventory.datastreams.filter((d) => ids.has(d.assetId)) };
})();

function polygonOf(pack: CityPack, district: string) {
  const f = pack.districtGeometry.features.find((x) => x.properties.id === district);
  if (!f) throw new Error(`no polygon for ${district}`);
  return f;
}

function positionsOf(geometry: Geometry): Position[] {
  if (geometry.type === "Point") return [geometry.coordinates];
  if (geometry.type === "LineString") return geometry.coordinates;
  throw new Error(`assets are points or lines, got ${geometry.type}`);
}

describe("generateInventory (Shenzhen)", () => {
  it("is deterministic: the same pack and seed give deep-equal inventories", () => {
    expect(generateInventory(shenzhen)).toEqual(inventory);
  });

  it("changes with the seed", () => {
    const other = generateInventory({ ...shenzhen, inventory: { ...shenzhen.inventory, seed: shenzhen.inventory.seed + 1 } });
    expect(other.assets[0]?.geometry).not.toEqual(inventory.assets[0]?.geometry);
  });

  it("has the contract's counts: ~2,950 assets and ~6,370 datastreams", () => {
    expect(inventory.assets.length).toBeGreaterThanOrEqual(2000);
    expect(inventory.datastreams.length).toBeGreaterThanOrEqual(5000);
    const byType = new Map<string, number>();
    for (const a of inventory.assets) byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
    for (const [type, count] of Object.entries(shenzhen.inventory.counts)) expect(byType.get(type), type).toBe(count);
    // The first four domains' share is the contract's; later domains add their own counts (checked above).
    expect(firstFour.assets).toHaveLength(2950);
    // 6,370 if every hospital had an emergency department; those without report no ER streams.
    const withoutER = inventory.assets.filter((a) => a.type === "Building" && a.properties.hasER === false).length;
    expect(withoutER).toBeGreaterThan(0);
    expect(firstFour.datastreams).toHaveLength(6370 - 2 * withoutER);
    expect(inventory.datastreams.some((d) => d.property.startsWith("er") && inventory.assets.find((a) => a.id === d.assetId)?.properties.hasER !== true)).toBe(false);
  });

  it("uses unique urn:ngsi-ld:<Type>:shenzhen:<local> ids with the right domain", () => {
    const ids = inventory.assets.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of inventory.assets) {
      expect(a.id).toMatch(new RegExp(`^urn:ngsi-ld:${a.type}:shenzhen:[a-z0-9-]+$`));
      expect((ASSET_TYPES[a.domain] as readonly string[]).includes(a.type)).toBe(true);
      expect(a.status).toBe("normal");
      expect(a.name.en).not.toBe("");
      expect(a.name.zh).not.toBe("");
    }
  });

  it("puts every asset inside its own district polygon", () => {
    for (const a of inventory.assets) {
      const poly = polygonOf(shenzhen, a.district);
      for (const p of positionsOf(a.geometry)) {
        expect(booleanPointInPolygon(p, poly), `${a.id} at ${p.join(",")}`).toBe(true);
      }
    }
  });

  it("places more assets where more people live", () => {
    const perDistrict = (id: string) => inventory.assets.filter((a) => a.district === id && a.type === "EVChargingStation").length;
    expect(perDistrict("baoan")).toBeGreaterThan(perDistrict("yantian") * 5);
  });

  it("gives each asset exactly the datastreams of the contract, with ids, units and staleness", () => {
    const streams = new Map(inventory.datastreams.map((d) => [d.id, d]));
    expect(streams.size).toBe(inventory.datastreams.length);
    for (const a of inventory.assets) {
      for (const spec of DATASTREAM_SPECS[a.type]) {
        const ds = streams.get(`${a.id}:${spec.property}`);
        if (spec.onlyIf !== undefined && a.properties[spec.onlyIf] !== true) {
          expect(ds, `${a.id} has no ${spec.property}`).toBeUndefined();
          continue;
        }
        expect(ds?.assetId).toBe(a.id);
        expect(ds?.staleAfterSeconds).toBe(3 * spec.cadenceSeconds);
      }
    }
    const load = streams.get(`${inventory.assets[0]?.id}:load`);
    expect(load?.unit).toEqual({ symbol: "MW", code: "MAW" });
    expect(load?.cadenceSeconds).toBe(300);
  });

  it("puts traffic detectors on the pack's roads with road names, lanes and free-flow speed", () => {
    const roads = new Set(shenzhen.roads.features.map((f) => f.properties.name_en));
    const detectors = inventory.assets.filter((a) => a.type === "TrafficFlowObserved");
    for (const d of detectors) {
      expect(d.geometry.type).toBe("LineString");
      expect(roads.has(String(d.properties.roadName_en))).toBe(true);
      expect(d.properties.roadName_zh).toBeTruthy();
      expect(Number(d.properties.lanes)).toBeGreaterThanOrEqual(2);
      expect([60, 80, 100]).toContain(d.properties.freeFlowSpeed);
    }
  });

  it("puts metro stations on metro lines, with interchanges listing several lines", () => {
    const stations = inventory.assets.filter((a) => a.type === "MetroStation");
    const lines = new Set(shenzhen.metro.features.map((f) => f.properties.line));
    for (const s of stations) for (const l of String(s.properties.lines).split(",")) expect(lines.has(l)).toBe(true);
    expect(stations.some((s) => String(s.properties.lines).includes(","))).toBe(true);
  });

  it("links every feeder to a substation in its district, about three per substation", () => {
    const subs = new Map(inventory.assets.filter((a) => a.type === "Substation").map((a) => [a.id, a]));
    const feeders = inventory.assets.filter((a) => a.type === "Feeder");
    for (const f of feeders) expect(subs.get(String(f.properties.substationId))?.district).toBe(f.district);
    expect(feeders.length / subs.size).toBe(3);
  });

  it("scales capacities to the city: hospital beds, solar capacity, firm substation capacity", () => {
    const sum = (type: string, prop: string) =>
      inventory.assets.filter((a) => a.type === type).reduce((s, a) => s + Number(a.properties[prop]), 0);
    expect(Math.abs(sum("Building", "beds") - 70_000)).toBeLessThan(700);
    expect(Math.abs(sum("SolarPlant", "capacityMW") - 1500)).toBeLessThan(15);
    expect(sum("Substation", "capacityMW")).toBeGreaterThan(23_000);
    for (const h of inventory.assets.filter((a) => a.type === "Building")) {
      expect(h.properties.category).toBe("hospital");
      expect(Number(h.properties.icuBeds)).toBeLessThan(Number(h.properties.beds));
    }
  });

  it("gives construction sites consistent phase, progress and dates", () => {
    for (const w of inventory.assets.filter((a) => a.type === "CityWork")) {
      expect(["planning", "foundation", "structure", "finishing"]).toContain(w.properties.phase);
      expect(["pending", "approved", "suspended"]).toContain(w.properties.permitStatus);
      expect(String(w.properties.startDate) < String(w.properties.plannedEnd)).toBe(true);
      if (w.properties.phase === "planning") expect(w.properties.progressPct).toBe(0);
    }
  });

  it("runs well under a second", () => {
    const t = performance.now();
    generateInventory(shenzhen);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe("generateInventory (demo-harbour)", () => {
  it("follows the small pack's own counts and ids", () => {
    const pack = loadCityPack("demo-harbour");
    const inv = generateInventory(pack);
    const total = Object.values(pack.inventory.counts).reduce((a, b) => a + b, 0);
    expect(inv.assets).toHaveLength(total);
    for (const a of inv.assets) {
      expect(a.id).toMatch(/^urn:ngsi-ld:[A-Za-z]+:demo-harbour:/);
      for (const p of positionsOf(a.geometry)) expect(booleanPointInPolygon(p, polygonOf(pack, a.district))).toBe(true);
    }
  });
});

describe("generateInventory at scale (TWINOPS_INVENTORY_SCALE)", () => {
  const harbour = loadCityPack("demo-harbour");
  const countOf = (inv: ReturnType<typeof generateInventory>) => {
    const m = new Map<string, number>();
    for (const a of inv.assets) m.set(a.type, (m.get(a.type) ?? 0) + 1);
    return m;
  };

  it("leaves scale 1 exactly the inventory of before the knob (Shenzhen, asset for asset)", () => {
    // Fingerprint of the Shenzhen inventory as generated before the scale existed (main d9b3361),
    // when it had four domains: a later domain appends its assets and leaves these as they were.
    expect(createHash("sha256").update(JSON.stringify(firstFour)).digest("hex")).toBe("aa27be695e214499af45f96156d6b63b96175d7e6a9013ac0cc7f8d61fc2567c");
  });

  it("multiplies every count but metro stations, with unique ids, inside their districts", () => {
    const inv = generateInventory(harbour, 5);
    const counts = countOf(inv);
    for (const [type, n] of Object.entries(harbour.inventory.counts)) expect(counts.get(type), type).toBe(assetTypeSpec(type)?.spec.unscaled ? n : 5 * n);
    expect(new Set(inv.assets.map((a) => a.id)).size).toBe(inv.assets.length);
    expect(new Set(inv.datastreams.map((d) => d.id)).size).toBe(inv.datastreams.length);
    for (const a of inv.assets) for (const p of positionsOf(a.geometry)) expect(booleanPointInPolygon(p, polygonOf(harbour, a.district))).toBe(true);
    // Detectors get segments of their own (shorter ones), not a pile on one segment.
    const detectors = inv.assets.filter((a) => a.type === "TrafficFlowObserved").map((a) => JSON.stringify(a.geometry));
    expect(new Set(detectors).size).toBeGreaterThan(0.95 * detectors.length);
  });

  it("is deterministic for a pack and scale, and keeps city totals (hospital beds)", () => {
    const a = generateInventory(harbour, 4);
    expect(generateInventory(harbour, 4)).toEqual(a);
    expect(generateInventory(harbour, 3)).not.toEqual(a);
    const beds = (inv: ReturnType<typeof generateInventory>) => inv.assets.filter((x) => x.type === "Building").reduce((s, x) => s + Number(x.properties.beds), 0);
    expect(Math.abs(beds(a) - harbour.scale.hospitalBeds)).toBeLessThan(0.1 * harbour.scale.hospitalBeds);
  });

  it("refuses a scale that is not a whole number of at least 1", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => generateInventory(harbour, bad)).toThrow(RangeError);
  });
});

describe("apportion", () => {
  it("hands out exactly the total, following the weights", () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 1])).toEqual([0, 7]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });
});
