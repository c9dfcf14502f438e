/**
 * One status for one reading, wherever it is shown: the KPI's level, an alert's severity, the
 * map's asset feature and the attention list all come from lib/twin/levels.ts. The end-to-end
 * case is the issue's: a hospital whose beds cross the critical level was in alert but drawn as
 * normal; here it is critical in the API's assets (the live map), in its alerts (the map at the
 * cursor and the attention list) and in the KPI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAlerts, getAssets, getKpis } from "@/lib/twin-client/server";
import { assetsWithAlertStatus, statusFromAlerts } from "@/lib/views/department/map-state";
import { LEVEL_SEVERITY, SEVERITY_LEVEL, levelKpiStatus, levelOf, worstLevel } from "./levels";
import { setTwinForTesting } from "./runtime";
import { manualClock } from "./simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "./sources/embedded";
import { embeddedPort } from "./sources/embedded-port";
import { ALERT_SEVERITIES } from "./types";

describe("levels", () => {
  it("a value on a level is in it, in the direction that is bad", () => {
    const beds = { warning: 90, critical: 95 };
    expect([89.9, 90, 94.9, 95, 100].map((v) => levelOf(v, beds, "lower"))).toEqual([
      "normal",
      "warning",
      "warning",
      "critical",
      "critical",
    ]);
    expect([26, 25, 15, 10].map((v) => levelOf(v, { warning: 25, critical: 15 }, "higher"))).toEqual([
      "normal",
      "warning",
      "critical",
      "critical",
    ]);
    expect(levelOf(null, beds, "lower")).toBeNull();
    expect(levelKpiStatus(null)).toBe("unknown");
    expect(levelKpiStatus("normal")).toBe("ok");
  });

  it("a level's severity reads back as the same level, and the worst of level and alerts wins", () => {
    for (const level of ["warning", "critical"] as const) expect(SEVERITY_LEVEL[LEVEL_SEVERITY[level]]).toBe(level);
    expect(ALERT_SEVERITIES.map((s) => SEVERITY_LEVEL[s])).toEqual(["normal", "warning", "warning", "critical"]);
    expect(worstLevel("warning", ["critical"])).toBe("critical");
    expect(worstLevel("critical", ["minor"])).toBe("critical");
    expect(worstLevel(null, [])).toBe("normal");
  });
});

describe("a hospital whose beds cross the critical level", () => {
  const clock = manualClock(new Date("2026-03-02T09:00:00+08:00"));
  let twin: EmbeddedTwin;
  beforeAll(() => {
    // No simulator: this hospital's reading is the only one, so the city KPI is its value.
    twin = createEmbeddedTwin({
      dbPath: ":memory:",
      city: "demo-harbour",
      seed: 7,
      backfillDays: 1,
      historyDays: 2,
      tickSeconds: 0,
      clock,
      simulator: false,
    });
    setTwinForTesting(embeddedPort(twin));
  });
  afterAll(() => {
    setTwinForTesting(undefined);
    twin.close();
  });

  it("is critical on the map's feature, in the attention list and in the KPI", async () => {
    const hospital = twin.listAssets({ type: "Building", limit: 50 }).assets.find((a) => a.properties.category === "hospital")!;
    const beds = Number(hospital.properties.beds);
    const occupied = Math.ceil(beds * 0.97);
    clock.advance(300);
    expect(twin.ingest([{ datastreamId: `${hospital.id}:bedsOccupied`, t: "2026-03-02T09:05:00+08:00", v: occupied }]).accepted).toBe(1);

    // The live map draws the API's assets with their status...
    const assets = await getAssets({ domain: "health", limit: 500 });
    const feature = (fc: typeof assets | undefined) => fc?.features.find((f) => f.properties.id === hospital.id)?.properties.status;
    expect(feature(assets)).toBe("critical");
    // ...and at a cursor, the status its active alerts give; the attention list lists the same features.
    const alerts = await getAlerts({ domain: "health", at: new Date("2026-03-02T09:05:00+08:00") });
    expect(alerts.features.map((f) => [f.properties.assetId, f.properties.severity])).toEqual([[hospital.id, "critical"]]);
    const atCursor = assetsWithAlertStatus(assets, statusFromAlerts(alerts), false);
    expect(feature(atCursor)).toBe("critical");
    expect(feature(assetsWithAlertStatus(assets, statusFromAlerts(alerts), true))).toBe("critical");
    expect(atCursor?.features.filter((f) => f.properties.status !== "normal").map((f) => f.properties.id)).toEqual([hospital.id]);
    // The KPI of the same reading.
    const kpi = (await getKpis({ domain: "health" })).kpis.find((k) => k.definition.id === "health.bedOccupancy")!;
    expect(kpi.value).toBeGreaterThanOrEqual(95);
    expect(kpi.status).toBe("critical");
  });
});
