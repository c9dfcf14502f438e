/**
 * The PostgreSQL twin fed only by real feeds (TWINOPS_SIMULATOR=off): no backfill, ticks or
 * forecast, "empty" until the first row; and a correction reaching the writer's alert engine (the
 * stream's rule runs again when its newest reading is corrected), as on the embedded twin.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { until } from "@/test/until";
import { manualClock } from "../simulator/clock";
import type { TwinPort } from "../source";
import { openPgTwin } from "./pg-port";

const url = testPgUrl();
const pack = loadCityPack("demo-harbour");
const inventory = generateInventory(pack);
const START = new Date("2026-03-02T08:00:00Z");
const feeder = inventory.datastreams.find((d) => d.property === "loading")!;
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000).toISOString();
const ACTOR = { name: "test", role: "admin" };

describe.skipIf(!url)("PostgreSQL twin with TWINOPS_SIMULATOR=off", () => {
  const schema = freshSchemaName("feeds");
  const clock = manualClock(START);
  let port: TwinPort & { writer: { isWriter: boolean; tick(): Promise<void> } };
  let sql: pg.Client;
  const count = async (table: string) => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${table}`)).rows[0]!.n);
  const open = () => openPgTwin({ url: url!, schema, city: pack.id, seed: 7, backfillDays: 1, tickSeconds: 0, clock, pack, inventory, simulator: false });

  beforeAll(async () => {
    port = (await open()) as typeof port;
    sql = new pg.Client({ connectionString: url! });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await port?.close();
    await sql?.end();
    await dropSchema(url!, schema);
    await dropSchema(url!, opsSchemaName(schema));
  });

  it("backfills, ticks and forecasts nothing, and says it is empty until the first row", async () => {
    expect(port.writer.isWriter).toBe(true);
    clock.advance(3600);
    await port.writer.tick();
    expect(await count("observations")).toBe(0);
    expect(await count("rollups")).toBe(0);
    expect(await port.info()).toMatchObject({ backend: "postgres", simulated: false, empty: true });
    expect((await port.dataThrough()).getTime()).toBe(0);
    expect((await port.latest([feeder.id]))[0]?.t ?? null).toBeNull();

    const r = await port.ingest([{ datastreamId: feeder.id, t: at(30), v: 80 }]);
    expect(r).toMatchObject({ accepted: 1, rejected: [] });
    expect(await port.info()).toMatchObject({ simulated: false, empty: false });
    expect((await port.dataThrough()).toISOString()).toBe(at(30));
    clock.advance(600);
    await port.writer.tick();
    expect(await count("observations")).toBe(1);
  });

  it("re-runs the stream's alert rule when its newest reading is corrected", async () => {
    const open = async () => (await port.alerts({ state: ["open", "acknowledged", "assigned"], assetId: feeder.assetId, limit: 100 }));
    expect((await port.ingest([{ datastreamId: feeder.id, t: at(35), v: 97 }])).accepted).toBe(1);
    await until(async () => (await open()).length === 1, 10_000, () => "no overload alert raised");
    expect((await open())[0]).toMatchObject({ severity: "major", value: 97 });

    const c = await port.correct({ datastreamId: feeder.id, t: at(35), v: 60, reason: "meter glitch" }, ACTOR);
    expect(c).toMatchObject({ ok: true, before: 97, after: 60 });
    await until(async () => (await open()).length === 0, 10_000, () => "the alert stayed open after the correction");
    const [resolved] = (await port.alerts({ state: ["resolved"], assetId: feeder.assetId, limit: 100 }));
    expect(resolved?.end).toBe(at(35));

    // Withdrawing the newest reading hands the stream back to the one before: nothing to raise.
    expect((await port.ingest([{ datastreamId: feeder.id, t: at(40), v: 99 }])).accepted).toBe(1);
    await until(async () => (await open()).length === 1, 10_000, () => "no second alert");
    expect(await port.correct({ datastreamId: feeder.id, t: at(40), v: null, reason: "withdrawn" }, ACTOR)).toMatchObject({ ok: true });
    await until(async () => (await open()).length === 0, 10_000, () => "the alert stayed open after the withdrawal");
  });
});
