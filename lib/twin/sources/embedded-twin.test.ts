import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../simulator/clock";
import { UnknownIdError } from "../source";
import { fixtureInventory, fixturePack } from "../testing/fixture";
import type { TwinEvent } from "../types";
import { BadCursorError, openEmbeddedTwin, type EmbeddedTwin } from "./embedded-twin";

const START = new Date("2026-07-15T12:00:00+08:00"); // a summer Wednesday
const NOW = START.getTime() / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();

const pack = fixturePack();
const inv = fixtureInventory(pack);
const ofType = (type: string, property: string) =>
  inv.datastreams.filter((d) => d.property === property && inv.assets.find((a) => a.id === d.assetId)?.type === type);

let twin: EmbeddedTwin;
const clock = manualClock(START);

beforeAll(() => {
  twin = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: ":memory:", seed: 42, backfillDays: 2, tickSeconds: 0, clock });
});
afterAll(() => twin.close());

describe("embedded twin: backfill and queries", () => {
  it("has a latest value for every datastream at the pinned time after backfill", () => {
    const latest = twin.latest(inv.datastreams.map((d) => d.id));
    expect(latest).toHaveLength(inv.datastreams.length);
    for (const l of latest) {
      expect(Date.parse(l.t) / 1000).toBeLessThanOrEqual(NOW);
      expect(l.stale).toBe(false);
    }
    expect(twin.latest(["nope"])).toEqual([]);
  });

  it("pages assets with an opaque cursor, each asset exactly once", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = twin.listAssets({ limit: 25, cursor });
      expect(page.total).toBe(inv.assets.length);
      seen.push(...page.assets.map((a) => a.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(inv.assets.length);
    expect(seen).toHaveLength(inv.assets.length);
    expect(() => twin.listAssets({ limit: 5, cursor: "%%%" })).toThrow(BadCursorError);
    expect(() => twin.listAssets({ limit: 5, cursor: "bm90LWFuLWlk" })).toThrow(BadCursorError);
  });

  it("filters assets by domain, district, bbox and text", () => {
    const health = twin.listAssets({ domain: "health", limit: 500 });
    expect(health.assets.every((a) => a.domain === "health")).toBe(true);
    expect(health.total).toBe(inv.assets.filter((a) => a.domain === "health").length);
    const west = twin.listAssets({ bbox: [114.0, 22.5, 114.1, 22.6], limit: 500 });
    expect(west.total).toBeGreaterThan(0);
    expect(west.total).toBeLessThan(inv.assets.length);
    const q = twin.listAssets({ q: "FEEDER 1", limit: 500 });
    expect(q.assets.every((a) => a.name.en.toLowerCase().includes("feeder 1"))).toBe(true);
    expect(twin.listAssets({ district: "east", type: "Substation", limit: 500 }).assets.every((a) => a.district === "east")).toBe(true);
  });

  it("returns an asset with its datastreams and latest values", () => {
    const a = inv.assets.find((x) => x.type === "Feeder")!;
    const detail = twin.getAsset(a.id)!;
    expect(detail.datastreams.map((d) => d.property).sort()).toEqual(["current", "loading"]);
    expect(detail.latest).toHaveLength(2);
    expect(twin.getAsset("urn:ngsi-ld:Feeder:x:none")).toBeNull();
  });

  it("buckets a datastream series from raw rows", () => {
    const ds = ofType("Substation", "load")[0]!.id;
    const from = new Date((NOW - 6 * 3600) * 1000);
    const to = new Date(NOW * 1000);
    const [s] = twin.series({ datastreams: [ds], from, to, stepSeconds: 3600, aggs: ["avg", "count", "max"] });
    expect(s!.step).toBe("PT1H");
    expect(s!.t).toHaveLength(6);
    expect(s!.values.count).toEqual([12, 12, 12, 12, 12, 12]);
    const raw = twin.observations(ds, from, new Date((NOW - 5 * 3600) * 1000), 100);
    const avg = raw.reduce((x, o) => x + o.v, 0) / raw.length;
    expect(s!.values.avg![0]).toBeCloseTo(avg, 6);
    expect(s!.values.max![0]).toBe(Math.max(...raw.map((o) => o.v)));
  });

  it("serves metric series from rollups: the city is the sum of its districts", () => {
    const from = new Date((NOW - 3600) * 1000);
    const to = new Date((NOW + 1) * 1000);
    const q = { metric: "energy.load", from, to, stepSeconds: 300, aggs: ["avg" as const] };
    const city = twin.series(q)[0]!;
    expect(city.id).toBe("energy.load@city");
    const districts = pack.districts.map((d) => twin.series({ ...q, district: d.id })[0]!.values.avg!);
    city.values.avg!.forEach((v, k) => expect(v).toBeCloseTo(districts.reduce((s, d) => s + d[k]!, 0), 3));
    const subs = ofType("Substation", "load").map((d) => d.id);
    const lastSlot = twin.latest(subs).reduce((s, l) => s + l.v, 0);
    expect(city.values.avg!.at(-1)).toBeCloseTo(lastSlot, 3);
    const fc = twin.series({ ...q, metric: "energy.forecast", to: new Date((NOW + 6 * 3600) * 1000) })[0]!;
    expect(fc.values.avg!.at(-1)).not.toBeNull();
    expect(() => twin.series({ ...q, metric: "energy.nope" })).toThrow(UnknownIdError);
    expect(() => twin.series({ ...q, district: "atlantis" })).toThrow(UnknownIdError);
    expect(() => twin.series({ ...q, metric: undefined, datastreams: ["x"] })).toThrow(UnknownIdError);
  });

  it("computes KPIs from rollups, with yesterday as previous and status from thresholds", () => {
    const energy = twin.kpis("energy");
    expect(energy.map((k) => k.definition.id)).toEqual([
      "energy.load",
      "energy.renewableShare",
      "energy.evUtilisation",
      "energy.feedersOverloaded",
    ]);
    const load = energy[0]!;
    const sum = twin.latest(ofType("Substation", "load").map((d) => d.id)).reduce((s, l) => s + l.v, 0);
    expect(load.value).toBeCloseTo(sum, 2);
    expect(load.previous).not.toBeNull();
    expect(load.status).toBe(load.value! >= 24000 ? "critical" : load.value! >= 22000 ? "warning" : "ok");
    expect(load.stale).toBe(false);
    const overloaded = twin.latest(ofType("Feeder", "loading").map((d) => d.id)).filter((l) => l.v > 90).length;
    expect(energy[3]!.value).toBe(overloaded);

    const trips = twin.kpis("transport").find((k) => k.definition.id === "transport.metroTripsToday")!;
    const midnight = Date.parse("2026-07-15T00:00:00+08:00");
    const entries = ofType("MetroStation", "entries").flatMap((d) =>
      twin.observations(d.id, new Date(midnight), new Date((NOW + 1) * 1000), 1000),
    );
    expect(trips.value).toBe(entries.reduce((s, o) => s + o.v, 0));

    const beds = twin.kpis("health").find((k) => k.definition.id === "health.bedOccupancy")!;
    expect(beds.value).toBeGreaterThan(80);
    expect(beds.value).toBeLessThan(95);
    expect(twin.kpis(undefined)).toHaveLength(16);
  });

  it("marks KPIs stale when asked for a time past their inputs", () => {
    const later = new Date((NOW + 2 * 3600) * 1000);
    const load = twin.kpis("energy", later)[0]!;
    expect(load.stale).toBe(true);
    expect(load.asOf <= START.toISOString()).toBe(true);
  });

  it("has alerts in its history after backfill", () => {
    const all = twin.alerts({ limit: 1000 });
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) {
      expect(a.geometry.type).toBe("Point");
      expect(a.description.zh.length).toBeGreaterThan(0);
      expect(a.state === "resolved").toBe(a.end !== null);
    }
  });
});

