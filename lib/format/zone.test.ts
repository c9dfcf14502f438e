import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cityDayStart, daySlotCount, nextCityDayStart, zoneOffsetMs } from "./zone";

describe("zoneOffsetMs", () => {
  it("is +8 h for Shenzhen all year (no daylight saving)", () => {
    expect(zoneOffsetMs(new Date("2026-01-15T00:00:00Z"), "Asia/Shanghai")).toBe(8 * 3600_000);
    expect(zoneOffsetMs(new Date("2026-07-15T23:59:59Z"), "Asia/Shanghai")).toBe(8 * 3600_000);
  });

  it("follows daylight saving where a city has it", () => {
    expect(zoneOffsetMs(new Date("2026-01-15T12:00:00Z"), "Atlantic/Azores")).toBe(-1 * 3600_000);
    expect(zoneOffsetMs(new Date("2026-07-15T12:00:00Z"), "Atlantic/Azores")).toBe(0);
  });
});

/** Every instant of a day maps to the same start, and the day's length in hours. */
function day(at: string, timeZone: string) {
  const start = cityDayStart(new Date(at), timeZone);
  return { start: start.toISOString(), hours: (nextCityDayStart(start, timeZone).getTime() - start.getTime()) / 3_600_000 };
}

describe("city days across daylight-saving changes", () => {
  it("Europe/Berlin 2026-03-29 starts at midnight CET (23:00 UTC the day before) and lasts 23 hours", () => {
    // Before the change, at it and after it: the offset at `at` is +1 h before 01:00 UTC, +2 h after.
    for (const at of ["2026-03-28T23:00:00Z", "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T12:00:00Z", "2026-03-29T21:59:59Z"]) {
      expect(day(at, "Europe/Berlin"), at).toEqual({ start: "2026-03-28T23:00:00.000Z", hours: 23 });
    }
    expect(day("2026-03-29T22:00:00Z", "Europe/Berlin")).toEqual({ start: "2026-03-29T22:00:00.000Z", hours: 24 });
    expect(daySlotCount(new Date("2026-03-29T12:00:00Z"), "Europe/Berlin", 15 * 60_000)).toBe(92);
  });

  it("America/New_York 2026-11-01 starts at midnight EDT (04:00 UTC) and lasts 25 hours", () => {
    for (const at of ["2026-11-01T04:00:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z", "2026-11-01T18:00:00Z", "2026-11-02T04:59:59Z"]) {
      expect(day(at, "America/New_York"), at).toEqual({ start: "2026-11-01T04:00:00.000Z", hours: 25 });
    }
    expect(day("2026-11-02T05:00:00Z", "America/New_York")).toEqual({ start: "2026-11-02T05:00:00.000Z", hours: 24 });
    expect(daySlotCount(new Date("2026-11-01T18:00:00Z"), "America/New_York", 15 * 60_000)).toBe(100);
  });

  it("the demo-harbour pack's zone, where the change happens at midnight: a skipped and a doubled midnight", () => {
    const pack = JSON.parse(readFileSync(join(__dirname, "../../public/cities/demo-harbour/pack.json"), "utf8")) as { timezone: string };
    expect(pack.timezone).toBe("Atlantic/Azores");
    // 2026-03-29: 00:00 −01:00 never happens (clocks go to 01:00 +00:00); the day starts then.
    expect(day("2026-03-29T12:00:00Z", pack.timezone)).toEqual({ start: "2026-03-29T01:00:00.000Z", hours: 23 });
    expect(day("2026-03-29T00:59:59Z", pack.timezone)).toEqual({ start: "2026-03-28T01:00:00.000Z", hours: 24 });
    // 2026-10-25: midnight happens twice (00:00 +00:00, then 00:00 −01:00 an hour later); the first counts.
    for (const at of ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T12:00:00Z"]) {
      expect(day(at, pack.timezone), at).toEqual({ start: "2026-10-25T00:00:00.000Z", hours: 25 });
    }
    expect(daySlotCount(new Date("2026-10-25T12:00:00Z"), pack.timezone, 15 * 60_000)).toBe(100);
  });

  it("Shenzhen has 24-hour days all year, midnight at 16:00 UTC", () => {
    expect(day("2026-07-15T18:30:00Z", "Asia/Shanghai")).toEqual({ start: "2026-07-15T16:00:00.000Z", hours: 24 });
    expect(day("2026-07-15T03:00:00Z", "Asia/Shanghai")).toEqual({ start: "2026-07-14T16:00:00.000Z", hours: 24 });
    expect(daySlotCount(new Date("2026-03-29T12:00:00Z"), "Asia/Shanghai", 15 * 60_000)).toBe(96);
  });
});
