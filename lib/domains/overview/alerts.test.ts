import { describe, expect, it } from "vitest";
import { assetLabel, countBySeverity, sortAlerts } from "./alerts";

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
  it("counts per severity", () => {
    expect(countBySeverity(alerts)).toEqual({ info: 1, minor: 1, major: 0, critical: 2 });
  });
  it("shortens NGSI-LD ids to type and local id", () => {
    expect(assetLabel("urn:ngsi-ld:Substation:shenzhen:017")).toBe("Substation 017");
    expect(assetLabel("plain")).toBe("plain");
  });
});
