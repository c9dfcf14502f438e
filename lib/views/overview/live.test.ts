import { afterEach, describe, expect, it, vi } from "vitest";
import { Coalescer, OFFLINE_AFTER_MS, initialConnection, needsCatchUp, nextConnection, staleKeyMatcher } from "./live";

describe("connection state", () => {
  it("goes live on the first heartbeat, reconnecting on error, offline after missed heartbeats", () => {
    let m = initialConnection(0);
    expect(m.state).toBe("connecting");
    m = nextConnection(m, { type: "open", at: 500 });
    expect(m.state).toBe("connecting");
    m = nextConnection(m, { type: "message", at: 1000 });
    expect(m.state).toBe("live");
    m = nextConnection(m, { type: "error", at: 2000 });
    expect(m.state).toBe("reconnecting");
    m = nextConnection(m, { type: "tick", at: 1000 + OFFLINE_AFTER_MS - 1 });
    expect(m.state).toBe("reconnecting");
    m = nextConnection(m, { type: "tick", at: 1000 + OFFLINE_AFTER_MS + 1 });
    expect(m.state).toBe("offline");
  });
  it("turns offline even when the stream stays open but silent", () => {
    const live = nextConnection(initialConnection(0), { type: "message", at: 0 });
    expect(nextConnection(live, { type: "tick", at: OFFLINE_AFTER_MS + 1 }).state).toBe("offline");
  });
  it("an open line that delivers nothing (a buffering proxy) never counts as live", () => {
    let m = nextConnection(initialConnection(0), { type: "message", at: 0 });
    m = nextConnection(m, { type: "error", at: 1 });
    for (let t = 2; t < 3 * OFFLINE_AFTER_MS; t += OFFLINE_AFTER_MS / 2) {
      m = nextConnection(m, { type: "open", at: t });
      expect(m.state).not.toBe("live");
      m = nextConnection(m, { type: "tick", at: t + OFFLINE_AFTER_MS + 1 });
      expect(m.state).toBe("offline");
    }
  });
  it("asks for a catch-up fetch when a lost connection comes back, not on the first open", () => {
    const first = initialConnection(0);
    const live = nextConnection(nextConnection(first, { type: "open", at: 1 }), { type: "message", at: 1 });
    expect(needsCatchUp(first, live)).toBe(false);
    const lost = nextConnection(live, { type: "error", at: 2 });
    const reopened = nextConnection(lost, { type: "open", at: 3 });
    expect(needsCatchUp(lost, reopened)).toBe(false);
    const back = nextConnection(reopened, { type: "message", at: 3 });
    expect(needsCatchUp(reopened, back)).toBe(true);
  });
});

describe("staleKeyMatcher", () => {
  it("refreshes only the KPIs of the domain that changed", () => {
    const m = staleKeyMatcher({ type: "kpi", domain: "energy" });
    expect(m("/api/twin/v1/kpis?domain=energy")).toBe(true);
    expect(m("/api/twin/v1/kpis?domain=health")).toBe(false);
    expect(m("/api/twin/v1/kpis")).toBe(true);
    expect(m("/api/twin/v1/series?metric=energy.load")).toBe(false);
  });
  it("refreshes alerts and the asset colours of the alert's domain", () => {
    const m = staleKeyMatcher({ type: "alert", domain: "health" });
    expect(m("/api/twin/v1/alerts?state=open")).toBe(true);
    expect(m("/api/twin/v1/assets?domain=health")).toBe(true);
    expect(m("/api/twin/v1/assets?domain=energy")).toBe(false);
  });
  it("refreshes series and open asset details on observations", () => {
    const m = staleKeyMatcher({ type: "observation" });
    expect(m("/api/twin/v1/series?metric=energy.load")).toBe(true);
    expect(m("/api/twin/v1/assets/urn%3Angsi-ld%3AX")).toBe(true);
    expect(m("/api/twin/v1/kpis")).toBe(false);
  });
  it("leaves metric series of domains without new observations alone", () => {
    const m = staleKeyMatcher({ type: "observation", domains: ["health"] });
    expect(m("/api/twin/v1/series?metric=health.bedOccupancy&district=futian")).toBe(true);
    expect(m("/api/twin/v1/series?metric=energy.load&from=x")).toBe(false);
    expect(m("/api/twin/v1/series?datastreams=a,b")).toBe(true);
  });
});

describe("Coalescer", () => {
  afterEach(() => vi.useRealTimers());
  it("fetches a key at most once per window and never loses the last request", () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const c = new Coalescer(2000, (k) => runs.push(k), () => Date.now());
    for (let i = 0; i < 50; i++) c.request("/kpis");
    expect(runs).toEqual(["/kpis"]);
    vi.advanceTimersByTime(2000);
    expect(runs).toEqual(["/kpis", "/kpis"]);
    vi.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(2);
    c.request("/series");
    expect(runs).toHaveLength(3);
    c.dispose();
  });
});
