import "server-only";
/**
 * The checks every observation passes on its way in, and the events an ingest raises: one rule
 * for every store (the embedded SQLite twin and the PostgreSQL twin ingest through it alike).
 */
import { DATASTREAM_SPECS } from "@/lib/city/datastreams";
import { iso } from "./read-model";
import type { IngestResult } from "./source";
import { DOMAINS, type Asset, type Datastream, type Domain, type Observation, type TwinEvent } from "./types";

/** A twin event before the bus or the events table gives it its id. */
export type EventBody = TwinEvent extends infer E ? (E extends TwinEvent ? Omit<E, "id"> : never) : never;

/** Ingest accepts observations up to this far ahead of the twin clock (clock skew of feeds). */
export const FUTURE_SLACK = 300;

/** What the checks need to know of the twin. */
export interface IngestCheckContext {
  dsIndex: ReadonlyMap<string, number>;
  datastreams: readonly Datastream[];
  /** Plausible [min, max] per datastream index (`plausibleRanges`). */
  plausible: readonly (readonly [number, number])[];
  /** The twin's now and how far back rows are kept (epoch seconds, seconds). */
  now: number;
  retention: number;
}

/** Rows that passed (datastream index, epoch seconds, value, position in the input) and refusals. */
export interface CheckedRows {
  idx: number[];
  ts: number[];
  vs: number[];
  pos: number[];
  rejected: IngestResult["rejected"];
}

/** Each datastream's plausible values, from its asset type's datastream table. */
export function plausibleRanges(datastreams: readonly Datastream[], assets: ReadonlyMap<string, Asset>): (readonly [number, number])[] {
  return datastreams.map((d) => {
    const type = assets.get(d.assetId)?.type;
    return (type && DATASTREAM_SPECS[type].find((s) => s.property === d.property)?.plausible) ?? ([-Infinity, Infinity] as const);
  });
}

/** Checks each observation; refusals carry the input position and a reason a feed can act on. */
export function checkObservations(observations: readonly Observation[], ctx: IngestCheckContext): CheckedRows {
  const out: CheckedRows = { idx: [], ts: [], vs: [], pos: [], rejected: [] };
  const { rejected } = out;
  observations.forEach((o, index) => {
    const i = ctx.dsIndex.get(o.datastreamId);
    if (i === undefined) return void rejected.push({ index, reason: `unknown datastream: ${o.datastreamId}` });
    if (typeof o.v !== "number" || !Number.isFinite(o.v)) return void rejected.push({ index, reason: "value must be a finite number" });
    const [lo, hi] = ctx.plausible[i]!;
    if (o.v < lo || o.v > hi) {
      const d = ctx.datastreams[i]!;
      const unit = d.unit.symbol ? ` ${d.unit.symbol}` : "";
      return void rejected.push({ index, reason: `${o.v} is outside the plausible range of ${d.property} (${lo} to ${hi}${unit})` });
    }
    const ms = typeof o.t === "string" ? Date.parse(o.t) : NaN;
    if (Number.isNaN(ms)) return void rejected.push({ index, reason: "t must be an ISO 8601 instant" });
    const t = Math.floor(ms / 1000);
    if (t > ctx.now + FUTURE_SLACK) return void rejected.push({ index, reason: "t is more than 5 minutes in the future" });
    if (t < ctx.now - ctx.retention) return void rejected.push({ index, reason: "t is before the retention window" });
    out.idx.push(i);
    out.ts.push(t);
    out.vs.push(o.v);
    out.pos.push(index);
  });
  return out;
}

/**
 * The events of an ingest: one `observation` event with the rows that were new, and a `kpi` event
 * per domain they touched (none when nothing was new). Also counts the duplicates.
 */
export function ingestEvents(
  observations: readonly Observation[],
  rows: CheckedRows,
  inserted: readonly boolean[],
  domainOf: (datastreamIndex: number) => Domain | undefined,
  now: number,
): { events: EventBody[]; duplicates: number } {
  const fresh: Observation[] = [];
  const domains = new Set<Domain>();
  let duplicates = 0;
  inserted.forEach((ok, k) => {
    if (!ok) return void duplicates++;
    const o = observations[rows.pos[k]!]!;
    fresh.push({ datastreamId: o.datastreamId, t: iso(rows.ts[k]!), v: o.v });
    const d = domainOf(rows.idx[k]!);
    if (d) domains.add(d);
  });
  if (fresh.length === 0) return { events: [], duplicates };
  const asOf = iso(now);
  const ordered = DOMAINS.filter((d) => domains.has(d));
  return {
    events: [
      { type: "observation", data: { asOf, count: fresh.length, domains: ordered, observations: fresh } },
      ...ordered.map((d): EventBody => ({ type: "kpi", data: { domain: d, asOf } })),
    ],
    duplicates,
  };
}
