import { describe, expect, it } from "vitest";
import { checkObservations, parseInstant, refusalCounts, type IngestCheckContext, type StreamLimits } from "./ingest-check";
import type { Datastream, Observation } from "./types";

const NOW = Date.parse("2026-07-15T04:00:00Z") / 1000;
const stream = (id: string, property: string, symbol: string): Datastream => ({
  id,
  assetId: `asset-${id}`,
  property,
  name: { en: property, zh: property },
  unit: { symbol, code: "C62" },
  cadenceSeconds: 900,
  staleAfterSeconds: 2700,
});
const datastreams = [stream("beds", "bedsOccupied", ""), stream("load", "load", "MW")];
const limits: StreamLimits[] = [
  { lo: 0, hi: 20000, maxRatePerHour: 1000, cadenceSeconds: 900 },
  { lo: 0, hi: 5000, maxRatePerHour: 2000, cadenceSeconds: 300 },
];
const ctx = (over: Partial<IngestCheckContext> = {}): IngestCheckContext => ({
  dsIndex: new Map(datastreams.map((d, i) => [d.id, i])),
  datastreams,
  limits,
  domainOf: (i) => (i === 0 ? "health" : "energy"),
  newest: (i) => (i === 0 ? { t: NOW - 900, v: 300 } : undefined),
  now: NOW,
  retention: 2 * 86400,
  ...over,
});
const row = (datastreamId: string, t: string, v: unknown): Observation => ({ datastreamId, t, v: v as number });

describe("parseInstant", () => {
  it.each([
    ["2026-07-15T12:00:00+08:00", NOW],
    ["2026-07-15T04:00:00Z", NOW],
    ["2026-07-15T04:00:00.250Z", NOW],
    ["2026-07-14T23:30:00-04:30", NOW],
  ])("reads %s", (t, want) => expect(parseInstant(t)).toBe(want));

  it.each([
    ["2026-07-15", "malformed_time"],
    ["2026-07-15T12:00:00", "no_offset"],
    ["2026-07-15T12:00", "malformed_time"],
    ["2026-07-15 12:00:00Z", "malformed_time"],
    ["2026-02-30T12:00:00Z", "malformed_time"],
    ["2026-07-15T24:00:00Z", "malformed_time"],
    ["2026-07-15T12:00:00+25:00", "malformed_time"],
    ["July 15 2026 12:00 GMT+8", "malformed_time"],
    ["1752552000", "malformed_time"],
  ])("refuses %s as %s", (t, code) => expect(parseInstant(t)).toMatchObject({ code }));
});

describe("checkObservations", () => {
  // The bad-row matrix of issue 16: every row is refused with its own code and reason, and the
  // good row beside them passes.
  it("refuses each kind of bad row with its reason and keeps the good one", () => {
    const rows = [
      row("beds", "2026-07-15T12:00:00+08:00", 1e12),
      row("beds", "2026-07-15T12:00:00+08:00", 5000),
      row("beds", "2026-07-15T12:30:00+08:00", 310),
      row("beds", "2026-07-15", 310),
      row("beds", "2026-07-15T12:00:00", 310),
      row("beds", "2026-07-15T12:00:00+08:00", Number.NaN),
      row("beds", "2026-07-15T12:00:00+08:00", Number.POSITIVE_INFINITY),
      row("beds", "2026-07-15T12:00:00+08:00", "310"),
      row("load", "2026-07-15T12:00:00+08:00", 40),
      row("nope", "2026-07-15T12:00:00+08:00", 1),
      row("beds", "2026-07-15T12:00:00+08:00", 310),
    ];
    const out = checkObservations(rows, ctx({ scope: ["health"] }));
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, "out_of_range"],
      [1, "too_fast"],
      [2, "future"],
      [3, "malformed_time"],
      [4, "no_offset"],
      [5, "not_a_number"],
      [6, "not_a_number"],
      [7, "not_a_number"],
      [8, "wrong_domain"],
      [9, "unknown_datastream"],
    ]);
    expect(out.rejected[1]!.reason).toBe("bedsOccupied changed from 300 to 5000 in 900 s, faster than its limit of 1000 per hour");
    expect(out.rejected[8]!.reason).toBe("this feed may not write the energy domain");
    expect(out.pos).toEqual([10]);
    expect(out.ts).toEqual([NOW]);
  });

  it("takes the cadence as the least gap (noise between close readings is no rate) and follows the batch's own rows", () => {
    // 250 beds in a 10 s gap: under 1000/h over the 900 s cadence.
    expect(checkObservations([row("beds", "2026-07-14T19:45:10-08:00", 550)], ctx()).rejected).toEqual([]);
    // A batch climbing in steps: each step is judged from the row before it, not from the store.
    const steps = [550, 800, 1050].map((v, k) => row("beds", new Date((NOW - 1800 + k * 900) * 1000).toISOString(), v));
    expect(checkObservations(steps, ctx({ newest: () => ({ t: NOW - 2700, v: 300 }) })).rejected).toEqual([]);
    const jump = [row("beds", new Date(NOW * 1000).toISOString(), 550), row("beds", new Date((NOW + 60) * 1000).toISOString(), 1200)];
    expect(checkObservations(jump, ctx()).rejected.map((r) => r.code)).toEqual(["too_fast"]);
  });

  it("leaves a late row (older than the newest stored) to the range check only", () => {
    expect(checkObservations([row("beds", new Date((NOW - 3600) * 1000).toISOString(), 4000)], ctx()).rejected).toEqual([]);
  });

  it("counts refusals per reason and datastream for admins", () => {
    const before = refusalCounts().counts.find((c) => c.code === "out_of_range" && c.datastreamId === "load")?.count ?? 0;
    checkObservations([row("load", "2026-07-15T12:00:00+08:00", -5), row("load", "2026-07-15T12:00:00+08:00", 9e9)], ctx());
    const after = refusalCounts().counts.find((c) => c.code === "out_of_range" && c.datastreamId === "load")!;
    expect(after.count - before).toBe(2);
    expect(Date.parse(after.last)).not.toBeNaN();
  });
});