describe("embedded twin: ingest, alerts and events", () => {
  it("is idempotent on (datastream, t) and says why it rejects rows", () => {
    const ds = ofType("ParkingSite", "occupiedSpaces")[0]!.id;
    const row = { datastreamId: ds, t: iso(NOW + 30), v: 42 };
    expect(twin.ingest([row])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(twin.ingest([row])).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(twin.latest([ds])[0]).toMatchObject({ t: iso(NOW + 30), v: 42 });
    const r = twin.ingest([
      { datastreamId: "urn:nope", t: iso(NOW), v: 1 },
      { datastreamId: ds, t: iso(NOW), v: Number.NaN },
      { datastreamId: ds, t: iso(NOW + 3600), v: 1 },
      { datastreamId: ds, t: iso(NOW - 30 * 86400), v: 1 },
      { datastreamId: ds, t: "yesterday", v: 1 },
    ]);
    expect(r.accepted).toBe(0);
    expect(r.rejected.map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
    expect(r.rejected[0]!.reason).toMatch(/unknown datastream/);
    expect(r.rejected[1]!.reason).toMatch(/finite/);
    expect(r.rejected[2]!.reason).toMatch(/future/);
    expect(r.rejected[3]!.reason).toMatch(/retention/);
    expect(r.rejected[4]!.reason).toMatch(/ISO 8601/);
  });

  it("refuses an impossible value (a sensor fault or a unit mix-up) and keeps it out of KPIs", () => {
    // Tried as a new user would: one row of 1e12 occupied beds turned the city's bed occupancy
    // into "1.4 B%" on the public page and raised a trillion-percent alert.
    const ds = ofType("Building", "bedsOccupied")[0]!.id;
    const before = twin.kpis("health").find((k) => k.definition.id === "health.bedOccupancy")!.value;
    const r = twin.ingest([
      { datastreamId: ds, t: iso(NOW + 60), v: 1e12 },
      { datastreamId: ds, t: iso(NOW + 60), v: -3 },
    ]);
    expect(r.accepted).toBe(0);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      "1000000000000 is outside the plausible range of bedsOccupied (0 to 20000)",
      "-3 is outside the plausible range of bedsOccupied (0 to 20000)",
    ]);
    expect(twin.kpis("health").find((k) => k.definition.id === "health.bedOccupancy")!.value).toBe(before);
  });

  it("a second reading in the same slot replaces the first in the rollups (a sum never counts a stream twice)", () => {
    // Solar output: a 5-minute stream summed into the city's solar metric (substation load is
    // a fast stream with its own live slots).
    const sub = ofType("SolarPlant", "output")[0]!;
    const last = twin.latest([sub.id])[0]!;
    // The slot of the stream's newest reading (the simulator writes on the 5-minute grid).
    const slot = Math.floor(Date.parse(last.t) / 1000 / 300) * 300;
    const cityAt = () => {
      const q = { metric: "energy.solar", from: new Date(slot * 1000), to: new Date((slot + 300) * 1000), stepSeconds: 300, aggs: ["avg" as const] };
      return twin.series(q)[0]!.values.avg![0] ?? 0;
    };
    const before = cityAt();
    expect(twin.ingest([{ datastreamId: sub.id, t: iso(slot + 10), v: 100 }]).accepted).toBe(1);
    expect(cityAt() - before).toBeCloseTo(100 - last.v, 6);
    twin.ingest([{ datastreamId: sub.id, t: iso(slot + 20), v: 130 }]);
    expect(cityAt() - before).toBeCloseTo(130 - last.v, 6);
    // A late reading older than the slot's newest changes nothing.
    twin.ingest([{ datastreamId: sub.id, t: iso(slot + 5), v: 999 }]);
    expect(cityAt() - before).toBeCloseTo(130 - last.v, 6);
  });

  it("raises an alert above threshold and resolves it only below the clear level", () => {
    const ds = ofType("Feeder", "loading").find((d) => twin.latest([d.id])[0]!.v < 80)!;
    const events: TwinEvent[] = [];
    const off = twin.subscribe((e) => events.push(e));
    twin.ingest([{ datastreamId: ds.id, t: iso(NOW + 60), v: 97 }]);
    const open = twin.alerts({ state: ["open"], domain: "energy", limit: 1000 }).find((a) => a.assetId === ds.assetId)!;
    expect(open).toMatchObject({ subCategory: "feederOverload", severity: "major", threshold: 90, value: 97, end: null });
    expect(twin.getAsset(ds.assetId)!.asset.status).toBe("warning");
    twin.ingest([{ datastreamId: ds.id, t: iso(NOW + 120), v: 88 }]);
    expect(twin.alerts({ state: ["open"], limit: 1000 }).some((a) => a.id === open.id)).toBe(true);
    twin.ingest([{ datastreamId: ds.id, t: iso(NOW + 180), v: 70 }]);
    const done = twin.alerts({ state: ["resolved"], limit: 1000 }).find((a) => a.id === open.id)!;
    expect(done.end).toBe(iso(NOW + 180));
    expect(twin.getAsset(ds.assetId)!.asset.status).toBe("normal");
    off();
    const alertEvents = events.filter((e) => e.type === "alert");
    expect(alertEvents.map((e) => (e.type === "alert" ? e.data.state : ""))).toEqual(["open", "resolved"]);
    expect(events.some((e) => e.type === "observation")).toBe(true);
  });

  it("operators' actions change the alert, are audited with before and after, and a resolved alert is raised anew if the condition holds", () => {
    const ds = ofType("Feeder", "loading").find((d) => twin.latest([d.id])[0]!.v < 80 && !twin.alerts({ state: ["open"], limit: 1000 }).some((a) => a.assetId === d.assetId))!;
    twin.ingest([{ datastreamId: ds.id, t: iso(NOW + 240), v: 97 }]);
    const open = twin.alerts({ state: ["open"], limit: 1000 }).find((a) => a.assetId === ds.assetId)!;
    const events: TwinEvent[] = [];
    const off = twin.subscribe((e) => events.push(e));
    const ack = twin.actOnAlert(open.id, { action: "acknowledge", comment: "on it" }, { name: "li.wei", role: "operator" });
    expect(ack.ok && ack.alert).toMatchObject({ state: "acknowledged", acknowledgedBy: "li.wei", comment: "on it", stateBy: "li.wei" });
    expect(twin.alerts({ state: ["acknowledged"], limit: 1000 }).find((a) => a.id === open.id)?.acknowledgedBy).toBe("li.wei");
    expect(twin.actOnAlert(open.id, { action: "acknowledge", comment: "again" }, { name: "b", role: "operator" })).toMatchObject({ ok: false, status: 409 });
    expect(twin.actOnAlert("urn:nope", { action: "escalate" }, { name: "b", role: "operator" })).toMatchObject({ ok: false, status: 404 });
    const trail = twin.audit({ target: open.id, limit: 10 });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: "li.wei", role: "operator", action: "alert.acknowledge", before: { state: "open", ackBy: null }, after: { state: "acknowledged", ackBy: "li.wei" } });
    const done = twin.actOnAlert(open.id, { action: "resolve", comment: "feeder switched" }, { name: "li.wei", role: "operator" });
    expect(done.ok && done.alert.state).toBe("resolved");
    expect(events.filter((e) => e.type === "alert").map((e) => (e.type === "alert" ? e.data.state : ""))).toEqual(["acknowledged", "resolved"]);
    off();
    // Still overloaded: the rule raises a new alert rather than reopening the resolved one.
    twin.ingest([{ datastreamId: ds.id, t: iso(NOW + 300), v: 97 }]);
    const again = twin.alerts({ state: ["open"], limit: 1000 }).find((a) => a.assetId === ds.assetId);
    expect(again?.id).toBeDefined();
    expect(again?.id).not.toBe(open.id);
  });

  it("ticks: writes the slots that arrived, emits events, replays after an id, leaks no listener", () => {
    const before = twin.listenerCount();
    const lastId = twin.replay(0).at(-1)?.id ?? 0;
    const seen: TwinEvent[] = [];
    const off = twin.subscribe((e) => seen.push(e));
    clock.advance(300);
    twin.tick();
    off();
    expect(twin.listenerCount()).toBe(before);
    const load = ofType("Substation", "load")[0]!.id;
    expect(twin.latest([load])[0]!.t).toBe(iso(NOW + 300));
    const obs = seen.find((e) => e.type === "observation");
    expect(obs && obs.type === "observation" && obs.data.observations.length).toBeGreaterThan(0);
    expect(seen.filter((e) => e.type === "kpi").length).toBeGreaterThan(0);
    const replayed = twin.replay(lastId);
    expect(replayed.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    expect(replayed.every((e, k) => k === 0 || e.id > replayed[k - 1]!.id)).toBe(true);
  });

  it("dates the state by its inputs: while nothing arrives, the clock runs ahead of dataThrough", () => {
    const through = twin.dataThrough().getTime();
    expect(through).toBe(twin.now().getTime());
    clock.advance(600);
    expect(twin.dataThrough().getTime()).toBe(through);
    expect(twin.now().getTime() - through).toBe(600_000);
    twin.tick();
    expect(twin.dataThrough().getTime()).toBe(twin.now().getTime());
  });
});

