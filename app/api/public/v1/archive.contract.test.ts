/**
 * Contract of the public archive (`/api/public/v1/archive/<id>.csv|json`) and the portal's
 * metadata files, over a real embedded twin (Shenzhen, clock pinned): a past range answers the
 * twin API's own hourly values for those days, whole city days in city time; every bad range is
 * a 400 (or 404) in the problem envelope, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeriesResponseSchema } from "@/lib/twin-client/schemas";
import { seriesKey } from "@/lib/twin-client/keys";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { GET as series } from "../../twin/v1/series/route";
import { GET as archive } from "./archive/[file]/route";
import { get, problemOf } from "@/test/public-api";
import { GET as dataset } from "./datasets/[file]/route";
import { GET as boundaries } from "./districts.geojson/route";
import { GET as catalog } from "./catalog.jsonld/route";

// 10:00 on 15 July in Shenzhen: the public as-of is that morning, so 14 July is the last whole day.
const NOW = new Date("2026-07-15T10:00:00+08:00");
let twin: EmbeddedTwin;
let ops: SqliteOpsStore;
let auth: { authorization: string };

beforeAll(async () => {
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 2.5, tickSeconds: 0, clock: manualClock(NOW) });
  ops = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(ops);
  setTwinForTesting(embeddedPort(twin));
  auth = { authorization: `Bearer ${(await ops.issueToken("device", "archive tests", ["city"], { actor: "test", role: "-" })).token}` };
}, 120_000);
afterAll(async () => {
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  twin.close();
  await ops.close();
});

const archiveOf = (file: string, qs: string) => get(archive, `/api/public/v1/archive/${file}?${qs}`, file);

/** The body as sent: `Response.text()` drops a leading byte-order mark. */
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const BOM = [0xef, 0xbb, 0xbf];


interface ArchiveJson {
  columns: { name: string }[];
  records: { date: string; hour_start: string; hour_start_local: string; value: number | null }[];
  licence: { id: string };
}

describe("GET /api/public/v1/archive/<id>", () => {
  it("answers a past range as whole city days whose hourly values are the twin API's", async () => {
    const res = await archiveOf("energy-load-hourly.json", "from=2026-07-13&to=2026-07-14");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age");
    expect(res.headers.get("content-disposition")).toContain("energy-load-hourly_2026-07-13_2026-07-14.json");
    const body = (await res.json()) as ArchiveJson;
    expect(body.licence.id).toBe("CC-BY-4.0");
    expect(body.records).toHaveLength(48);
    // Midnight to midnight in Shenzhen (UTC+8).
    expect(body.records[0]).toMatchObject({ date: "2026-07-13", hour_start: "2026-07-12T16:00:00.000Z", hour_start_local: "2026-07-13 00:00:00+08:00" });
    expect(body.records.at(-1)).toMatchObject({ date: "2026-07-14", hour_start_local: "2026-07-14 23:00:00+08:00" });

    const api = SeriesResponseSchema.parse(
      await (
        await get(series, seriesKey({ metric: "energy.load", from: new Date("2026-07-12T16:00:00Z"), to: new Date("2026-07-14T16:00:00Z"), step: "PT1H", agg: ["avg"] }), undefined, auth)
      ).json(),
    );
    const s = api.series[0]!;
    expect(s.t).toEqual(body.records.map((r) => r.hour_start));
    const expected = s.values.avg!.map((v) => (v === null ? null : Math.round(v * 100) / 100));
    expect(body.records.map((r) => r.value)).toEqual(expected);
    expect(expected.filter((v) => v !== null).length).toBeGreaterThan(40);
  });

  it("writes the same rows as CSV with a byte-order mark and the dictionary's columns", async () => {
    const [csv, js] = await Promise.all([archiveOf("transport-metro-entries-hourly.csv", "from=2026-07-14&to=2026-07-14"), archiveOf("transport-metro-entries-hourly.json", "from=2026-07-14&to=2026-07-14")]);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = await bytesOf(csv);
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("date,hour_start,hour_start_local,value\r\n")).toBe(true);
    const lines = text.trim().split("\r\n").slice(1);
    const body = (await js.json()) as ArchiveJson;
    expect(lines).toHaveLength(24);
    expect(lines.map((l) => Number(l.split(",")[3]))).toEqual(body.records.map((r) => r.value));
    // Metro entries are summed per hour: whole passengers.
    for (const r of body.records) expect(Number.isInteger(r.value)).toBe(true);
  });

  it("defaults to the last whole day before the public as-of time", async () => {
    const body = (await (await archiveOf("energy-load-hourly.json", "")).json()) as ArchiveJson;
    expect(new Set(body.records.map((r) => r.date))).toEqual(new Set(["2026-07-14"]));
  });

  it.each([
    ["from=2026-7-13", "from", 400],
    ["from=yesterday", "from", 400],
    ["from=2026-02-30", "from", 400],
    ["to=2026-07-14&from=2026-07-15", "from", 400],
    // Today is not over (and not yet public); tomorrow even less.
    ["from=2026-07-15&to=2026-07-15", "to", 400],
    ["from=2026-07-14&to=2026-08-01", "to", 400],
    // Beyond the history the twin keeps (62 days by default) and longer than 31 days.
    ["from=2026-01-01&to=2026-01-05", "from", 400],
    ["from=2026-06-01&to=2026-07-14", "to", 400],
  ])("rejects %s with a 400 naming %s", async (qs, parameter, status) => {
    const p = await problemOf(await archiveOf("energy-load-hourly.csv", qs), status);
    expect(p.errors?.map((e) => e.parameter)).toEqual([parameter]);
  });

  it("answers 404 in the envelope for a dataset with no archive or a wrong extension", async () => {
    await problemOf(await archiveOf("city-figures.csv", ""), 404);
    await problemOf(await archiveOf("energy-load-hourly.xlsx", ""), 404);
    await problemOf(await archiveOf("..%2Fsnapshot.csv", ""), 404);
  });
});

