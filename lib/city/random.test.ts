import { describe, expect, it } from "vitest";
import { childRandom, intBetween, mulberry32, weightedPick } from "./random";

describe("mulberry32", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it("stays in [0, 1) and spreads evenly enough for synthetic data", () => {
    const r = mulberry32(1);
    const xs = Array.from({ length: 10_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it("child streams are independent of each other but reproducible", () => {
    expect(childRandom(7, "load")()).toBe(childRandom(7, "load")());
    expect(childRandom(7, "load")()).not.toBe(childRandom(7, "speed")());
  });

  it("intBetween covers both ends and weightedPick follows the weights", () => {
    const r = mulberry32(3);
    const seen = new Set(Array.from({ length: 200 }, () => intBetween(r, 1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    const picks = Array.from({ length: 1000 }, () => weightedPick(r, ["a", "b"], [9, 1]));
    expect(picks.filter((p) => p === "a").length).toBeGreaterThan(850);
  });
});
