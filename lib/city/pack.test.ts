import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KPI_SPECS } from "@/domains";
import { loadCityPack } from "./pack";
import { CityPackError } from "./types";

const ROOT = path.join(process.cwd(), "public/cities");
const temp = mkdtempSync(path.join(tmpdir(), "city-pack-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

type Json = Record<string, unknown> & { [k: string]: unknown };
let copies = 0;

/** Copies the Shenzhen pack to a temp root, lets `edit` break one file, returns the root. */
function brokenPack(file: string, edit: (json: Json) => void): string {
  const root = path.join(temp, `case-${++copies}`);
  cpSync(path.join(ROOT, "shenzhen"), path.join(root, "shenzhen"), { recursive: true });
  const full = path.join(root, "shenzhen", file);
  const json = JSON.parse(readFileSync(full, "utf8")) as Json;
  edit(json);
  writeFileSync(full, JSON.stringify(json));
  return root;
}

function errorOf(fn: () => unknown): CityPackError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CityPackError) return err;
    throw err;
  }
  throw new Error("expected a CityPackError");
}

// The tests reach into parsed JSON by path; these tiny accessors keep the casts in one place.
const arr = (v: unknown) => v as Json[];
const obj = (v: unknown) => v as Json;

describe("loadCityPack", () => {
  it("loads the Shenzhen pack with its 10 districts, every registered KPI and basemap geometry", () => {
    const pack = loadCityPack("shenzhen");
    expect(pack.name).toEqual({ en: "Shenzhen", zh: "深圳" });
    expect(pack.timezone).toBe("Asia/Shanghai");
    expect(pack.districts.map((d) => d.id)).toEqual([
      "futian", "luohu", "nanshan", "yantian", "baoan", "guangming", "longhua", "longgang", "pingshan", "dapeng",
    ]);
    expect(pack.districtGeometry.features).toHaveLength(10);
    expect(pack.kpis.map((k) => k.id)).toEqual([...KPI_SPECS.keys()]);
    expect(pack.kpis.find((k) => k.id === "energy.load")?.thresholds).toEqual({ warning: 22000, critical: 24000 });
    expect(pack.scale.peakLoadMW).toBe(23000);
    expect(pack.roads.features.map((f) => f.properties.name_zh)).toContain("深南大道");
    expect(pack.metro.features.map((f) => f.properties.line)).toEqual(expect.arrayContaining(["1", "2", "3", "4", "5", "9", "11", "14"]));
  });

  it("has 2020 census populations summing to about 17.5 million", () => {
    const total = loadCityPack("shenzhen").districts.reduce((a, d) => a + d.population, 0);
    expect(total).toBeGreaterThan(17_400_000);
    expect(total).toBeLessThan(17_600_000);
  });

  it("marks every drawn-by-us layer schematic and covers every basemap file with provenance", () => {
    const pack = loadCityPack("shenzhen");
    const covered = pack.provenance.flatMap((p) => p.layers);
    for (const file of Object.values(pack.basemap)) expect(covered).toContain(file);
    const land = pack.provenance.find((p) => p.layers.includes("land.geojson"));
    expect(land?.schematic).toBe(false);
    expect(land?.licence).toMatch(/public domain/i);
    for (const f of ["districts.geojson", "roads.geojson", "metro.geojson"]) {
      expect(pack.provenance.find((p) => p.layers.includes(f))?.schematic).toBe(true);
    }
  });

  it("loads the second pack, proving nothing is wired to Shenzhen", () => {
    const pack = loadCityPack("demo-harbour");
    expect(pack.districts).toHaveLength(3);
    expect(pack.timezone).not.toBe("Asia/Shanghai");
    expect(pack.kpis.map((k) => k.id)).toEqual([...KPI_SPECS.keys()]);
  });

  it("caches per id", () => {
    expect(loadCityPack("shenzhen")).toBe(loadCityPack("shenzhen"));
  });

  it("keeps basemap files small enough for slow networks", () => {
    for (const id of ["shenzhen", "demo-harbour"]) {
      const pack = loadCityPack(id);
      for (const file of Object.values(pack.basemap)) {
        expect(readFileSync(path.join(ROOT, id, file)).length).toBeLessThan(300_000);
      }
    }
  });
});

