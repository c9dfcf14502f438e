import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  clampCursor,
  compareWindow,
  parseViewState,
  pointsForWidth,
  resolveWindow,
  serializeViewState,
  stepFor,
  fromZonedInput,
  toZonedInput,
} from "./view-state";

const NOW = new Date("2026-07-15T02:02:30Z"); // 10:02:30 in Shenzhen
const DAY = new Date("2026-07-14T16:00:00Z"); // Shenzhen midnight

describe("parseViewState", () => {
  it("gives the defaults for an empty query", () => {
    expect(parseViewState({})).toEqual(DEFAULT_VIEW);
  });

  it("reads every field of a shared link", () => {
    const v = parseViewState(
      new URLSearchParams("range=7d&compare=week&district=futian&asset=urn:ngsi-ld:Feeder:shenzhen:futian-001&at=2026-07-14T08:00:00Z&layers=districts,assets"),
      ["futian", "nanshan"],
    );
    expect(v).toMatchObject({ range: "7d", compare: "week", district: "futian", asset: "urn:ngsi-ld:Feeder:shenzhen:futian-001", layers: ["districts", "assets"] });
    expect(v.at?.toISOString()).toBe("2026-07-14T08:00:00.000Z");
  });

  it("drops bad values instead of failing the page", () => {
    const v = parseViewState({ range: "1y", compare: "yesterday", district: "Atlantis!", at: "noon", layers: "a b" }, ["futian"]);
    expect(v).toEqual(DEFAULT_VIEW);
    expect(parseViewState({ district: "nowhere" }, ["futian"]).district).toBeNull();
  });

  it("accepts a custom range only with both ends in order and within the kept history", () => {
    expect(parseViewState({ range: "custom", from: "2026-07-10T00:00:00Z", to: "2026-07-12T00:00:00Z" }).range).toBe("custom");
    expect(parseViewState({ from: "2026-07-10T00:00:00Z", to: "2026-07-12T00:00:00Z" }).range).toBe("custom");
    expect(parseViewState({ range: "custom", from: "2026-07-12T00:00:00Z", to: "2026-07-10T00:00:00Z" }).range).toBe("24h");
    expect(parseViewState({ range: "custom", from: "2025-01-01T00:00:00Z", to: "2026-07-10T00:00:00Z" }).range).toBe("24h");
  });
});

describe("serializeViewState", () => {
  it("round-trips and leaves defaults out", () => {
    expect(serializeViewState(DEFAULT_VIEW)).toBe("");
    const v = parseViewState({ range: "30d", compare: "previous", district: "nanshan", at: "2026-07-01T00:00:00.000Z" }, ["nanshan"]);
    const qs = serializeViewState(v, { lang: "zh" });
    expect(qs).toBe("range=30d&compare=previous&district=nanshan&at=2026-07-01T00:00:00.000Z&lang=zh");
    expect(parseViewState(new URLSearchParams(qs), ["nanshan"])).toEqual(v);
  });
});

describe("windows", () => {
  it("ends live windows at the end of the current slot so keys change once per slot", () => {
    const w = resolveWindow({ ...DEFAULT_VIEW, range: "24h" }, NOW, DAY);
    expect(w.to.toISOString()).toBe("2026-07-15T02:05:00.000Z");
    expect(w.from.toISOString()).toBe("2026-07-14T02:05:00.000Z");
    expect(resolveWindow({ ...DEFAULT_VIEW, range: "24h" }, new Date(NOW.getTime() + 60_000), DAY)).toEqual(w);
    const live = resolveWindow({ ...DEFAULT_VIEW, range: "live" }, NOW, DAY);
    expect(live.from).toEqual(DAY);
  });

  it("shifts the comparison by the period or by a week", () => {
    const v = { ...DEFAULT_VIEW, range: "7d" as const, compare: "previous" as const };
    const w = resolveWindow(v, NOW, DAY);
    const c = compareWindow(v, w)!;
    expect(w.from.getTime() - c.from.getTime()).toBe(7 * 86_400_000);
    expect(c.to).toEqual(w.from);
    const week = compareWindow({ ...v, range: "24h", compare: "week" }, resolveWindow({ ...v, range: "24h" }, NOW, DAY))!;
    expect(resolveWindow({ ...v, range: "24h" }, NOW, DAY).from.getTime() - week.from.getTime()).toBe(7 * 86_400_000);
    expect(compareWindow({ ...v, compare: "none" }, w)).toBeNull();
  });

  it("compares the live day with the whole previous day", () => {
    const v = { ...DEFAULT_VIEW, range: "live" as const, compare: "previous" as const };
    const c = compareWindow(v, resolveWindow(v, NOW, DAY))!;
    expect(c.from.toISOString()).toBe("2026-07-13T16:00:00.000Z");
    expect(c.to).toEqual(DAY);
  });

  it("asks for at most one point per pixel", () => {
    expect(pointsForWidth(450)).toBe(300);
    expect(pointsForWidth(3800)).toBe(2400);
    expect(pointsForWidth(50)).toBe(100);
    const w = resolveWindow({ ...DEFAULT_VIEW, range: "30d" }, NOW, DAY);
    const step = stepFor(w, 300)!;
    expect((w.to.getTime() - w.from.getTime()) / 1000 / step).toBeLessThanOrEqual(300);
  });

  it("keeps the cursor inside the window", () => {
    const w = resolveWindow(DEFAULT_VIEW, NOW, DAY);
    expect(clampCursor(null, w)).toBeNull();
    expect(clampCursor(new Date("2020-01-01T00:00:00Z"), w)).toEqual(w.from);
  });
});

describe("zoned inputs", () => {
  it("shows and reads instants in the city's zone", () => {
    expect(toZonedInput(NOW, "Asia/Shanghai")).toBe("2026-07-15T10:02");
    expect(fromZonedInput("2026-07-15T10:02", "Asia/Shanghai")?.toISOString()).toBe("2026-07-15T02:02:00.000Z");
    expect(fromZonedInput("15/07/2026 10:02", "Asia/Shanghai")).toBeNull();
  });
});
