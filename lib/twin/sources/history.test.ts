import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../simulator/clock";
import { fixtureInventory, fixturePack } from "../testing/fixture";
import { openEmbeddedTwin, type EmbeddedTwin, type EmbeddedTwinOptions } from "./embedded-twin";

const START = new Date("2026-07-15T12:00:00+08:00");
const NOW = START.getTime() / 1000;
const DAY = 86400;
const at = (s: number) => new Date(s * 1000);
const pack = fixturePack();

const dirs: string[] = [];
const twins: EmbeddedTwin[] = [];
afterEach(() => {
  for (const t of twins.splice(0)) t.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-history-"));
  dirs.push(dir);
  return path.join(dir, "t.db");
}

/** Collects log lines; `next(re)` resolves at the first later line matching `re`. */
function logger() {
  const lines: string[] = [];
  let waiters: { re: RegExp; resolve: () => void }[] = [];
  const log = (l: string) => {
    lines.push(l);
    waiters = waiters.filter((w) => (w.re.test(l) ? (w.resolve(), false) : true));
  };
  const next = (re: RegExp) => new Promise<void>((resolve) => waiters.push({ re, resolve }));
  return { lines, log, next };
}

function open(opts: Partial<EmbeddedTwinOptions> & { dbPath: string }): EmbeddedTwin {
  const twin = openEmbeddedTwin(pack, fixtureInventory(pack), { seed: 42, backfillDays: 1, tickSeconds: 0, ...opts });
  twins.push(twin);
  return twin;
}

function closeAll(): void {
  for (const t of twins.splice(0)) t.close();
}

type Row = [metric: number, district: number, t: number, sum: number, n: number];
function rollupRows(file: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT metric, district, t, sum, n FROM rollups ORDER BY metric, district, t").raw(true).all() as Row[];
  } finally {
    db.close();
  }
}
function meta(file: string, key: string): string | undefined {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

/** The rollups a raw backfill of the whole span writes: what the history must reproduce. */
function reference(days: number): Row[] {
  const file = tempDb();
  open({ dbPath: file, backfillDays: days, clock: manualClock(START) });
  closeAll();
  return rollupRows(file);
}

/** Lets the next history step (a 0 ms timer) run. */
const nextStep = () => new Promise<void>((r) => setTimeout(r, 0));

describe("embedded twin: metric history beyond the raw window", () => {
  it("opens after the raw backfill, then fills metric history in the background (rollups only)", async () => {
    const { lines, log, next } = logger();
    const twin = open({ dbPath: ":memory:", historyDays: 4, clock: manualClock(START), log });
    const done = next(/^\[twin\] history done: /);
    const q = { metric: "energy.load", district: "east", from: at(NOW - 4 * DAY), to: at(NOW - 2 * DAY), stepSeconds: 3600, aggs: ["avg" as const] };
    // Open returned with the raw day only: the history has not been written yet.
    expect(twin.series(q)[0]!.values.avg!.every((v) => v === null)).toBe(true);
    expect(lines.some((l) => l.startsWith("[twin] history 3.00 days of metric rollups"))).toBe(true);
    await done;

    const values = twin.series(q)[0]!.values.avg!;
    expect(values).toHaveLength(48);
    expect(values.every((v) => typeof v === "number" && v > 0)).toBe(true);
    const ds = fixtureInventory(pack).datastreams[0]!.id;
    expect(twin.observations(ds, at(NOW - 4 * DAY), at(NOW - DAY), 10)).toEqual([]);
    // Same figures as if the whole span had been backfilled raw.
    const raw = open({ dbPath: ":memory:", backfillDays: 4, clock: manualClock(START) });
    expect(raw.series(q)[0]!.values.avg).toEqual(values);
  });

  it("resumes after a restart where it stopped, without adding any chunk twice", async () => {
    const file = tempDb();
    const first = open({ dbPath: file, historyDays: 4, clock: manualClock(START) });
    // The first chunk's timer was set during open and fires before ours: stop right after it.
    await nextStep();
    first.close();
    // One chunk done, newest first: what is left runs from the window's start to below the raw day.
    const pending = JSON.parse(meta(file, "historyPending") ?? "[]") as [number, number][];
    expect(pending).toHaveLength(1);
    const [lo, hi] = pending[0]!;
    expect(lo).toBe(NOW - 4 * DAY);
    expect(hi).toBeGreaterThan(lo);
    expect(hi).toBeLessThan(NOW - DAY);
    const left = ((hi - lo) / DAY).toFixed(2);

    const { lines, log, next } = logger();
    open({ dbPath: file, historyDays: 4, clock: manualClock(START), log });
    expect(lines).toContain(
      `[twin] history ${left} days of metric rollups for ${fixtureInventory(pack).datastreams.length} datastreams (rollups only, in the background, newest first)`,
    );
    expect(lines.some((l) => l.includes("backfill"))).toBe(false);
    await next(/^\[twin\] history done: /);
    expect(lines.at(-1)).toContain(`history done: ${left} days`);
    closeAll();
    expect(meta(file, "historyPending")).toBe("[]");
    expect(Number(meta(file, "historyFrom"))).toBe(NOW - 4 * DAY);
    expect(rollupRows(file)).toEqual(reference(4));

    // A store that already holds its history does nothing more.
    const again = logger();
    open({ dbPath: file, historyDays: 4, clock: manualClock(START), log: again.log });
    await nextStep();
    expect(again.lines.filter((l) => l.includes("history"))).toEqual([]);
  });

  it("adds history to a store written before it was kept, from its oldest rollup down", async () => {
    const file = tempDb();
    open({ dbPath: file, clock: manualClock(START) });
    closeAll();
    const db = new Database(file);
    db.prepare("DELETE FROM meta WHERE key = 'historyFrom'").run();
    db.close();

    const { log, next } = logger();
    open({ dbPath: file, historyDays: 4, clock: manualClock(START), log });
    await next(/^\[twin\] history done: 3\.00 days/);
    closeAll();
    expect(rollupRows(file)).toEqual(reference(4));
  });

  it("prunes raw rows at their retention but keeps rollups for the history, and refills a long outage", async () => {
    const clock = manualClock(START);
    const { log, next } = logger();
    const twin = open({ dbPath: ":memory:", historyDays: 4, clock, log });
    await next(/^\[twin\] history done/);
    const ds = fixtureInventory(pack).datastreams[0]!.id;
    expect(twin.observations(ds, at(NOW - DAY), at(NOW), 1000).length).toBeGreaterThan(0);

    // Two days down: the gap fill writes the last raw day; the day before it is a hole in the
    // raw rows that the history job fills with rollups. The daily prune runs in the same tick.
    clock.advance(2 * DAY);
    const refilled = next(/^\[twin\] history done: 1\.00 days/);
    twin.tick();
    // Raw retention is 2 days (backfill 1 + 1): the first raw day is gone.
    expect(twin.observations(ds, at(NOW - 2 * DAY), at(NOW), 1000)).toEqual([]);
    // Rollups keep 4 days: the history days still in the window stay, older ones are pruned.
    const hourly = (from: number, to: number) =>
      twin.series({ metric: "transport.congestion", from: at(from), to: at(to), stepSeconds: 3600, aggs: ["avg"] })[0]!.values.avg!;
    expect(hourly(NOW - 2 * DAY, NOW).every((v) => v !== null)).toBe(true);
    expect(hourly(NOW - 3 * DAY, NOW - 2 * DAY - 300).every((v) => v === null)).toBe(true);
    expect(hourly(NOW + 3600, NOW + DAY).every((v) => v === null)).toBe(true);

    await refilled;
    const filled = hourly(NOW + 3600, NOW + DAY);
    expect(filled.every((v) => v !== null)).toBe(true);
    // (A raw backfill from NOW + 2 days covers slots after NOW, hence the hour after NOW on.)
    const raw = open({ dbPath: ":memory:", backfillDays: 2, clock: manualClock(at(NOW + 2 * DAY)) });
    expect(raw.series({ metric: "transport.congestion", from: at(NOW + 3600), to: at(NOW + DAY), stepSeconds: 3600, aggs: ["avg"] })[0]!.values.avg).toEqual(filled);
  });
});
