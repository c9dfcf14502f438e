import { describe, expect, it } from "vitest";
import { MEMORY_SOFT_COOLDOWN_MS, SETTLE_MS, hourIn, watchdogAction, type WatchdogInput } from "./watchdog";

const MB = 1024 * 1024;
const base: WatchdogInput = {
  nowMs: 10_000_000,
  cityHour: 14,
  quietHour: 4,
  heapBytes: 200 * MB,
  budgetBytes: 768 * MB,
  lastSoftAt: null,
  serverUp: true,
};

describe("wall watchdog", () => {
  it("leaves a healthy wall alone", () => {
    expect(watchdogAction(base)).toBe("none");
    expect(watchdogAction({ ...base, heapBytes: null })).toBe("none");
  });

  it("soft-reloads once at the quiet hour", () => {
    expect(watchdogAction({ ...base, cityHour: 4 })).toBe("soft");
    expect(watchdogAction({ ...base, cityHour: 4, lastSoftAt: base.nowMs - 5 * 60_000 })).toBe("none");
    expect(watchdogAction({ ...base, cityHour: 4, quietHour: null })).toBe("none");
  });

  it("soft-reloads over budget, then reloads the page if that did not help", () => {
    const over = { ...base, heapBytes: 900 * MB };
    expect(watchdogAction(over)).toBe("soft");
    expect(watchdogAction({ ...over, lastSoftAt: base.nowMs - 10_000 })).toBe("none");
    expect(watchdogAction({ ...over, lastSoftAt: base.nowMs - SETTLE_MS - 1 })).toBe("hard");
  });

  it("never reloads the page while the server is down, and soft-reloads at most twice an hour meanwhile", () => {
    const over = { ...base, heapBytes: 900 * MB, lastSoftAt: base.nowMs - SETTLE_MS - 1, serverUp: false };
    expect(watchdogAction(over)).toBe("none");
    expect(watchdogAction({ ...over, lastSoftAt: base.nowMs - MEMORY_SOFT_COOLDOWN_MS + 1 })).toBe("none");
    expect(watchdogAction({ ...over, lastSoftAt: base.nowMs - MEMORY_SOFT_COOLDOWN_MS })).toBe("soft");
    // Back up while still over budget: the page reloads.
    expect(watchdogAction({ ...over, lastSoftAt: base.nowMs - 10 * 60_000, serverUp: true })).toBe("hard");
  });

  it("reads the hour in the city's zone, not the browser's", () => {
    expect(hourIn(Date.parse("2026-07-14T20:30:00Z"), "Asia/Shanghai")).toBe(4);
    expect(hourIn(Date.parse("2026-07-14T20:30:00Z"), "UTC")).toBe(20);
  });
});
