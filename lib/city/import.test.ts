import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importInventory, InventoryFileError } from "./import";
import { runImport } from "./import-cli";
import { generateInventory } from "./inventory";
import { loadCityPack } from "./pack";

const pack = loadCityPack("demo-harbour");
// Points known to lie inside each district: the generated inventory places assets inside them.
const inside = new Map(generateInventory(pack).assets.flatMap((a) => (a.geometry.type === "Point" ? [[a.district, a.geometry.coordinates] as const] : [])));
const [oldPort, westfield] = ["old-port", "westfield"].map((d) => inside.get(d)!);

const header = "asset_id,kind,sector,name,name_zh,capacity,district,lon,lat";
const good = [
  `h-1,hospital,health,Harbour General,港湾总医院,420,old-port,${oldPort![0]},${oldPort![1]}`,
  // No district: found by point-in-polygon.
  `h-2,hospital,,"West Clinic, Annex",西区诊所,60,,${westfield![0]},${westfield![1]}`,
  `p-1,parking,transport,Quay Car Park,码头停车场,300,,${oldPort![0]},${oldPort![1]}`,
];
const bad = [
  `h-3,castle,health,Castle,城堡,1,,${oldPort![0]},${oldPort![1]}`,
  `h-4,hospital,energy,Wrong Sector,错误,100,,${oldPort![0]},${oldPort![1]}`,
  `h-5,hospital,health,No Chinese,,100,,${oldPort![0]},${oldPort![1]}`,
  `h-6,hospital,health,At Sea,海上,100,,-35.19,44.91`,
  `h-7,hospital,health,Far Away,远方,100,,114.05,22.54`,
  `h-1,hospital,health,Twice,重复,100,,${oldPort![0]},${oldPort![1]}`,
  `h-8,hospital,health,Minus Beds,负床位,-5,,${oldPort![0]},${oldPort![1]}`,
  `h-9,hospital,health,Nowhere District,无此区,100,atlantis,${oldPort![0]},${oldPort![1]}`,
  `h-10,hospital,health,No Place,无坐标,100,,,`,
];

describe("inventory import", () => {
  it("maps a clean CSV through the pack's mapping, finding missing districts by point-in-polygon", () => {
    const r = importInventory([header, ...good].join("\n"), "csv", pack);
    expect(r.refused).toEqual([]);
    expect(r.accepted.map((a) => [a.id, a.district, a.districtFrom])).toEqual([
      ["urn:ngsi-ld:Building:demo-harbour:h-1", "old-port", "file"],
      ["urn:ngsi-ld:Building:demo-harbour:h-2", "westfield", "polygon"],
      ["urn:ngsi-ld:ParkingSite:demo-harbour:p-1", "old-port", "polygon"],
    ]);
    const h2 = r.inventory!.assets[1]!;
    expect(h2).toMatchObject({ name: { en: "West Clinic, Annex", zh: "西区诊所" }, domain: "health", properties: { beds: 60, category: "hospital" } });
    expect(r.inventory!.datastreams.map((d) => d.id)).toContain("urn:ngsi-ld:Building:demo-harbour:h-2:bedsOccupied");
  });

  it("refuses bad rows with their reasons and imports nothing when any row is refused", () => {
    const r = importInventory([header, ...good, ...bad].join("\n"), "csv", pack);
    expect(r.inventory).toBeNull();
    expect(r.accepted).toHaveLength(3);
    expect(r.refused.map((x) => [x.row, x.reason])).toEqual([
      [4, 'unknown type "castle"'],
      [5, 'sector "energy" does not match type Building (health)'],
      [6, "a name in both languages is needed (name, name_zh)"],
      [7, "(-35.19, 44.91) lies in none of the city's districts"],
      [8, "(114.05, 22.54) lies outside the city's bounds"],
      [9, 'duplicate asset_id "h-1"'],
      [10, 'capacity "-5" is not a non-negative number'],
      [11, 'unknown district "atlantis"'],
      [12, "lon/lat must be numbers"],
    ]);
  });

  it("reads GeoJSON points the same way and refuses other geometries", () => {
    const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: "Feature", properties: props, geometry });
    const doc = {
      type: "FeatureCollection",
      features: [
        feature({ asset_id: "s-1", kind: "substation", name: "North Sub", name_zh: "北变电站", capacity: 120 }, { type: "Point", coordinates: oldPort }),
        feature({ asset_id: "s-2", kind: "substation", name: "Line", name_zh: "线" }, { type: "LineString", coordinates: [oldPort, westfield] }),
      ],
    };
    const r = importInventory(JSON.stringify(doc), "geojson", pack);
    expect(r.accepted.map((a) => a.id)).toEqual(["urn:ngsi-ld:Substation:demo-harbour:s-1"]);
    expect(r.refused).toEqual([{ row: 2, reason: "geometry must be a Point" }]);
    expect(() => importInventory("{", "geojson", pack)).toThrow(InventoryFileError);
    expect(() => importInventory('{"type":"Feature"}', "geojson", pack)).toThrow(InventoryFileError);
    expect(() => importInventory('a,b\n"unterminated', "csv", pack)).toThrow(InventoryFileError);
  });

  describe("admin command", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "twinops-import-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const run = (file: string, out: string) => {
      const lines: string[] = [];
      const code = runImport(["demo-harbour", file, out], (l) => lines.push(l), (l) => lines.push(l));
      return { code, text: lines.join("\n") };
    };

    it("writes nothing for a file with a bad row, and leaves an earlier import as it was", () => {
      const target = path.join(dir, "inventory.json");
      writeFileSync(path.join(dir, "good.csv"), [header, ...good].join("\n"));
      writeFileSync(path.join(dir, "bad.csv"), [header, ...good, bad[0]].join("\n"));
      const first = run(path.join(dir, "good.csv"), target);
      expect(first.code).toBe(0);
      expect(first.text).toContain("3 accepted, 0 refused");
      const stored = readFileSync(target, "utf8");
      expect(JSON.parse(stored).assets).toHaveLength(3);
      const second = run(path.join(dir, "bad.csv"), target);
      expect(second.code).toBe(1);
      expect(second.text).toContain('refused row 4: unknown type "castle"');
      expect(second.text).toContain("nothing imported");
      expect(readFileSync(target, "utf8")).toBe(stored);
      expect(run(path.join(dir, "missing.csv"), path.join(dir, "x.json")).code).toBe(1);
      expect(existsSync(path.join(dir, "x.json"))).toBe(false);
    });
  });
});
