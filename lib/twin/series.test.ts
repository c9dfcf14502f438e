import { describe, expect, it } from "vitest";
import { alignDown, bucketize, isoDuration } from "./series";

describe("bucketize", () => {
  it("computes every aggregate over known values", () => {
    const t = [0, 60, 120, 300, 360];
    const v = [1, 5, 3, 10, 20];
    const b = bucketize(t, v, 0, 600, 300, ["avg", "min", "max", "sum", "count", "last"]);
    expect(b.starts).toEqual([0, 300]);
    expect(b.values.avg).toEqual([3, 15]);
    expect(b.values.min).toEqual([1, 10]);
    expect(b.values.max).toEqual([5, 20]);
    expect(b.values.sum).toEqual([9, 30]);
    expect(b.values.count).toEqual([3, 2]);
    expect(b.values.last).toEqual([3, 20]);
  });

  it("aligns buckets to the step, not to the requested start", () => {
    const b = bucketize([3600, 4000], [1, 2], 3700, 7300, 3600, ["sum"]);
    expect(b.starts).toEqual([3600, 7200]);
    // 3600 is before `from` and is left out; the grid still starts at the aligned 3600.
    expect(b.values.sum).toEqual([2, null]);
  });

  it("leaves empty buckets null, count included", () => {
    const b = bucketize([0], [4], 0, 900, 300, ["avg", "count"]);
    expect(b.values.avg).toEqual([4, null, null]);
    expect(b.values.count).toEqual([1, null, null]);
  });

  it("shifts the grid to local midnight with an offset", () => {
    // UTC+8: local midnight is 16:00 UTC the day before.
    expect(alignDown(86400, 86400, 8 * 3600)).toBe(57600);
  });

  it("names steps as ISO 8601 durations", () => {
    expect(isoDuration(300)).toBe("PT5M");
    expect(isoDuration(3600)).toBe("PT1H");
    expect(isoDuration(86400)).toBe("P1D");
    expect(isoDuration(90000)).toBe("P1DT1H");
  });
});