describe("loadCityPack on broken packs", () => {
  it("names an unknown city", () => {
    const err = errorOf(() => loadCityPack("atlantis"));
    expect(err.path).toBe("atlantis/");
    expect(err.problem).toMatch(/unknown city pack/);
  });

  it("refuses ids that could escape the packs folder", () => {
    expect(errorOf(() => loadCityPack("../secrets")).problem).toMatch(/unknown city pack/);
  });

  it("names file and JSON path of a bad population", () => {
    const root = brokenPack("pack.json", (p) => {
      obj(arr(p.districts)[3]).population = -5;
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.message).toBe("city pack invalid at pack.json: districts[3].population: expected a positive number");
  });

  it("names a KPI the domain registry does not compute", () => {
    const root = brokenPack("pack.json", (p) => {
      obj(arr(p.kpis)[2]).id = "energy.unknownFigure";
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("pack.json: kpis[2].id");
    expect(err.problem).toMatch(/not in the domain registry/);
  });

  it("names a duplicated KPI id", () => {
    const root = brokenPack("pack.json", (p) => {
      const kpis = arr(p.kpis);
      obj(kpis[5]).id = obj(kpis[4]).id;
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("pack.json: kpis[5].id");
    expect(err.problem).toMatch(/duplicate KPI id/);
  });

  it("names a district polygon whose id is not in pack.json", () => {
    const root = brokenPack("districts.geojson", (fc) => {
      obj(obj(arr(fc.features)[2]).properties).id = "kowloon";
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("districts.geojson: features[2].properties.id");
    expect(err.problem).toMatch(/"kowloon" is not a district/);
  });

  it("names a district of pack.json that has no polygon", () => {
    const root = brokenPack("districts.geojson", (fc) => {
      fc.features = arr(fc.features).filter((f) => obj(f.properties).id !== "dapeng");
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("pack.json: districts[9].id");
    expect(err.problem).toMatch(/no polygon/);
  });

  it("names a coordinate outside the longitude range", () => {
    const root = brokenPack("roads.geojson", (fc) => {
      const coords = obj(obj(arr(fc.features)[1]).geometry).coordinates as number[][];
      (coords[2] as number[])[0] = 214.1;
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("roads.geojson: features[1].geometry.coordinates[2][0]");
    expect(err.problem).toMatch(/longitude/);
  });

  it("names a polygon ring that is not closed", () => {
    const root = brokenPack("districts.geojson", (fc) => {
      const ring = (obj(obj(arr(fc.features)[0]).geometry).coordinates as number[][][])[0] as number[][];
      ring.pop();
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("districts.geojson: features[0].geometry.coordinates[0]");
    expect(err.problem).toMatch(/not closed/);
  });

  it("checks land and water too", () => {
    const root = brokenPack("water.geojson", (fc) => {
      const geom = obj(obj(arr(fc.features)[1]).geometry);
      (((geom.coordinates as number[][][])[0] as number[][])[0] as number[])[1] = -95;
    });
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("water.geojson: features[1].geometry.coordinates[0][0][1]");
    expect(err.problem).toMatch(/latitude/);
  });

  it("names a file that is not JSON", () => {
    const root = brokenPack("metro.geojson", () => undefined);
    writeFileSync(path.join(root, "shenzhen", "metro.geojson"), "{ not json");
    const err = errorOf(() => loadCityPack("shenzhen", root));
    expect(err.path).toBe("metro.geojson");
    expect(err.problem).toMatch(/not valid JSON/);
  });

  it("names a pack whose id does not match its folder", () => {
    const root = brokenPack("pack.json", (p) => {
      p.id = "shenzhen-old";
    });
    expect(errorOf(() => loadCityPack("shenzhen", root)).path).toBe("pack.json: id");
  });
});
