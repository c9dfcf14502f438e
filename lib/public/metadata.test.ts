import { describe, expect, it } from "vitest";
import { dataPackage, dcatDataset } from "./metadata";
import type { Dataset } from "./open-data";
import type { PublicFigure } from "./schemas";

const T = (en: string, zh: string) => ({ en, zh });

const figure = (id: string, domain: PublicFigure["definition"]["domain"], source = T("TwinOps embedded simulator", "TwinOps 内置模拟器")): PublicFigure => ({
  definition: {
    id,
    domain,
    name: T(id, id),
    definition: T("", ""),
    formula: "",
    unit: { symbol: "", code: "C62" },
    cadenceSeconds: 300,
    owner: domain === "energy" ? T("Development and Reform Commission", "发展和改革委员会") : T("Transport Bureau", "交通运输局"),
    source,
  },
  value: 1,
  asOf: "2026-07-15T01:30:00.000Z",
  previous: null,
  stale: false,
  suppression: null,
  usual: null,
});

const snap = {
  city: { id: "shenzhen", name: T("Shenzhen", "深圳"), timezone: "Asia/Shanghai" },
  simulated: true,
  delayMinutes: 15,
  figures: [figure("energy.load", "energy"), figure("energy.renewableShare", "energy"), figure("logistics.teuToday", "logistics", T("Port community system", "港口公共信息平台"))],
};

const dataset = (id: string, domain: Dataset["domain"]): Dataset => ({
  id,
  domain,
  title: T("Electric load by district", "各区用电负荷"),
  description: T("Mean electric load over the 15 minutes before the as-of time.", "截至统计时间前 15 分钟的平均用电负荷。"),
  asOf: "2026-07-15T01:30:00.000Z",
  updateSeconds: 300,
  columns: [{ name: "value", type: "number", unit: "MW", description: T("Load", "负荷") }],
  rows: [[1]],
});

describe("provenance in datapackage.json", () => {
  it("names the source system, the method in both languages, the licence and the simulated flag", () => {
    const pkg = dataPackage(dataset("energy-load-by-district", "energy"), snap);
    expect(pkg.sources).toEqual([{ title: "TwinOps embedded simulator" }]);
    const p = pkg["twinops:provenance"];
    expect(p).toMatchObject({ simulated: true, licence: "CC-BY-4.0", source: T("TwinOps embedded simulator", "TwinOps 内置模拟器") });
    expect(p.owner.zh).toBe("发展和改革委员会");
    expect(p.method.en).toMatch(/^Mean electric load .*simulated by the city twin \(not measured\).*at least 15 minutes/);
    expect(p.method.zh).toMatch(/^截至统计时间前 15 分钟.*模拟生成（并非实测）.*至少延迟 15 分钟/);
  });

  it("lists the published figures a simulated domain is scaled to as sources with their addresses", () => {
    const pkg = dataPackage(dataset("logistics-teu-hourly", "logistics"), snap);
    expect(pkg.sources[0]).toEqual({ title: "Port community system" });
    const port = pkg.sources.find((s) => "path" in s && s.title.includes("container throughput (2023)"));
    expect(port && "path" in port ? new URL(port.path).protocol : null).toBe("https:");
  });

  it("says measured, not simulated, for a twin fed by the city", () => {
    const pkg = dataPackage(dataset("energy-load-by-district", "energy"), { ...snap, simulated: false });
    expect(pkg["twinops:provenance"].simulated).toBe(false);
    expect(pkg["twinops:provenance"].method.en).toContain("aggregated by the city twin from the city's sensor feeds");
    expect(pkg.keywords).not.toContain("simulated");
  });

  it("takes a city-wide dataset's sources from every domain's figures, once each", () => {
    const pkg = dataPackage(dataset("city-figures", null), snap);
    expect(pkg.sources[0]).toEqual({ title: "TwinOps embedded simulator; Port community system" });
  });
});

describe("provenance in DCAT", () => {
  const origin = "https://open.city.example";

  it("states the method as dct:provenance and the generating activity as prov:wasGeneratedBy, in both languages", () => {
    const node = dcatDataset(dataset("energy-load-by-district", "energy"), snap, origin);
    expect(node["@context"]).toMatchObject({ prov: "http://www.w3.org/ns/prov#", rdfs: "http://www.w3.org/2000/01/rdf-schema#" });
    const statement = node["dct:provenance"];
    expect(statement["@type"]).toBe("dct:ProvenanceStatement");
    expect(statement["rdfs:label"].map((l) => l["@language"])).toEqual(["en", "zh-Hans"]);
    expect(statement["rdfs:label"][0]!["@value"]).toContain("simulated");
    const activity = node["prov:wasGeneratedBy"];
    expect(activity["rdfs:label"][0]!["@value"]).toBe("Simulation by the city twin");
    expect(activity["prov:wasAssociatedWith"]["foaf:name"][0]!["@value"]).toBe("TwinOps embedded simulator");
    // Energy's simulation follows no published figure.
    expect("dct:source" in node).toBe(false);
  });

  it("links the published figures behind a simulation as dct:source", () => {
    const node = dcatDataset(dataset("logistics-teu-hourly", "logistics"), snap, origin);
    const sources = ("dct:source" in node ? node["dct:source"] : undefined) ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(new URL(s["@id"]).protocol).toBe("https:");
  });

  it("cites the dataset under the origin it is given", () => {
    const node = dcatDataset(dataset("energy-load-by-district", "energy"), snap, origin);
    expect(node["dct:bibliographicCitation"]).toBe(
      "TwinOps, Shenzhen (2026). Electric load by district (simulated data) [Data set]. https://open.city.example/api/public/v1/datasets/energy-load-by-district.csv. Licence: CC-BY-4.0.",
    );
    expect(node["@id"]).toBe(`${origin}/public/en/data/energy-load-by-district`);
  });
});
