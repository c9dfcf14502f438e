/**
 * /api/health as a load balancer reads it: 200 with the store, writer flag and data time while
 * both stores answer; 503 in the same shape when the operations store cannot (an instance that
 * cannot sign anyone in must be taken out of rotation), and 200 again once it answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { GET } from "./route";

describe("GET /api/health", () => {
  const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 42, backfillDays: 0.05, tickSeconds: 0, clock: manualClock(new Date("2026-07-15T04:00:00Z")) });
  beforeAll(() => setTwinForTesting(embeddedPort(twin)));
  afterAll(() => {
    setTwinForTesting(undefined);
    setOpsStoreForTesting(undefined);
    twin.close();
  });

  it("answers 200 with both stores up, 503 in the same shape when the operations store is gone", async () => {
    const ops = new SqliteOpsStore(":memory:");
    setOpsStoreForTesting(ops);
    const up = await GET();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: "ok", store: "sqlite", writer: true, dataThrough: "2026-07-15T04:00:00.000Z" });
    await ops.close();
    const down = await GET();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable", store: "sqlite", dataThrough: null });
    setOpsStoreForTesting(new SqliteOpsStore(":memory:"));
    expect((await GET()).status).toBe(200);
  });
});
