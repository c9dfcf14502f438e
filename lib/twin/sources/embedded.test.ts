import { describe, expect, it } from "vitest";
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
      expect(kpis).toHaveLength(16);
      for (const k of kpis) expect(k.value, k.definition.id).not.toBeNull();
      const load = kpis.find((k) => k.definition.id === "energy.load")!;
      expect(load.value).toBeGreaterThan(18_000);
      expect(load.value).toBeLessThan(26_000);
    } finally {
      twin.close();
    }
  });
});
