/**
 * Logistics through the twin API, as a client sees it: the embedded Shenzhen twin (one day of
 * history, clock pinned to a working afternoon) answers the domain's assets, KPIs and alerts via
 * the real route handlers. The store is shared by every domain; app/api/twin/v1/contract.test.ts
 * runs the storage contract on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertsResponseSchema, AssetsResponseSchema, KpisResponseSchema, ProblemSchema, SeriesResponseSchema } from "@/lib/twin-client/schemas";
import { alertsKey, assetsKey, kpisKey, seriesKey } from "@/lib/twin-client/keys";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { GET as assets } from "@/app/api/twin/v1/assets/route";
import { GET as kpis } from "@/app/api/twin/v1/kpis/route";
import { GET as alerts } from "@/app/api/twin/v1/alerts/route";
import { GET as series } from "@/app/api/twin/v1/series/route";
import { DRONE_FLIGHTS_PER_YEAR, published } from "./sites";

/** Wednesday 16:00 in Shenzhen: two thirds of the day's containers handled, gates at their afternoon peak. */
const START = new Date("2026-07-15T16:00:00+08:00");
let twin: EmbeddedTwin;
let ops: SqliteOpsStore;
/** A read-only device token for the city board (every domain), as a wall display sends it. */
let auth: Record<string, string>;

const get = async (handler: typeof kpis, path: string) => {
  const res = await handler(new Request(`http://localhost${path}`, { headers: auth }), { params: Promise.resolve({}) });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as unknown };
};

beforeAll(async () => {
  ops = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(ops);
  auth = { authorization: `Bearer ${(await ops.issueToken("device", "logistics tests", ["city"], { actor: "test", role: "-" })).token}` };
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 1, tickSeconds: 0, clock: manualClock(START) });
  setTwinForTesting(embeddedPort(twin));
}, 120_000);

afterAll(async () => {
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  twin?.close();
  await ops?.close();
});

describe("logistics in the twin API", () => {
  it("lists the port, airport, parks, cold stores, drone routes and corridors as GeoJSON", async () => {
    const r = await get(assets, assetsKey({ domain: "logistics", limit: 500 }));
    expect(r.status).toBe(200);
    const body = AssetsResponseSchema.parse(r.body);
    const types = new Set(body.features.map((f) => f.properties.type));
    expect([...types].sort()).toEqual(["AirCargoTerminal", "ColdChainWarehouse", "ContainerTerminal", "DroneRoute", "Gate", "LogisticsPark", "TruckCorridor"]);
    const yantian = body.features.find((f) => f.properties.name.zh === "盐田国际集装箱码头");
    expect(yantian?.properties.district).toBe("yantian");
    expect(body.features.filter((f) => f.properties.type === "DroneRoute").every((f) => f.geometry.type === "LineString")).toBe(true);
  });

  it("answers the six headline KPIs with units, as-of, bilingual definitions and simulated owners", async () => {
    const r = await get(kpis, kpisKey({ domain: "logistics" }));
    expect(r.status).toBe(200);
    const body = KpisResponseSchema.parse(r.body);
    const byId = new Map(body.kpis.map((k) => [k.definition.id, k]));
    for (const id of ["teuToday", "berthOccupancy", "vesselsWaiting", "gateQueueMinutes", "airCargoToday", "droneDeliveriesToday"]) {
      const k = byId.get(`logistics.${id}`);
      expect(k, id).toBeDefined();
      expect(k!.value, id).not.toBeNull();
      expect(k!.stale, id).toBe(false);
      expect(k!.definition.owner.en).toMatch(/\(simulated\)/);
      expect(k!.definition.owner.zh).toMatch(/模拟/);
      expect(k!.definition.definition.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    // By 16:00 about two thirds of a day's ~82,000 TEU, 4,400 t of air cargo and 1,400 drone deliveries.
    const share = (id: string, perYear: number) => byId.get(id)!.value! / (perYear / 365);
    expect(share("logistics.teuToday", published("portTeu"))).toBeGreaterThan(0.5);
    expect(share("logistics.teuToday", published("portTeu"))).toBeLessThan(0.8);
    expect(share("logistics.airCargoToday", published("airCargo"))).toBeGreaterThan(0.5);
    expect(share("logistics.airCargoToday", published("airCargo"))).toBeLessThan(0.85);
    expect(share("logistics.droneDeliveriesToday", DRONE_FLIGHTS_PER_YEAR)).toBeGreaterThan(0.35);
    expect(share("logistics.droneDeliveriesToday", DRONE_FLIGHTS_PER_YEAR)).toBeLessThan(0.8);
    expect(byId.get("logistics.teuToday")!.definition.unit.symbol).toBe("TEU");
    expect(byId.get("logistics.airCargoToday")!.definition.unit.symbol).toBe("t");
    const occupancy = byId.get("logistics.berthOccupancy")!.value!;
    expect(occupancy).toBeGreaterThan(40);
    expect(occupancy).toBeLessThanOrEqual(100);
  });

  it("serves the domain's alerts (raised during the backfilled day) as GeoJSON of the domain only", async () => {
    const r = await get(alerts, alertsKey({ domain: "logistics", limit: 500 }));
    expect(r.status).toBe(200);
    expect(r.type).toContain("geo+json");
    const body = AlertsResponseSchema.parse(r.body);
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.every((f) => f.properties.domain === "logistics")).toBe(true);
    const rules = new Set(body.features.map((f) => f.properties.subCategory));
    expect([...rules].every((id) => ["berthCongestion", "gateQueue", "coldChainExcursion"].includes(id))).toBe(true);
  });

  it("serves the metric series the page and the public datasets chart", async () => {
    const r = await get(series, seriesKey({ metric: "logistics.teuHandled", from: new Date(START.getTime() - 6 * 3600_000), to: START, step: "PT1H", agg: ["sum"] }));
    expect(r.status).toBe(200);
    const body = SeriesResponseSchema.parse(r.body);
    const sums = body.series[0]!.values.sum!.filter((v): v is number => v !== null);
    expect(sums.length).toBeGreaterThanOrEqual(5);
    // An hour of the port: ~3,400 TEU.
    for (const v of sums) expect(v).toBeGreaterThan(2000);
  });

  it("answers 404 in the problem envelope for a logistics metric that does not exist", async () => {
    const r = await get(series, "/api/twin/v1/series?metric=logistics.nope");
    expect(r.status).toBe(404);
    expect(r.type).toBe("application/problem+json");
    expect(ProblemSchema.parse(r.body).status).toBe(404);
  });
});
