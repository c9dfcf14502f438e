import { describe, expect, it } from "vitest";
import { alignDown, bucketize, gapWeights, isoDuration } from "./series";

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

describe("gapWeights", () => {
  it("weights each sample by the time it stands for, so mixed resolutions average over time", () => {
    // Half an hour at 5-minute resolution (value 100), then half an hour at 5 s (value 200).
    const t: number[] = [];
    const v: number[] = [];
    for (let s = 0; s < 1800; s += 300) {
      t.push(s);
      v.push(100);
    }
    for (let s = 1800; s < 3600; s += 5) {
      t.push(s);
      v.push(200);
    }
    const b = bucketize(t, v, 0, 3600, 3600, ["avg", "count"], 0, gapWeights(t, 300));
    expect(b.values.avg![0]).toBeCloseTo(150, 9);
    expect(b.values.count).toEqual([6 + 360]);
    // Unweighted, the fine half would swamp the hour.
    expect(bucketize(t, v, 0, 3600, 3600, ["avg"]).values.avg![0]).toBeGreaterThan(198);
  });

  it("caps a gap at the coarsest resolution and gives uniform samples equal weights", () => {
    expect(Array.from(gapWeights([0, 300, 3000, 3300], 300))).toEqual([300, 300, 300, 300]);
    expect(Array.from(gapWeights([0, 5, 10], 300))).toEqual([5, 5, 5]);
    expect(Array.from(gapWeights([42], 300))).toEqual([300]);
    expect(gapWeights([], 300)).toHaveLength(0);
  });
});
