import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { TwinReader } from "@/lib/twin/source";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { buildPublicSnapshot, publicInstant, usualRange } from "./read-model";
import type { PublicSnapshot } from "./schemas";

const NOW = new Date("2026-07-15T12:07:30+08:00");
let twin: EmbeddedTwin;
let snap: PublicSnapshot;

beforeAll(async () => {
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 1.1, tickSeconds: 0, clock: manualClock(NOW) });
  snap = await buildPublicSnapshot(embeddedPort(twin), { delayMinutes: 15 });
});
afterAll(() => twin.close());

/** Every key path in a JSON value, arrays collapsed to `[]`. */
function keyPaths(v: unknown, prefix = ""): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown, p: string) => {
    if (Array.isArray(x)) x.forEach((y) => walk(y, `${p}[]`));
    else if (x && typeof x === "object") for (const [k, y] of Object.entries(x)) { out.add(`${p}.${k}`); walk(y, `${p}.${k}`); }
  };
  walk(v, prefix);
  return out;
}

describe("public delay, on or off the slot grid", () => {
  // Issue 16: a feed row stamped between the 15-minute slots reached the public page in under
  // the 15-minute delay, because a slot's figure holds every row up to the slot's end.
  it("keeps an off-grid row off the public figures until its delay has passed", async () => {
    const start = new Date("2026-03-02T09:00:00+08:00");
    const clock = manualClock(start);
    const t = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 7, backfillDays: 0.3, tickSeconds: 0, clock });
    try {
      const port = embeddedPort(t);
      const beds = (await port.listAssets({ type: "Building", limit: 100 })).assets[0]!;
      const ds = (await port.getAsset(beds.id))!.latest.find((l) => l.datastreamId.endsWith("bedsOccupied"))!;
      const occupancy = async () =>
        (await buildPublicSnapshot(port, { delayMinutes: 15 })).figures.find((f) => f.definition.id === "health.bedOccupancy")!.value;
      // Seven minutes into the 15-minute slot that started at 09:00, 100 more beds than its grid reading.
      clock.set(new Date("2026-03-02T09:08:00+08:00"));
      const rowAt = new Date("2026-03-02T09:07:00+08:00");
      expect(ds.t).toBe("2026-03-02T01:00:00.000Z");
      expect((await port.ingest([{ datastreamId: ds.datastreamId, t: rowAt.toISOString(), v: ds.v + 100 }])).accepted).toBe(1);
      const seen: { at: string; value: number | null }[] = [];
      for (const minutes of [0, 10, 14, 15, 20, 25, 30, 35]) {
        clock.set(new Date(rowAt.getTime() + minutes * 60_000));
        seen.push({ at: `+${minutes} min`, value: await occupancy() });
      }
      const base = seen[0]!.value;
      // Before its delay has passed the figures do not move; some time after it, the row is in them.
      for (const s of seen.slice(0, 3)) expect(s, s.at).toEqual({ at: s.at, value: base });
      expect(seen.at(-1)!.value).not.toBe(base);
    } finally {
      t.close();
    }
  });
});

