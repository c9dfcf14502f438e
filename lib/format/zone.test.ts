import { describe, expect, it } from "vitest";
import { zoneOffsetMs } from "./zone";

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
