import { describe, expect, it } from "vitest";
import { KPI_SPECS } from "@/domains";
import { manualClock } from "../simulator/clock";
import { createEmbeddedTwin } from "./embedded";

describe("createEmbeddedTwin with the Shenzhen pack", () => {
  it("loads the pack, simulates its inventory and answers every KPI", () => {
    const twin = createEmbeddedTwin({
      dbPath: ":memory:",
      city: "shenzhen",
      seed: 42,
      backfillDays: 0.25,
      tickSeconds: 0,
      clock: manualClock(new Date("2026-07-15T12:00:00+08:00")),
    });
    try {
      expect(twin.info()).toMatchObject({ backend: "embedded", simulated: true, city: "shenzhen" });
      expect(twin.districts().length).toBeGreaterThanOrEqual(10);
      const kpis = twin.kpis(undefined);
      expect(kpis.map((k) => k.definition.id)).toEqual([...KPI_SPECS.keys()]);
      for (const k of kpis) expect(k.value, k.definition.id).not.toBeNull();
      const load = kpis.find((k) => k.definition.id === "energy.load")!;
      expect(load.value).toBeGreaterThan(18_000);
      expect(load.value).toBeLessThan(26_000);
    } finally {
      twin.close();
    }
  });
});

describe("createEmbeddedTwin without a simulator (TWINOPS_SIMULATOR=off)", () => {
  it("holds only what feeds send: empty, no KPI values, until the first row", () => {
    const clock = manualClock(new Date("2026-03-02T09:00:00+08:00"));
    const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 7, backfillDays: 1, historyDays: 2, tickSeconds: 0, clock, simulator: false });
    try {
      expect(twin.info()).toMatchObject({ simulated: false, empty: true });
      clock.advance(600);
      twin.tick();
      expect(twin.info().empty).toBe(true);
      expect(twin.dataThrough().getTime()).toBe(0);
      for (const k of twin.kpis("health")) expect(k.value, k.definition.id).toBeNull();
      const ds = twin.listAssets({ type: "Building", limit: 1 }).assets[0]!.id + ":bedsOccupied";
      expect(twin.ingest([{ datastreamId: ds, t: "2026-03-02T09:05:00+08:00", v: 120 }]).accepted).toBe(1);
      expect(twin.info().empty).toBe(false);
      expect(twin.dataThrough().toISOString()).toBe("2026-03-02T01:05:00.000Z");
      expect(twin.kpis("health").find((k) => k.definition.id === "health.bedOccupancy")!.value).not.toBeNull();
    } finally {
      twin.close();
    }
  });
});