describe("embedded twin: restart", () => {
  it("fills the gap since the last stored time instead of starting over", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-"));
    const file = path.join(dir, "t.db");
    const c = manualClock(START);
    const lines: string[] = [];
    const first = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: file, seed: 42, backfillDays: 1, tickSeconds: 0, clock: c, log: (l) => lines.push(l) });
    const ds = ofType("Substation", "load")[0]!.id;
    const v = first.latest([ds])[0]!.v;
    const count = first.observations(ds, new Date(0), new Date((NOW + 1) * 1000), 10_000).length;
    first.close();
    expect(lines.some((l) => /^\[twin\] backfill \d+% \(\d+\.\d M rows, \d+\.\d s\)$/.test(l))).toBe(true);

    c.advance(2 * 3600);
    lines.length = 0;
    const second = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: file, seed: 42, backfillDays: 1, tickSeconds: 0, clock: c, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes("gap fill"))).toBe(true);
    expect(second.latest([ds])[0]!.t).toBe(iso(NOW + 7200));
    const after = second.observations(ds, new Date(0), new Date((NOW + 7201) * 1000), 10_000);
    expect(after).toHaveLength(count + 24);
    // Backfill equals live: the value stored at the old "now" is unchanged.
    expect(after.find((o) => o.t === iso(NOW))!.v).toBe(v);
    second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("takes a changed KPI definition from the pack on restart, without rebuilding the twin", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-"));
    const file = path.join(dir, "t.db");
    const c = manualClock(START);
    const first = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: file, seed: 42, backfillDays: 1, tickSeconds: 0, clock: c });
    const before = first.kpis("energy").find((k) => k.definition.id === "energy.load")!;
    first.close();

    // A release renames the KPI and moves its warning level: what stored rows mean is unchanged.
    const renamed = {
      ...pack,
      kpis: pack.kpis.map((k) =>
        k.id === "energy.load" ? { ...k, name: { en: "Citywide load", zh: "全市负荷" }, thresholds: { ...k.thresholds, warning: 1 } } : k,
      ),
    };
    const lines: string[] = [];
    const second = openEmbeddedTwin(renamed, fixtureInventory(renamed), { dbPath: file, seed: 42, backfillDays: 1, tickSeconds: 0, clock: c, log: (l) => lines.push(l) });
    const after = second.kpis("energy").find((k) => k.definition.id === "energy.load")!;
    expect(after.definition.name.en).toBe("Citywide load");
    expect(after.status).not.toBe("ok");
    expect(after.value).toBe(before.value);
    expect(fs.readdirSync(dir).some((f) => f.endsWith(".bak"))).toBe(false);
    expect(lines.join("\n")).not.toContain("starting a new twin");
    second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a store of another seed as a backup instead of dropping its history", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-"));
    const file = path.join(dir, "t.db");
    const c = manualClock(START);
    const ds = ofType("Substation", "load")[0]!.id;
    const first = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: file, seed: 42, backfillDays: 1, tickSeconds: 0, clock: c });
    const stored = first.observations(ds, new Date(0), new Date((NOW + 1) * 1000), 10_000).length;
    first.close();

    const lines: string[] = [];
    const other = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: file, seed: 7, backfillDays: 1, tickSeconds: 0, clock: c, log: (l) => lines.push(l) });
    other.close();
    const backups = fs.readdirSync(dir).filter((f) => f.endsWith(".bak"));
    expect(backups).toHaveLength(1);
    expect(lines.join("\n")).toContain(backups[0]);
    // The backup is the old store, history intact: reopening it with its own seed finds it all.
    const restored = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: path.join(dir, backups[0]!), seed: 42, backfillDays: 1, tickSeconds: 0, clock: c });
    expect(restored.observations(ds, new Date(0), new Date((NOW + 1) * 1000), 10_000)).toHaveLength(stored);
    restored.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
