import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { describe, expect, it } from "vitest";
import { loadCityPack } from "@/lib/city/pack";
import { logistics } from ".";
import { DRONE_FLIGHTS_PER_YEAR, SITES, published } from "./sites";

const pack = loadCityPack("shenzhen");
const sites = SITES.shenzhen ?? [];
const polygon = (id: string) => pack.districtGeometry.features.find((f) => f.properties.id === id);
const sum = (type: string, key: string) =>
  sites.filter((s) => s.type === type).reduce((a, s) => a + Number(s.properties[key] ?? 0), 0);

describe("Shenzhen logistics sites", () => {
  it("has the four named container terminals (and Mawan) with a gate each", () => {
    const terminals = sites.filter((s) => s.type === "ContainerTerminal");
    for (const zh of ["盐田", "蛇口", "赤湾", "大铲湾"]) expect(terminals.some((t) => t.name.zh.includes(zh))).toBe(true);
    const gates = sites.filter((s) => s.type === "Gate").map((g) => g.properties.terminal);
    expect(gates.sort()).toEqual(terminals.map((t) => t.local).sort());
  });

  it("puts every point and every vertex of a route or corridor inside its own district", () => {
    for (const s of sites) {
      const own = polygon(s.district);
      expect(own, `${s.local}: unknown district ${s.district}`).toBeDefined();
      for (const p of s.at) expect(booleanPointInPolygon([...p], own!), `${s.local}: ${p.join(",")} lies outside ${s.district}`).toBe(true);
      if (s.type === "DroneRoute" || s.type === "TruckCorridor") expect(s.at.length).toBeGreaterThanOrEqual(2);
      else expect(s.at).toHaveLength(1);
    }
  });

  it("uses only registered asset types and unique ids", () => {
    const types = new Set(logistics.assetTypes.map((t) => t.type));
    for (const s of sites) expect(types.has(s.type), s.type).toBe(true);
    const ids = sites.map((s) => `${s.type}:${s.local}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("splits the published city totals over the sites without losing any", () => {
    expect(sum("ContainerTerminal", "annualTEU")).toBe(published("portTeu"));
    expect(sum("AirCargoTerminal", "annualTonnes")).toBe(published("airCargo"));
    // Routes round their share to whole flights a day.
    expect(Math.abs(sum("DroneRoute", "flightsPerDay") - DRONE_FLIGHTS_PER_YEAR / 365)).toBeLessThan(sites.length);
    const yict = sites.find((s) => s.local === "yantian-yict");
    expect(yict?.properties.berths).toBe(published("yictBerths"));
  });

  it("runs the drone figure at the confirmed running total spread over its 18 months, not a recalled yearly figure", () => {
    expect(published("droneFlights")).toBe(780_000);
    expect(DRONE_FLIGHTS_PER_YEAR).toBe(520_000);
    expect(() => published("nothing")).toThrow(/no published figure/);
  });
});
