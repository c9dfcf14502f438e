import { describe, expect, it } from "vitest";
import type { NotifyPayload } from "./message";
import { backoffMs, planNotifications, ruleMatches } from "./routing";
import type { RuleRecord } from "./schemas";

const rule = (over: Partial<RuleRecord>): RuleRecord => ({
  id: "r1",
  name: "r",
  domains: [],
  severities: [],
  alertRules: [],
  districts: [],
  channels: ["c1"],
  escalateAfterMinutes: null,
  escalationChannels: [],
  createdBy: "admin",
  createdAt: 0,
  ...over,
});
const alarm = { id: "a1", domain: "energy", severity: "critical", subCategory: "feederOverload", district: "futian", state: "open", end: null } as const;
const payload = (kind: NotifyPayload["kind"], minutes?: number): NotifyPayload => ({ kind, alarm: null, minutes, queuedAt: "" });

describe("routing", () => {
  it("matches on domain, severity, alert rule and district; an empty filter passes all", () => {
    expect(ruleMatches(rule({}), alarm)).toBe(true);
    expect(ruleMatches(rule({ domains: ["energy"], severities: ["critical", "major"], alertRules: ["feederOverload"], districts: ["futian"] }), alarm)).toBe(true);
    expect(ruleMatches(rule({ domains: ["health"] }), alarm)).toBe(false);
    expect(ruleMatches(rule({ severities: ["major"] }), alarm)).toBe(false);
    expect(ruleMatches(rule({ alertRules: ["congestion"] }), alarm)).toBe(false);
    expect(ruleMatches(rule({ districts: ["nanshan"] }), alarm)).toBe(false);
  });
  it("sends to each channel once although two rules name it, and schedules escalation of critical alarms", () => {
    const rules = [rule({ channels: ["c1", "c2"] }), rule({ id: "r2", channels: ["c2"], escalateAfterMinutes: 15, escalationChannels: ["boss"] })];
    const items = planNotifications(alarm, rules, payload, 1000);
    expect(items.map((i) => [i.channelId, i.kind, i.dueAt, i.dedup])).toEqual([
      ["c1", "raised", 1000, "a1|critical|c1"],
      ["c2", "raised", 1000, "a1|critical|c2"],
      ["boss", "unacknowledged", 1000 + 15 * 60_000, "a1|unacknowledged|r2|boss"],
    ]);
    expect(items[2]!.payload.minutes).toBe(15);
    // Not critical: no escalation. Not open any more: nothing.
    expect(planNotifications({ ...alarm, severity: "major" }, rules, payload, 0).map((i) => i.kind)).toEqual(["raised", "raised"]);
    expect(planNotifications({ ...alarm, state: "acknowledged" }, rules, payload, 0)).toEqual([]);
    expect(planNotifications({ ...alarm, end: "2026-01-01T00:00:00Z" }, rules, payload, 0)).toEqual([]);
  });
  it("backs off exponentially with equal jitter, up to the cap", () => {
    const p = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 600_000 };
    expect([1, 2, 3].map((n) => backoffMs(n, p, () => 0))).toEqual([15_000, 30_000, 60_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, p, () => 1))).toEqual([30_000, 60_000, 120_000]);
    expect(backoffMs(10, p, () => 1)).toBe(600_000);
    expect(backoffMs(10, p, () => 0)).toBe(300_000);
  });
});
