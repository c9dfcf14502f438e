import { describe, expect, it } from "vitest";
import { CityPackError } from "@/lib/city/types";
import { manualClock } from "../simulator/clock";
import { createEmbeddedTwin } from "../sources/embedded";
import { loadSourceMapping, parseSourceMapping, sourceFedStreams } from "./mapping";

describe("the city pack's source mapping (sources.json)", () => {
  it("loads demo-harbour's, and a pack without one has none", () => {
    const m = loadSourceMapping("demo-harbour");
    expect(m.sensorthings?.streams).toHaveLength(5);
    expect(m.ngsiLd?.entities.map((e) => e.type)).toContain("TrafficFlowObserved");
    expect(loadSourceMapping("shenzhen")).toEqual({});
  });

  it("names the file and place of a mistake", () => {
    const bad = (json: unknown) => () => parseSourceMapping(json, "demo/sources.json");
    expect(bad({ sensorthings: { assetId: { from: "name" }, streams: [{ type: "Building", property: "bedsOccupied" }] } })).toThrow(
      /demo\/sources\.json: sensorthings\.streams\[0\].*exactly one of observedProperty or datastream/,
    );
    expect(bad({ sensorthings: { assetId: { from: "name" }, streams: [{ datastream: "x", type: "Castle", property: "x" }] } })).toThrow(CityPackError);
    expect(bad({ ngsiLd: { assetId: { from: "id", template: "urn:x" }, entities: [{ type: "T", assetType: "Building", attributes: {} }] } })).toThrow(/must contain \{value\}/);
    expect(bad({ mqtt: {} })).toThrow(CityPackError);
  });

  it("tells the simulator which streams a source feeds, and the simulator writes none of their rows", () => {
    const m = loadSourceMapping("demo-harbour");
    expect(sourceFedStreams(m, "none").size).toBe(0);
    expect([...sourceFedStreams(m, "sensorthings")].sort()).toEqual([
      "Building:bedsOccupied",
      "Building:icuOccupied",
      "Substation:load",
      "TrafficFlowObserved:intensity",
      "TrafficFlowObserved:speed",
    ]);
    expect(sourceFedStreams(m, "ngsi-ld")).toContain("CityWork:noise");

    const clock = manualClock(new Date("2026-07-15T04:00:00Z"));
    const twin = createEmbeddedTwin({
      dbPath: ":memory:",
      city: "demo-harbour",
      seed: 1,
      backfillDays: 0.05,
      historyDays: 0,
      tickSeconds: 0,
      clock,
      externalStreams: sourceFedStreams(m, "sensorthings"),
    });
    try {
      clock.advance(900);
      twin.tick();
      const beds = "urn:ngsi-ld:Building:demo-harbour:old-port-001:bedsOccupied";
      const er = "urn:ngsi-ld:Building:demo-harbour:old-port-001:erWaiting";
      const from = new Date("2026-07-14T00:00:00Z");
      expect(twin.observations(beds, from, clock.now(), 100)).toEqual([]);
      expect(twin.observations(er, from, clock.now(), 100).length).toBeGreaterThan(10);
    } finally {
      twin.close();
    }
  });
});
