import { describe, expect, it } from "vitest";
import { DEFAULT_EVERY_MS, parseEvery, parseTiling, parseWallParams, rotationAt } from "./params";

describe("wall URL", () => {
  it("plays the listed boards at the given pace", () => {
    const p = parseWallParams("city", { rotate: "city,energy,health", every: "20s" });
    expect(p.playlist).toEqual(["city", "energy", "health"]);
    expect(p.everyMs).toBe(20_000);
  });

  it("puts the path's board in the playlist and drops unknown boards", () => {
    expect(parseWallParams("energy", { rotate: "city,bogus" }).playlist).toEqual(["energy", "city"]);
    expect(parseWallParams("city", {}).playlist).toEqual(["city"]);
  });

  it("reads durations and refuses ones a wall cannot keep", () => {
    expect(parseEvery("2m")).toBe(120_000);
    expect(parseEvery("PT45S")).toBe(45_000);
    expect(parseEvery("90")).toBe(90_000);
    expect(parseEvery("1s")).toBeNull();
    expect(parseEvery("soon")).toBeNull();
    expect(parseWallParams("city", { every: "0s" }).everyMs).toBe(DEFAULT_EVERY_MS);
  });

  it("reads a screen's place in a multi-screen wall", () => {
    expect(parseTiling("2x2", "1,0")).toEqual({ cols: 2, rows: 2, x: 1, y: 0 });
    expect(parseTiling("3x1", undefined)).toEqual({ cols: 3, rows: 1, x: 0, y: 0 });
    expect(parseTiling("2x2", "2,0")).toBeNull();
    expect(parseTiling("1x1", "0,0")).toBeNull();
  });

  it("turns the watchdog's quiet hour off on request and keeps a sane memory budget", () => {
    expect(parseWallParams("city", { quietHour: "off" }).quietHour).toBeNull();
    expect(parseWallParams("city", { quietHour: "3" }).quietHour).toBe(3);
    expect(parseWallParams("city", { quietHour: "25" }).quietHour).toBe(4);
    expect(parseWallParams("city", { memoryMb: "12" }).memoryBudgetMb).toBe(768);
  });
  it("stays silent unless the address asks for sound", () => {
    expect(parseWallParams("city", {}).sound).toBe(false);
    expect(parseWallParams("city", { sound: "on" }).sound).toBe(true);
    expect(parseWallParams("city", { sound: "off" }).sound).toBe(false);
  });
});

describe("rotation", () => {
  it("follows the wall clock, so separate screens agree without talking", () => {
    const every = 45_000;
    const t = Date.parse("2026-07-15T06:00:10Z");
    const a = rotationAt(t, every, 5);
    const b = rotationAt(t + 30, every, 5); // another screen, 30 ms later
    expect(b.index).toBe(a.index);
    expect(rotationAt(a.nextAt, every, 5).index).toBe((a.index + 1) % 5);
    expect(a.nextAt - t).toBeLessThanOrEqual(every);
    expect(a.nextAt).toBeGreaterThan(t);
  });

  it("visits every board in turn and never changes a single board", () => {
    const seen = Array.from({ length: 6 }, (_, i) => rotationAt(i * 10_000, 10_000, 3).index);
    expect(seen).toEqual([0, 1, 2, 0, 1, 2]);
    expect(rotationAt(123, 10_000, 1)).toEqual({ index: 0, nextAt: Number.POSITIVE_INFINITY });
  });
});
