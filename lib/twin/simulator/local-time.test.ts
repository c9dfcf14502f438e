import { describe, expect, it } from "vitest";
import { loadCityPack } from "@/lib/city/pack";
import { localDayStart, timeContext } from "./local-time";

const sec = (iso: string) => Date.parse(iso) / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();

describe("timeContext across daylight-saving changes", () => {
  it("starts Berlin's 2026-03-29 at midnight CET, not at the offset after the change", () => {
    const c = timeContext("Europe/Berlin", sec("2026-03-29T12:00:00Z"));
    expect(iso(c.dayStart)).toBe("2026-03-28T23:00:00.000Z");
    expect(c.h).toBe(14);
    expect(c.dow).toBe(0);
  });

  it("starts New York's 2026-11-01 at midnight EDT, also in its 25th hour", () => {
    for (const at of ["2026-11-01T12:00:00Z", "2026-11-02T04:30:00Z"]) expect(iso(localDayStart("America/New_York", sec(at))), at).toBe("2026-11-01T04:00:00.000Z");
    expect(timeContext("America/New_York", sec("2026-11-01T12:00:00Z")).h).toBe(7);
  });

  it("starts the demo-harbour pack's days at their first instant when midnight is skipped or doubled", () => {
    const { timezone } = loadCityPack("demo-harbour");
    expect(iso(localDayStart(timezone, sec("2026-03-29T12:00:00Z")))).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(localDayStart(timezone, sec("2026-10-25T12:00:00Z")))).toBe("2026-10-25T00:00:00.000Z");
  });
});