describe("portal metadata", () => {
  it("describes a dataset as a Frictionless data package whose fields are the CSV's columns", async () => {
    const pkg = (await (await get(dataset, "/", "energy-load-by-district.datapackage.json")).json()) as {
      licenses: { name: string }[];
      resources: { path: string; bytes: number; schema: { fields: { name: string }[] } }[];
    };
    const bytes = await bytesOf(await get(dataset, "/", "energy-load-by-district.csv"));
    const csv = new TextDecoder().decode(bytes);
    const r = pkg.resources[0]!;
    expect(pkg.licenses[0]!.name).toBe("CC-BY-4.0");
    expect(r.path).toBe("energy-load-by-district.csv");
    expect(r.schema.fields.map((f) => f.name).join(",")).toBe(csv.split("\r\n")[0]);
    expect(r.bytes).toBe(bytes.length);
  });

  it("serves DCAT JSON-LD for a dataset and the catalogue, in both languages", async () => {
    const res = await get(dataset, "/", "energy-load-hourly.dcat.jsonld");
    expect(res.headers.get("content-type")).toContain("application/ld+json");
    const ds = (await res.json()) as Record<string, unknown>;
    expect(ds["@type"]).toBe("dcat:Dataset");
    expect(JSON.stringify(ds["dct:title"])).toContain("zh-Hans");
    const cat = (await (await get(catalog, "/")).json()) as { "dcat:dataset": unknown[] };
    expect(cat["dcat:dataset"].length).toBeGreaterThan(5);
  });

  it("names the host the request asked for in DCAT IRIs and citations when TWINOPS_PUBLIC_URL is unset, with each dataset's provenance", async () => {
    expect(process.env.TWINOPS_PUBLIC_URL ?? "").toBe("");
    const headers = { host: "open.city.example", "x-forwarded-proto": "https" };
    const ds = (await (await get(dataset, "/", "logistics-teu-hourly.dcat.jsonld", headers)).json()) as Record<string, unknown> & {
      "dct:bibliographicCitation": string;
      "dct:provenance": { "rdfs:label": { "@value": string }[] };
      "dct:source": { "@id": string }[];
    };
    expect(ds["@id"]).toBe("https://open.city.example/public/en/data/logistics-teu-hourly");
    expect(ds["dct:bibliographicCitation"]).toContain("https://open.city.example/api/public/v1/datasets/logistics-teu-hourly.csv");
    expect(JSON.stringify(ds)).not.toContain("localhost");
    expect(ds["dct:provenance"]["rdfs:label"][0]!["@value"]).toContain("simulated");
    expect(ds["dct:source"].length).toBeGreaterThan(0);
    const cat = (await (await get(catalog, "/", undefined, headers)).json()) as { "@id": string };
    expect(cat["@id"]).toBe("https://open.city.example/api/public/v1/catalog.jsonld");
    const pkg = (await (await get(dataset, "/", "logistics-teu-hourly.datapackage.json")).json()) as { "twinops:provenance": { simulated: boolean; licence: string } };
    expect(pkg["twinops:provenance"]).toMatchObject({ simulated: true, licence: "CC-BY-4.0" });
  });

  it("offers district boundaries as GeoJSON with names, facts and provenance", async () => {
    const res = await get(boundaries, "/");
    expect(res.headers.get("content-type")).toContain("application/geo+json");
    const fc = (await res.json()) as { type: string; schematic: boolean; features: { properties: { id: string; name_zh: string; population: number } }[] };
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features).toHaveLength(10);
    expect(fc.features.find((f) => f.properties.id === "futian")?.properties).toMatchObject({ name_en: "Futian", name_zh: "福田", population: 1553225 });
    expect(fc.schematic).toBe(true);
  });
});
