import { describe, expect, it } from "vitest";
import { BBoxParam, chooseStepSeconds, formatDurationSeconds, parseDurationSeconds } from "./schemas";

describe("durations", () => {
  it("read the ISO 8601 durations a client would send and refuse the rest", () => {
    expect(parseDurationSeconds("PT5M")).toBe(300);
    expect(parseDurationSeconds("PT1H30M")).toBe(5400);
    expect(parseDurationSeconds("P1D")).toBe(86400);
    expect(parseDurationSeconds("P1W")).toBe(604800);
    for (const bad of ["P", "PT", "P1M", "P1Y", "PT0S", "5m", "PT5", "P1DT", ""]) expect(parseDurationSeconds(bad)).toBeNull();
  });

  it("format back to the canonical form", () => {
    expect(formatDurationSeconds(300)).toBe("PT5M");
    expect(formatDurationSeconds(86400)).toBe("P1D");
    expect(formatDurationSeconds(90000)).toBe("P1DT1H");
    expect(formatDurationSeconds(45)).toBe("PT45S");
  });
});

describe("chooseStepSeconds", () => {
  const DAY = 86400;
  it("keeps a requested step that fits", () => expect(chooseStepSeconds(DAY, 300, 1000)).toBe(300));
  it("widens to the smallest nice step within maxPoints", () => {
    expect(chooseStepSeconds(7 * DAY, 300, 1000)).toBe(900);
    expect(chooseStepSeconds(7 * DAY, undefined, 100)).toBe(10800);
  });
  it("never yields more buckets than maxPoints", () => {
    for (const range of [60, 3600, DAY, 30 * DAY, 400 * DAY]) {
      for (const max of [10, 100, 1000, 10000]) {
        const step = chooseStepSeconds(range, undefined, max);
        if (step !== null) expect(Math.ceil(range / step)).toBeLessThanOrEqual(max);
        else expect(Math.ceil(range / DAY)).toBeGreaterThan(max);
      }
    }
  });
});

describe("bbox", () => {
  it("accepts w,s,e,n and refuses inverted or out-of-range boxes", () => {
    expect(BBoxParam.parse("113.75,22.4,114.65,22.87")).toEqual([113.75, 22.4, 114.65, 22.87]);
    for (const bad of ["114,22,113,23", "113,23,114,22", "-181,0,0,1", "0,-91,1,0", "1,2,3", "1,2,3,4,5", "a,b,c,d", "1e2,0,2e2,1"]) {
      expect(BBoxParam.safeParse(bad).success, bad).toBe(false);
    }
  });
});