describe("public read model", () => {
  it("describes a moment whose rollup slots (up to 15 minutes wide) ended at least 15 minutes ago, on a 5-minute boundary", () => {
    expect(snap.asOf).toBe("2026-07-15T03:35:00.000Z");
    expect(NOW.getTime() - new Date(snap.asOf).getTime()).toBeGreaterThanOrEqual(30 * 60_000);
    expect(publicInstant(NOW, 60).toISOString()).toBe("2026-07-15T02:50:00.000Z");
    for (const f of snap.figures) expect(new Date(f.asOf).getTime()).toBeLessThanOrEqual(new Date(snap.asOf).getTime());
    for (const h of snap.hourly) for (const t of h.t) expect(new Date(t).getTime() + 3600_000).toBeLessThanOrEqual(new Date(snap.asOf).getTime());
  });

  it("publishes only public KPIs, with meaning, method and cadence but no thresholds or targets", () => {
    const ids = snap.figures.map((f) => f.definition.id);
    expect(ids).toContain("energy.load");
    expect(ids).not.toContain("energy.feedersOverloaded");
    expect(ids).not.toContain("construction.dustExceedances");
    const load = snap.figures.find((f) => f.definition.id === "energy.load")!;
    expect(load.value).toBeGreaterThan(10_000);
    expect(load.definition.definition.zh.length).toBeGreaterThan(0);
    expect(load.definition.formula).toMatch(/Substation/);
    expect(JSON.stringify(snap)).not.toMatch(/"thresholds"|"target"|"public"|"status"/);
  });

  it("carries exactly the allow-listed fields (a new field must be added here on purpose)", () => {
    expect([...keyPaths(snap)].sort()).toMatchInlineSnapshot(`
      [
        ".asOf",
        ".city",
        ".city.id",
        ".city.name",
        ".city.name.en",
        ".city.name.zh",
        ".city.timezone",
        ".delayMinutes",
        ".districtTables",
        ".districtTables[].asOf",
        ".districtTables[].cells",
        ".districtTables[].cells[].district",
        ".districtTables[].cells[].name",
        ".districtTables[].cells[].name.en",
        ".districtTables[].cells[].name.zh",
        ".districtTables[].cells[].suppression",
        ".districtTables[].cells[].value",
        ".districtTables[].description",
        ".districtTables[].description.en",
        ".districtTables[].description.zh",
        ".districtTables[].domain",
        ".districtTables[].id",
        ".districtTables[].kind",
        ".districtTables[].title",
        ".districtTables[].title.en",
        ".districtTables[].title.zh",
        ".districtTables[].total",
        ".districtTables[].unit",
        ".districtTables[].unit.code",
        ".districtTables[].unit.symbol",
        ".empty",
        ".figures",
        ".figures[].asOf",
        ".figures[].definition",
        ".figures[].definition.cadenceSeconds",
        ".figures[].definition.definition",
        ".figures[].definition.definition.en",
        ".figures[].definition.definition.zh",
        ".figures[].definition.domain",
        ".figures[].definition.formula",
        ".figures[].definition.id",
        ".figures[].definition.name",
        ".figures[].definition.name.en",
        ".figures[].definition.name.zh",
        ".figures[].definition.owner",
        ".figures[].definition.owner.en",
        ".figures[].definition.owner.zh",
        ".figures[].definition.source",
        ".figures[].definition.source.en",
        ".figures[].definition.source.zh",
        ".figures[].definition.unit",
        ".figures[].definition.unit.code",
        ".figures[].definition.unit.symbol",
        ".figures[].previous",
        ".figures[].stale",
        ".figures[].suppression",
        ".figures[].usual",
        ".figures[].usual.days",
        ".figures[].usual.high",
        ".figures[].usual.low",
        ".figures[].usual.verdict",
        ".figures[].value",
        ".hourly",
        ".hourly[].aggregate",
        ".hourly[].domain",
        ".hourly[].id",
        ".hourly[].t",
        ".hourly[].title",
        ".hourly[].title.en",
        ".hourly[].title.zh",
        ".hourly[].unit",
        ".hourly[].unit.code",
        ".hourly[].unit.symbol",
        ".hourly[].values",
        ".nextUpdate",
        ".simulated",
      ]
    `);
  });

  it("drops a field the twin adds, and never names an asset", async () => {
    const port = embeddedPort(twin);
    const leaky: TwinReader = {
      ...port,
      kpis: async (d, at) => (await port.kpis(d, at)).map((k) => ({ ...k, internalNote: "SECRET-KPI", definition: { ...k.definition, secret: "SECRET-DEF" } })),
    };
    const json = JSON.stringify(await buildPublicSnapshot(leaky, { delayMinutes: 15 }));
    expect(json).not.toContain("SECRET");
    expect(json).not.toContain("urn:ngsi-ld");
    expect(json).not.toMatch(/assetIds|contributors/);
  });

  it("suppresses small counts so the district table and the city total agree and reveal none", () => {
    const sites = snap.districtTables.find((t) => t.id === "construction-sites-by-district")!;
    const published = sites.cells.filter((c) => c.value !== null);
    for (const c of published) expect(c.value === 0 || c.value! >= 11).toBe(true);
    const small = sites.cells.filter((c) => c.suppression === "small");
    if (small.length > 0) expect(sites.cells.filter((c) => c.suppression !== null).length).toBeGreaterThanOrEqual(2);
    const figure = snap.figures.find((f) => f.definition.id === "construction.activeSites")!;
    expect(figure.value).toBe(sites.total);
    const metro = snap.districtTables.find((t) => t.id === "transport-metro-trips-by-district")!;
    expect(snap.figures.find((f) => f.definition.id === "transport.metroTripsToday")!.value).toBe(metro.total);
    expect(metro.total).toBeGreaterThan(100_000);
  });

  it("withholds district health levels fed by fewer than 3 hospitals", () => {
    const beds = snap.districtTables.find((t) => t.id === "health-bed-occupancy-by-district")!;
    expect(beds.cells).toHaveLength(twin.districts().length);
    for (const c of beds.cells) {
      if (c.suppression === "few") expect(c.value).toBeNull();
      else expect(c.value).toBeGreaterThan(0);
    }
  });
});

describe("usual for this time of day", () => {
  it("is the range over the last days, and now is better or worse by the indicator's direction", () => {
    const week = [20_100, 21_000, 19_800, null, 22_400, 20_500, 21_200];
    expect(usualRange(21_000, week, "lower", 0)).toEqual({ low: 19_800, high: 22_400, days: 6, verdict: "usual" });
    expect(usualRange(23_000, week, "lower", 0)?.verdict).toBe("worse");
    expect(usualRange(23_000, week, "higher", 0)?.verdict).toBe("better");
    expect(usualRange(19_000, week, "lower", 0)?.verdict).toBe("better");
    expect(usualRange(null, week, "lower", 0)?.verdict).toBeNull();
  });

  it("reads 0 % solar at night as usual when every earlier night was 0 %", () => {
    expect(usualRange(0, [0, 0, 0, 0, 0, 0, 0], "higher", 1)).toEqual({ low: 0, high: 0, days: 7, verdict: "usual" });
  });

  it("says nothing with fewer than 3 earlier days", () => {
    expect(usualRange(5, [4, null, null, 6, null, null, null], "higher", 1)).toBeNull();
  });

  it("claims no usual range from a twin that holds about one day of measured history", () => {
    // The twin above was backfilled 1.1 days: one earlier day of load is not a "usual".
    const load = snap.figures.find((f) => f.definition.id === "energy.load")!;
    expect(load.usual).toBeNull();
  });
});
