import { describe, expect, it } from "vitest";
import { historyFilter, historyHref, historyQuery, parseHistoryView } from "./view";

const DISTRICTS = ["futian", "nanshan"];
const NOW = new Date("2026-07-15T04:00:30Z");

describe("alarm history view", () => {
  it("reads filters from the URL and writes the same URL back", () => {
    const v = parseHistoryView({ domain: "energy", district: "futian", severity: "minor,critical,critical", state: "open", range: "24h", page: "3", lang: "zh" }, DISTRICTS);
    expect(v).toEqual({ domain: "energy", district: "futian", severity: ["minor", "critical"], state: ["open"], range: "24h", page: 3 });
    expect(historyHref(v, "zh")).toBe("/alarms?domain=energy&district=futian&severity=minor,critical&state=open&range=24h&page=3&lang=zh");
    expect(parseHistoryView(Object.fromEntries(new URLSearchParams(historyHref(v, "en").split("?")[1])), DISTRICTS)).toEqual(v);
  });

  it("takes repeated fields as a list (the form without script)", () => {
    expect(parseHistoryView({ severity: ["critical", "major"], state: ["open", "assigned"] }, DISTRICTS)).toMatchObject({ severity: ["major", "critical"], state: ["open", "assigned"] });
  });

  it("drops what it does not understand instead of failing", () => {
    expect(parseHistoryView({ from: "2026-07-15T08:00" }, DISTRICTS)).toEqual({ severity: [], state: [], range: "7d", page: 1 });
    expect(parseHistoryView({ domain: "water", district: "atlantis", severity: "urgent", state: "closed", range: "1y", page: "-2", from: "yesterday" }, DISTRICTS)).toEqual({
      severity: [],
      state: [],
      range: "7d",
      page: 1,
    });
  });

  it("turns a relative range into a window ending at the twin's minute, and pages by offset", () => {
    const v = parseHistoryView({ range: "24h", page: "2" }, DISTRICTS);
    expect(historyFilter(v, NOW)).toEqual({ from: new Date("2026-07-14T04:00:00Z") });
    expect(historyQuery(v, NOW)).toEqual({ from: new Date("2026-07-14T04:00:00Z"), limit: 25, offset: 25 });
    expect(historyFilter(parseHistoryView({ range: "all" }, DISTRICTS), NOW)).toEqual({});
  });

  it("puts a custom range the right way round and never empty", () => {
    const v = parseHistoryView({ from: "2026-07-15T10:00:00+08:00", to: "2026-07-15T08:00:00+08:00" }, DISTRICTS);
    expect(v.range).toBe("custom");
    expect(historyFilter(v, NOW)).toEqual({ from: new Date("2026-07-15T00:00:00Z"), to: new Date("2026-07-15T02:00:00Z") });
    const same = historyFilter(parseHistoryView({ range: "custom", from: "2026-07-15T00:00:00Z", to: "2026-07-15T00:00:00Z" }, DISTRICTS), NOW);
    expect(same.to!.getTime() - same.from!.getTime()).toBe(1000);
  });
});
