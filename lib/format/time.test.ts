import { describe, expect, it } from "vitest";
import { ageSeconds, formatAge, formatClock, formatDateTime, formatDuration, formatLocalIso, formatZone } from "./time";

const T = "2026-07-15T06:05:00Z"; // 14:05 in Shenzhen (UTC+8)

describe("city time", () => {
  it("shows the time in the city's zone, not the viewer's", () => {
    expect(formatClock(T, "Asia/Shanghai", "en")).toBe("14:05");
    expect(formatClock(T, "Europe/Berlin", "en")).toBe("08:05");
    expect(formatClock(T, "Asia/Shanghai", "en", true)).toBe("14:05:00");
  });
  it("adds the date in each language", () => {
    expect(formatDateTime(T, "Asia/Shanghai", "en")).toBe("15 Jul 14:05");
    expect(formatDateTime(T, "Asia/Shanghai", "zh")).toBe("7月15日 14:05");
  });
  it("names the zone offset", () => {
    expect(formatZone(T, "Asia/Shanghai")).toBe("GMT+8");
    expect(formatZone(T, "Asia/Tokyo", "zh")).toBe("GMT+9");
  });
  it("says 北京时间 for China's zone on Chinese pages", () => {
    expect(formatZone(T, "Asia/Shanghai", "zh")).toBe("北京时间");
    expect(formatZone(T, "Asia/Shanghai", "en")).toBe("GMT+8");
  });
});

describe("ages", () => {
  it("reads like a person would say it", () => {
    expect(formatAge(3, "en")).toBe("just now");
    expect(formatAge(125, "en")).toBe("2 min ago");
    expect(formatAge(125, "zh")).toBe("2分钟前");
    expect(formatAge(3 * 3600 + 5, "en")).toBe("3 h ago");
    expect(formatDuration(3 * 86400, "zh")).toBe("3天");
  });
  it("never goes negative when the browser clock runs behind", () => {
    expect(ageSeconds("2026-07-15T06:05:10Z", new Date("2026-07-15T06:05:00Z"))).toBe(0);
    expect(ageSeconds(T, new Date("2026-07-15T06:07:00Z"))).toBe(120);
  });
});

describe("formatLocalIso", () => {
  it("writes the city's local time with its offset", () => {
    expect(formatLocalIso("2026-07-15T04:05:06Z", "Asia/Shanghai")).toBe("2026-07-15 12:05:06+08:00");
    expect(formatLocalIso("2026-01-15T23:30:00Z", "Europe/Berlin")).toBe("2026-01-16 00:30:00+01:00");
    expect(formatLocalIso("2026-01-15T23:30:00Z", "UTC")).toBe("2026-01-15 23:30:00+00:00");
  });
});
