/**
 * Live events with their values on the embedded twin (across two PostgreSQL instances: in
 * lib/twin/sources/pg-port.test.ts): a `kpi` event reaches every stream carrying the figures
 * `/kpis?domain=` answers, read once per event, and an observation event the latest values of what
 * it wrote; order is kept; a failing or slow read sends the event lean instead of late.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { TwinPort } from "@/lib/twin/source";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import type { TwinEvent } from "@/lib/twin/types";
import type { LiveKpiFields } from "@/lib/twin-client/revalidate";
import { kpiDeltas, LIVE_LATEST_MAX, LiveEvents, type LiveTwin } from "./live-values";

type KpiEvent = TwinEvent & { type: "kpi" };
const isKpi = (e: TwinEvent): e is KpiEvent => e.type === "kpi";
const live = (e: KpiEvent) => e.data as KpiEvent["data"] & Partial<LiveKpiFields>;

describe("live values on the embedded twin", () => {
  let dir: string;
  let twin: EmbeddedTwin;
  let port: TwinPort;
  const clock = manualClock(new Date("2026-07-15T10:00:00Z"));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-live-"));
    twin = createEmbeddedTwin({ dbPath: path.join(dir, "twin.db"), opsDbPath: path.join(dir, "ops.db"), city: "demo-harbour", seed: 1, backfillDays: 0.1, tickSeconds: 0, clock });
    port = embeddedPort(twin);
  });
  afterEach(() => {
    twin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives every stream the same kpi event carrying its domain's figures, read once, in id order", async () => {
    const events = new LiveEvents(port);
    const kpiReads: string[] = [];
    const counting = new LiveEvents({ ...port, kpis: (d, at, district) => (kpiReads.push(String(d)), port.kpis(d, at, district)) } as LiveTwin);
    const a: TwinEvent[] = [];
    const b: TwinEvent[] = [];
    const c: TwinEvent[] = [];
    await events.subscribe((e) => a.push(e));
    await events.subscribe((e) => b.push(e));
    await counting.subscribe((e) => c.push(e));
    clock.advance(300);
    twin.tick();
    const kpiEvents = (await port.replay(0)).filter(isKpi);
    expect(kpiEvents.length).toBeGreaterThan(0);
    await expect.poll(() => a.filter(isKpi).length).toBe(kpiEvents.length);
    await expect.poll(() => c.filter(isKpi).length).toBe(kpiEvents.length);
    // One read per event, not per stream.
    expect(kpiReads).toEqual(kpiEvents.map((e) => e.data.domain));
    expect(b).toEqual(a);
    expect(a.map((e) => e.id)).toEqual([...a.map((e) => e.id)].sort((x, y) => x - y));
    const now = (await port.now()).toISOString();
    for (const e of a.filter(isKpi)) {
      expect(live(e).valuesAsOf).toBe(now);
      expect(live(e).values).toEqual(kpiDeltas(await port.kpis(e.data.domain)));
      expect(live(e).values!.length).toBeGreaterThan(0);
    }
    // Observation events carry the latest value of each datastream they wrote, as /latest answers.
    const raw = (await port.replay(0)).filter((e) => e.type === "observation");
    expect(raw).toHaveLength(1);
    const ids = [...new Set(raw[0]!.data.observations.map((o) => o.datastreamId))];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(LIVE_LATEST_MAX);
    const latest = await port.latest(ids);
    expect(latest).toHaveLength(ids.length);
    expect(a.find((e) => e.type === "observation")).toEqual({ ...raw[0], data: { ...raw[0]!.data, latest, valuesAsOf: now } });
    expect(events.snapshot()).toEqual({ enriched: kpiEvents.length + 1, lean: 0 });
  });

  it("sends the event lean, in order, when the figures cannot be read or take too long", async () => {
    const failing = new LiveEvents({ ...port, kpis: () => Promise.reject(new Error("store away")), latest: () => Promise.reject(new Error("store away")) } as LiveTwin);
    const slow = new LiveEvents({ ...port, kpis: () => new Promise(() => {}), latest: () => new Promise(() => {}) } as LiveTwin, 50);
    const f: TwinEvent[] = [];
    const s: TwinEvent[] = [];
    await failing.subscribe((e) => f.push(e));
    await slow.subscribe((e) => s.push(e));
    clock.advance(300);
    twin.tick();
    const raised = await port.replay(0);
    await expect.poll(() => f.length).toBe(raised.length);
    await expect.poll(() => s.length, { timeout: 5000 }).toBe(raised.length);
    expect(f).toEqual(raised);
    expect(s).toEqual(raised);
    expect(slow.snapshot().lean).toBe(raised.filter((e) => e.type !== "alert").length);
  });

  it("gives a stream only events raised after it subscribed, though earlier ones are still being read", async () => {
    const events = new LiveEvents({ ...port, kpis: (d) => new Promise((r) => setTimeout(() => r(port.kpis(d)), 30)) } as LiveTwin);
    const early: TwinEvent[] = [];
    const late: TwinEvent[] = [];
    await events.subscribe((e) => early.push(e));
    clock.advance(300);
    twin.tick();
    await events.subscribe((e) => late.push(e));
    const raised = await port.replay(0);
    await expect.poll(() => early.length).toBe(raised.length);
    expect(late).toEqual([]);
    clock.advance(300);
    twin.tick();
    const next = (await port.replay(raised.at(-1)!.id)).map((e) => e.id);
    await expect.poll(() => late.map((e) => e.id)).toEqual(next);
  });

  it("reads nothing while no stream listens, and replays events lean", async () => {
    const reads: string[] = [];
    const events = new LiveEvents({ ...port, kpis: (d) => (reads.push(String(d)), port.kpis(d)) } as LiveTwin);
    const off = await events.subscribe(() => {});
    off();
    clock.advance(300);
    twin.tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toEqual([]);
    expect(await events.replay(0)).toEqual(await port.replay(0));
  });
});
