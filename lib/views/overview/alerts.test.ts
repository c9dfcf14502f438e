import { describe, expect, it } from "vitest";
import { alarmSummary, assetLabel, countBySeverity, newCriticalIds, ofDomain, sortAlerts } from "./alerts";

describe("alert list", () => {
  const alerts = [
    { id: "a", severity: "minor" as const, start: "2026-07-15T01:00:00Z" },
    { id: "b", severity: "critical" as const, start: "2026-07-15T00:00:00Z" },
    { id: "c", severity: "critical" as const, start: "2026-07-15T02:00:00Z" },
    { id: "d", severity: "info" as const, start: "2026-07-15T03:00:00Z" },
  ];
  it("puts the most severe and newest first", () => {
    expect(sortAlerts(alerts).map((a) => a.id)).toEqual(["c", "b", "a", "d"]);
  });
  it("puts unacknowledged alarms before acknowledged ones of the same severity", () => {
    const list = [
      { id: "new-acked", severity: "major" as const, start: "2026-07-15T05:00:00Z", acknowledgedBy: "li" },
      { id: "old-open", severity: "major" as const, start: "2026-07-15T01:00:00Z", acknowledgedBy: null },
    ];
    expect(sortAlerts(list).map((a) => a.id)).toEqual(["old-open", "new-acked"]);
  });
  it("counts per severity", () => {
    expect(countBySeverity(alerts)).toEqual({ info: 1, minor: 1, major: 0, critical: 2 });
  });
  it("shortens NGSI-LD ids to type and local id", () => {
    expect(assetLabel("urn:ngsi-ld:Substation:shenzhen:017")).toBe("Substation 017");
    expect(assetLabel("plain")).toBe("plain");
    // A Chinese page names the type as the registry does in Chinese.
    expect(assetLabel("urn:ngsi-ld:Substation:shenzhen:017", "zh")).toMatch(/^[\u4e00-\u9fff]+ 017$/);
  });
});

describe("ofDomain", () => {
  const f = (id: string, domain: "energy" | "health") => ({ id, properties: { domain } });
  const all = { features: [f("a", "energy"), f("b", "health"), f("c", "energy")], total: 3 };

  it("keeps one domain's features and counts them; all of them without a domain", () => {
    expect(ofDomain(all, "energy")).toMatchObject({ total: 2, complete: true });
    expect(ofDomain(all, "energy").features.map((x) => x.id)).toEqual(["a", "c"]);
    expect(ofDomain(all, undefined)).toMatchObject({ total: 3, complete: true, features: all.features });
  });

  it("says when the list was cut at its limit, so a domain's count is only a lower bound", () => {
    expect(ofDomain({ ...all, total: 250 }, "health")).toMatchObject({ total: 1, complete: false });
  });
});

describe("alarm strip", () => {
  const a = (id: string, severity: "critical" | "major" | "minor" | "info", start: string, state = "open", by: string | null = null) => ({
    id,
    severity,
    start,
    state,
    acknowledgedBy: by,
  });
  const list = [
    a("1", "critical", "2026-07-15T01:00:00Z"),
    a("2", "critical", "2026-07-15T03:00:00Z", "acknowledged", "li"),
    a("3", "major", "2026-07-15T04:00:00Z"),
    a("4", "minor", "2026-07-15T02:00:00Z", "assigned", "wang"),
  ];
  it("counts per severity and acknowledged against not, and names the newest critical", () => {
    const s = alarmSummary(list, 4);
    expect(s.counts).toEqual({ info: 0, minor: 1, major: 1, critical: 2 });
    expect([s.unacknowledged, s.acknowledged]).toEqual([2, 2]);
    expect(s.newestCritical?.id).toBe("2");
    expect(s.complete).toBe(true);
    expect(alarmSummary(list, 250).complete).toBe(false);
    expect(alarmSummary([], 0).newestCritical).toBeNull();
  });
  it("flags only critical alarms that were not there before, and nothing on the first answer", () => {
    expect(newCriticalIds(null, list)).toEqual([]);
    expect(newCriticalIds(new Set(["1"]), list)).toEqual(["2"]);
    expect(newCriticalIds(new Set(["1", "2"]), list)).toEqual([]);
  });
});
