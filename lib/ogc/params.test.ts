import { describe, expect, it } from "vitest";
import { DateTimeParam, ItemsQuerySchema, meetsTime, OgcBBoxParam } from "./params";

const fails = (r: { success: boolean }) => expect(r.success).toBe(false);

describe("OGC items parameters", () => {
  it("bbox: 4 numbers, or 6 with heights dropped, exponents allowed; 3 numbers, words, inverted or out-of-range boxes fail", () => {
    expect(OgcBBoxParam.parse("113.9,22.5,114.1,22.6")).toEqual([113.9, 22.5, 114.1, 22.6]);
    expect(OgcBBoxParam.parse("113.9,22.5,-5,114.1,22.6,1e3")).toEqual([113.9, 22.5, 114.1, 22.6]);
    expect(OgcBBoxParam.parse("1.139e2,22.5,114,22.5")).toEqual([113.9, 22.5, 114, 22.5]);
    for (const bad of ["114,22.5,114.1", "114,22.5,114.1,22.6,1", "a,b,c,d", "114,22.6,114.1,22.5", "115,22,114,23", "-181,0,0,1", "0,-91,1,0", "1,2,3,", "NaN,1,2,3", "Infinity,1,2,3"]) {
      fails(OgcBBoxParam.safeParse(bad));
    }
  });

  it("datetime: an instant with offset, or an interval with `..` or empty open ends; no offset, impossible dates or backwards intervals fail", () => {
    expect(DateTimeParam.parse("2026-07-15T10:00:00+08:00")).toEqual({ instant: new Date("2026-07-15T02:00:00Z") });
    expect(DateTimeParam.parse("2026-07-15T00:00:00Z/2026-07-16T00:00:00Z")).toEqual({ start: new Date("2026-07-15T00:00:00Z"), end: new Date("2026-07-16T00:00:00Z") });
    expect(DateTimeParam.parse("../2026-07-16T00:00:00Z")).toEqual({ start: null, end: new Date("2026-07-16T00:00:00Z") });
    expect(DateTimeParam.parse("2026-07-15T00:00:00Z/")).toEqual({ start: new Date("2026-07-15T00:00:00Z"), end: null });
    expect(DateTimeParam.parse("../..")).toEqual({ start: null, end: null });
    for (const bad of ["", "now", "2026-07-15", "2026-07-15T10:00:00", "2026-02-30T00:00:00Z", "2026-07-16T00:00:00Z/2026-07-15T00:00:00Z", "a/b", "../../..", "2026-07-15T00:00:00Z/now"]) {
      fails(DateTimeParam.safeParse(bad));
    }
  });

  it("a thing lasting [from, to) meets an instant inside it and an interval it overlaps; a timeless thing meets all", () => {
    const h = (n: number) => Date.UTC(2026, 6, 15, n);
    const f = DateTimeParam.parse("2026-07-15T10:00:00Z");
    expect(meetsTime(f, h(9), h(11))).toBe(true);
    expect(meetsTime(f, h(9), h(10))).toBe(false); // ended at that instant
    expect(meetsTime(f, h(10), null)).toBe(true);
    expect(meetsTime(f, h(11), null)).toBe(false);
    const i = DateTimeParam.parse("2026-07-15T10:00:00Z/2026-07-15T12:00:00Z");
    expect(meetsTime(i, h(8), h(9))).toBe(false);
    expect(meetsTime(i, h(8), h(11))).toBe(true);
    expect(meetsTime(i, h(12), null)).toBe(true);
    expect(meetsTime(i, h(13), null)).toBe(false);
    expect(meetsTime(i, null, null)).toBe(true);
  });

  it("limit: 1 and up, larger than the maximum served as the maximum; 0, negatives and decimals fail; unknown parameters fail", () => {
    expect(ItemsQuerySchema.parse({ limit: "1" }).limit).toBe(1);
    expect(ItemsQuerySchema.parse({ limit: "999999" }).limit).toBe(1000);
    for (const bad of ["0", "-1", "1.5", "1e3", " 5"]) fails(ItemsQuerySchema.safeParse({ limit: bad }));
    fails(ItemsQuerySchema.safeParse({ properties: "name" }));
    fails(ItemsQuerySchema.safeParse({ f: "html" }));
    expect(ItemsQuerySchema.parse({ cursor: "p.abc" }).cursor).toEqual({ dir: "prev", key: "abc" });
  });
});
