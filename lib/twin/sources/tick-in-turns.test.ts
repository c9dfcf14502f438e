/**
 * The live timer's tick written in turns (city scale): the same rows, latest values and events as
 * one synchronous tick, while the event loop gets turns in between.
 */
import { describe, expect, it } from "vitest";
import { manualClock } from "../simulator/clock";
import { fixtureInventory, fixturePack } from "../testing/fixture";
import type { TwinEvent } from "../types";
import { mergeEvents, openEmbeddedTwin } from "./embedded-twin";

const START = new Date("2026-07-15T12:00:00+08:00");
const pack = fixturePack();
const inventory = fixtureInventory(pack);

/** Two twins of one seed and clock: one ticks at once, the other in parts of `chunk` rows. */
function pair(chunk: number) {
  const clock = manualClock(START);
  const open = (tickChunkRows?: number) => openEmbeddedTwin(pack, inventory, { dbPath: ":memory:", seed: 42, backfillDays: 0.1, tickSeconds: 0, clock, tickChunkRows });
  return { clock, whole: open(), turns: open(chunk) };
}

const lean = (events: TwinEvent[]) =>
  events.map((e) =>
    e.type === "observation"
      ? { type: e.type, asOf: e.data.asOf, count: e.data.count, domains: e.data.domains, rows: [...e.data.observations].sort((a, b) => `${a.datastreamId}${a.t}`.localeCompare(`${b.datastreamId}${b.t}`)) }
      : { type: e.type, data: e.data },
  );

describe("tickInTurns", () => {
  it("stores what tick() stores and raises the same events, once, after the last part", async () => {
    const { clock, whole, turns } = pair(50);
    const seenWhole: TwinEvent[] = [];
    const seenTurns: TwinEvent[] = [];
    whole.subscribe((e) => seenWhole.push(e));
    turns.subscribe((e) => seenTurns.push(e));
    // A 5-minute slot: every stream reports, far more rows than one part.
    clock.advance(300);
    whole.tick();
    let turnsTaken = 0;
    const counting = setInterval(() => turnsTaken++, 0);
    const running = turns.tickInTurns();
    // Parts are written across turns: nothing is announced before the last one.
    expect(seenTurns).toEqual([]);
    await running;
    clearInterval(counting);
    const obs = seenWhole.find((e) => e.type === "observation");
    expect(obs?.type === "observation" && obs.data.count).toBeGreaterThan(200);
    expect(turnsTaken).toBeGreaterThan(0);
    expect(lean(seenTurns)).toEqual(lean(seenWhole));
    const ids = inventory.datastreams.map((d) => d.id);
    expect(turns.latest(ids)).toEqual(whole.latest(ids));
    expect(turns.dataThrough()).toEqual(whole.dataThrough());
    expect(turns.kpis(undefined)).toEqual(whole.kpis(undefined));
    whole.close();
    turns.close();
  });

  it("runs one at a time: a second call while one is in turns does nothing", async () => {
    const { clock, whole, turns } = pair(50);
    const seen: TwinEvent[] = [];
    turns.subscribe((e) => seen.push(e));
    clock.advance(300);
    await Promise.all([turns.tickInTurns(), turns.tickInTurns()]);
    expect(seen.filter((e) => e.type === "observation")).toHaveLength(1);
    whole.close();
    turns.close();
  });

  it("merges the parts' events as one ingest raises them", () => {
    const asOf = "2026-07-15T04:05:00.000Z";
    const row = (id: string) => ({ datastreamId: id, t: asOf, v: 1 });
    const merged = mergeEvents(
      [
        [{ type: "observation", data: { asOf: "x", count: 1, domains: ["health"], observations: [row("h")] } }, { type: "kpi", data: { domain: "health", asOf: "x" } }],
        [],
        [{ type: "observation", data: { asOf: "y", count: 1, domains: ["energy"], observations: [row("e")] } }, { type: "kpi", data: { domain: "energy", asOf: "y" } }],
      ],
      asOf,
    );
    expect(merged).toEqual([
      { type: "observation", data: { asOf, count: 2, domains: ["energy", "health"], observations: [row("h"), row("e")] } },
      { type: "kpi", data: { domain: "energy", asOf } },
      { type: "kpi", data: { domain: "health", asOf } },
    ]);
    expect(mergeEvents([[], []], asOf)).toEqual([]);
  });
});
