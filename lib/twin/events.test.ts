import { describe, expect, it } from "vitest";
import { EventBus } from "./events";

const kpi = { type: "kpi" as const, data: { domain: "energy" as const, asOf: "2026-07-15T04:00:00.000Z" } };

describe("EventBus", () => {
  it("gives monotonic ids and replays only events after the given id", () => {
    const bus = new EventBus();
    const ids = [bus.emit(kpi).id, bus.emit(kpi).id, bus.emit(kpi).id];
    expect(ids).toEqual([1, 2, 3]);
    expect(bus.replay(1).map((e) => e.id)).toEqual([2, 3]);
    expect(bus.replay(3)).toEqual([]);
  });

  it("keeps a bounded ring", () => {
    const bus = new EventBus({ maxEvents: 10 });
    for (let i = 0; i < 25; i++) bus.emit(kpi);
    const held = bus.replay(0);
    expect(held).toHaveLength(10);
    expect(held[0]!.id).toBe(16);
  });

  it("bounds the ring by event count however many rows each event carries", () => {
    const bus = new EventBus({ maxEvents: 3 });
    const obs = Array.from({ length: 6000 }, (_, i) => ({ datastreamId: "x", t: String(i), v: i }));
    const data = { asOf: "", count: obs.length, domains: ["energy" as const], observations: obs };
    for (let i = 0; i < 5; i++) bus.emit({ type: "observation", data });
    // A big tick does not push the other recent events out: a reconnecting client still gets them.
    expect(bus.replay(0).map((e) => e.id)).toEqual([3, 4, 5]);
  });

  it("delivers to subscribers and unsubscribing removes the listener", () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const off = bus.subscribe((e) => seen.push(e.id));
    bus.emit(kpi);
    expect(bus.listenerCount()).toBe(1);
    off();
    bus.emit(kpi);
    expect(seen).toEqual([1]);
    expect(bus.listenerCount()).toBe(0);
  });

  it("keeps delivering when one subscriber throws", () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error("closed stream");
    });
    bus.subscribe((e) => seen.push(e.id));
    bus.emit(kpi);
    expect(seen).toEqual([1]);
  });
});
