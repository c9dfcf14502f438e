/**
 * Contract of the public district archives (`/api/public/v1/archive/<district table>.csv|json`)
 * on both twin backends (embedded SQLite, and PostgreSQL on the throwaway server, skipped loudly
 * without one): a past day answers one row per district whose value is the twin API's own hourly
 * values of that district and day (a level's mean, a count's total), privacy rules kept (a level
 * over too few assets and small counts withheld, with their flag); CSV and JSON hold the same
 * rows; bad ranges and ids are 4xx in the problem envelope. Shenzhen, clock pinned to 15 July
 * 01:00 (UTC+8) with 2.4 hours of history, so 14 July is the last archived day and has its
 * last hours.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { DISTRICT_ARCHIVES } from "@/lib/public/district-archive";
import { SeriesResponseSchema } from "@/lib/twin-client/schemas";
import { seriesKey } from "@/lib/twin-client/keys";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { TwinPort } from "@/lib/twin/source";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { openPgTwin } from "@/lib/twin/sources/pg-port";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { GET as series } from "../../twin/v1/series/route";
import { GET as archive } from "./archive/[file]/route";
import { get, problemOf } from "@/test/public-api";

const NOW = new Date("2026-07-15T01:00:00+08:00");
const DAY = "2026-07-14";
const DAY_FROM = new Date("2026-07-13T16:00:00Z");
const DAY_TO = new Date("2026-07-14T16:00:00Z");
const pgUrl = testPgUrl();

interface Backend {
  name: string;
  timeoutMs: number;
  open(): Promise<{ port: TwinPort; close(): Promise<void> }>;
}

const SIM = { city: "shenzhen", seed: 42, backfillDays: 0.1, tickSeconds: 0 } as const;

const embedded: Backend = {
  name: "embedded SQLite twin",
  timeoutMs: 60_000,
  async open() {
    const twin = createEmbeddedTwin({ ...SIM, dbPath: ":memory:", clock: manualClock(NOW) });
    return { port: embeddedPort(twin), close: async () => twin.close() };
  },
};

const postgres: Backend = {
  name: "PostgreSQL twin",
  timeoutMs: 240_000,
  async open() {
    const schema = freshSchemaName("parch");
    const port = await openPgTwin({ ...SIM, url: pgUrl!, schema, clock: manualClock(NOW) });
    return {
      port,
      close: async () => {
        await port.close();
        await dropSchema(pgUrl!, schema);
        await dropSchema(pgUrl!, `${schema}_ops`);
      },
    };
  },
};

describe(embedded.name, () => contract(embedded));
// Without a server the setup (test/postgres.ts) prints why these are skipped.
describe.skipIf(!pgUrl)(postgres.name, () => contract(postgres));

const archiveOf = (file: string, qs: string) => get(archive, `/api/public/v1/archive/${file}?${qs}`, file);

interface Row {
  date: string;
  day_start: string;
  day_start_local: string;
  district: string;
  district_en: string;
  district_zh: string;
  value: number | null;
  flag: string;
}


function contract(backend: Backend) {
  let close: () => Promise<void>;
  let ops: SqliteOpsStore;
  let auth: { authorization: string };

  beforeAll(async () => {
    const opened = await backend.open();
    close = opened.close;
    ops = new SqliteOpsStore(":memory:");
    setOpsStoreForTesting(ops);
    setTwinForTesting(opened.port);
    auth = { authorization: `Bearer ${(await ops.issueToken("device", "district archive tests", ["city"], { actor: "test", role: "-" })).token}` };
  }, backend.timeoutMs);
  afterAll(async () => {
    setTwinForTesting(undefined);
    setOpsStoreForTesting(undefined);
    await ops.close();
    await close();
  });

  /** The twin API's hourly values of a metric over the archived day, for one district. */
  async function apiHours(metric: string, district: string, agg: "avg" | "sum"): Promise<number[]> {
    const res = await get(series, seriesKey({ metric, district, from: DAY_FROM, to: DAY_TO, step: "PT1H", agg: [agg] }), undefined, auth);
    const s = SeriesResponseSchema.parse(await res.json()).series[0];
    return (s?.values[agg] ?? []).filter((v): v is number => v !== null);
  }

  async function rowsOf(id: string): Promise<Row[]> {
    const res = await archiveOf(`${id}.json`, `from=${DAY}&to=${DAY}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`${id}_${DAY}_${DAY}.json`);
    return ((await res.json()) as { records: Row[] }).records;
  }

  it("answers a past day of a level per district as the mean of the twin API's hourly means, withholding thin districts", async () => {
    const spec = DISTRICT_ARCHIVES.find((a) => a.id === "energy-load-by-district")!;
    const rows = await rowsOf(spec.id);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ date: DAY, day_start: DAY_FROM.toISOString(), day_start_local: `${DAY} 00:00:00+08:00` });
    expect(rows.find((r) => r.district === "futian")).toMatchObject({ district_en: "Futian", district_zh: "福田" });
    let published = 0;
    for (const r of rows) {
      if (r.flag === "too_few_sources") {
        expect(r.value).toBeNull();
        continue;
      }
      expect(r.flag, r.district).toBe("");
      const hours = await apiHours(spec.metric, r.district, "avg");
      expect(hours.length, r.district).toBeGreaterThan(0);
      const mean = hours.reduce((a, v) => a + v, 0) / hours.length;
      expect(r.value, r.district).toBe(Math.round(mean * 10 ** spec.digits) / 10 ** spec.digits);
      published += 1;
    }
    expect(published).toBeGreaterThan(5);
  });

  it("answers metro trips per district as whole daily totals of the API's hourly sums, small counts withheld", async () => {
    const rows = await rowsOf("transport-metro-trips-by-district");
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      if (r.flag === "fewer_than_11" || r.flag === "withheld") {
        expect(r.value).toBeNull();
        continue;
      }
      const total = Math.round((await apiHours("transport.metroEntries", r.district, "sum")).reduce((a, v) => a + v, 0));
      expect(r.value, r.district).toBe(total);
      expect(Number.isInteger(r.value)).toBe(true);
    }
    expect(rows.filter((r) => (r.value ?? 0) > 10).length).toBeGreaterThan(5);
  });

  it("writes the same rows as CSV: byte-order mark, CRLF, the dictionary's header, local day start with its offset", async () => {
    const id = "transport-congestion-by-district";
    const [csv, rows] = await Promise.all([archiveOf(`${id}.csv`, `from=${DAY}&to=${DAY}`), rowsOf(id)]);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...lines] = new TextDecoder().decode(bytes).split("\r\n").filter(Boolean);
    expect(head).toBe("date,day_start,day_start_local,district,district_en,district_zh,value,flag");
    expect(lines.map((l) => l.split(","))).toEqual(rows.map((r) => [r.date, r.day_start, r.day_start_local, r.district, r.district_en, r.district_zh, r.value === null ? "" : String(r.value), r.flag]));
  });

  it.each([
    ["energy-load-by-district.csv", "from=2026-07-14&to=2026-07-15", 400, "to"],
    ["energy-load-by-district.json", "from=14.07.2026", 400, "from"],
    ["transport-metro-trips-by-district.csv", "from=2026-07-14&to=2026-07-10", 400, "from"],
    ["energy-load-by-district.csv", "from=2026-04-01&to=2026-04-02", 400, "from"],
    // Construction sites are an inventory state with no history: no archive.
    ["construction-sites-by-district.csv", "", 404, null],
    ["energy-load-by-district.xml", "", 404, null],
  ])("answers %s?%s with %i in the problem envelope", async (file, qs, status, parameter) => {
    const p = await problemOf(await archiveOf(file, qs), status);
    if (parameter) expect(p.errors?.map((e) => e.parameter)).toEqual([parameter]);
  });
}
