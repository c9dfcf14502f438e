import "server-only";
/**
 * The checks every observation passes on its way in, and the events an ingest raises: one rule
 * for every store (the embedded SQLite twin and the PostgreSQL twin ingest through it alike).
 */
import { DATASTREAM_SPECS } from "@/lib/city/datastreams";
import { iso } from "./read-model";
import type { CorrectionInput, CorrectionResult } from "./source";
import {
  DOMAINS,
  type Asset,
  type AuditEntry,
  type Datastream,
  type Domain,
  type Observation,
  type Refusal,
  type RefusalCode,
  type TwinEvent,
} from "./types";

/** A twin event before the bus or the events table gives it its id. */
export type EventBody = TwinEvent extends infer E ? (E extends TwinEvent ? Omit<E, "id"> : never) : never;

/** Ingest accepts observations up to this far ahead of the twin clock (clock skew of feeds). */
export const FUTURE_SLACK = 300;


/** What one datastream may report, from its asset type's datastream table. */
export interface StreamLimits {
  lo: number;
  hi: number;
  maxRatePerHour: number;
  cadenceSeconds: number;
}

/** A stored reading (epoch seconds, value). */
export interface Reading {
  t: number;
  v: number;
}

/** What the checks need to know of the twin. */
export interface IngestCheckContext {
  dsIndex: ReadonlyMap<string, number>;
  datastreams: readonly Datastream[];
  /** Limits per datastream index (`streamLimits`). */
  limits: readonly StreamLimits[];
  /** The domain of datastream `i` (of its asset). */
  domainOf: (i: number) => Domain | undefined;
  /** The newest stored reading of datastream `i`, the base of the rate-of-change check. */
  newest: (i: number) => Reading | undefined;
  /** The twin's now and how far back rows are kept (epoch seconds, seconds). */
  now: number;
  retention: number;
  /** The domains the feed may write; absent or empty: all. */
  scope?: readonly string[] | undefined;
}

/** Rows that passed (datastream index, epoch seconds, value, position in the input) and refusals. */
export interface CheckedRows {
  idx: number[];
  ts: number[];
  vs: number[];
  pos: number[];
  rejected: Refusal[];
}

const NO_LIMITS: StreamLimits = { lo: -Infinity, hi: Infinity, maxRatePerHour: Infinity, cadenceSeconds: 0 };

/** Each datastream's limits, from its asset type's datastream table. */
export function streamLimits(datastreams: readonly Datastream[], assets: ReadonlyMap<string, Asset>): StreamLimits[] {
  return datastreams.map((d) => {
    const type = assets.get(d.assetId)?.type;
    const s = type && DATASTREAM_SPECS[type].find((x) => x.property === d.property);
    return s ? { lo: s.plausible[0], hi: s.plausible[1], maxRatePerHour: s.maxRatePerHour, cadenceSeconds: s.cadenceSeconds } : NO_LIMITS;
  });
}

/**
 * RFC 3339, the strict profile of ISO 8601 that feeds use: a full date, `T`, hours, minutes and
 * seconds (fraction optional) and an offset (`Z` or ±hh:mm). A bare date or a local time without
 * an offset names a different instant in every time zone, so it is refused, not guessed.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))?$/;

/** Epoch seconds of a strict instant, or why it is not one. */
export function parseInstant(t: unknown): number | { code: "malformed_time" | "no_offset"; reason: string } {
  const m = typeof t === "string" ? INSTANT.exec(t) : null;
  if (!m) return { code: "malformed_time", reason: "t must be an ISO 8601 date and time with an offset, e.g. 2026-07-15T12:00:00+08:00" };
  const [, y, mo, d, h, mi, s, , oh, om] = m.map(Number) as number[];
  if (m[7] === undefined) return { code: "no_offset", reason: "t has no UTC offset: add Z or ±hh:mm (a local time names a different instant in each time zone)" };
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const date = new Date(utc);
  // Date.UTC rolls 2026-02-30 over into March: the fields must come back as written.
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! < 24 && mi! < 60 && s! < 60;
  const offsetOk = m[7] === "Z" || (oh! < 24 && om! < 60);
  if (!real || !offsetOk) return { code: "malformed_time", reason: `t is not a real date and time: ${String(t)}` };
  if (m[7] === "Z") return Math.floor(utc / 1000);
  return Math.floor(utc / 1000) - (m[7]!.startsWith("-") ? -1 : 1) * (oh! * 3600 + om! * 60);
}

const BASELINE = Symbol.for("twinops.ingest-baseline");
type BaselineHolder = { [BASELINE]?: boolean };

/**
 * For bench/ingest.ts only: with `true`, ingest checks only what storing needs (a known stream, a
 * finite value, a time `Date.parse` reads), as before issue 16, so the same rows can be timed with
 * and without the checks in one run. Never set by the app.
 */
export function setBaselineChecksForBench(on: boolean): void {
  (globalThis as BaselineHolder)[BASELINE] = on;
}

/** The pre-issue-16 checks, the benchmark's baseline. */
function baselineCheck(observations: readonly Observation[], ctx: IngestCheckContext): CheckedRows {
  const out: CheckedRows = { idx: [], ts: [], vs: [], pos: [], rejected: [] };
  observations.forEach((o, index) => {
    const i = ctx.dsIndex.get(o.datastreamId);
    const ms = typeof o.t === "string" ? Date.parse(o.t) : NaN;
    if (i === undefined || typeof o.v !== "number" || !Number.isFinite(o.v) || Number.isNaN(ms))
      return void out.rejected.push({ index, code: "malformed_time", reason: "baseline refusal" });
    out.idx.push(i);
    out.ts.push(Math.floor(ms / 1000));
    out.vs.push(o.v);
    out.pos.push(index);
  });
  return out;
}

/** Checks each observation; refusals carry the input position, a code and a reason. */
export function checkObservations(observations: readonly Observation[], ctx: IngestCheckContext): CheckedRows {
  if ((globalThis as BaselineHolder)[BASELINE]) return baselineCheck(observations, ctx);
  const out: CheckedRows = { idx: [], ts: [], vs: [], pos: [], rejected: [] };
  const { rejected } = out;
  const scope = ctx.scope && ctx.scope.length > 0 ? ctx.scope : null;
  // The newest reading per stream, moved on by the rows of this batch that pass.
  const newest = new Map<number, Reading | undefined>();
  observations.forEach((o, index) => {
    const refuse = (code: RefusalCode, reason: string) => void rejected.push({ index, code, reason });
    const i = ctx.dsIndex.get(o.datastreamId);
    if (i === undefined) return refuse("unknown_datastream", `unknown datastream: ${o.datastreamId}`);
    const domain = ctx.domainOf(i);
    if (scope && (!domain || !scope.includes(domain))) return refuse("wrong_domain", `this feed may not write the ${domain ?? "unknown"} domain`);
    if (typeof o.v !== "number" || !Number.isFinite(o.v)) return refuse("not_a_number", "value must be a finite number");
    const t = parseInstant(o.t);
    if (typeof t !== "number") return refuse(t.code, t.reason);
    if (t > ctx.now + FUTURE_SLACK) return refuse("future", `t is more than ${FUTURE_SLACK / 60} minutes in the future (the twin's clock reads ${iso(ctx.now)})`);
    if (t < ctx.now - ctx.retention) return refuse("too_old", "t is before the retention window");
    const d = ctx.datastreams[i]!;
    const lim = ctx.limits[i] ?? NO_LIMITS;
    const unit = d.unit.symbol ? ` ${d.unit.symbol}` : "";
    if (o.v < lim.lo || o.v > lim.hi) return refuse("out_of_range", `${o.v} is outside the plausible range of ${d.property} (${lim.lo} to ${lim.hi}${unit})`);
    const prev = newest.has(i) ? newest.get(i) : ctx.newest(i);
    if (prev && t > prev.t) {
      // Over a gap shorter than a cadence the cadence counts: two close readings differ by noise.
      const allowed = (lim.maxRatePerHour * Math.max(t - prev.t, lim.cadenceSeconds)) / 3600;
      if (Math.abs(o.v - prev.v) > allowed)
        return refuse(
          "too_fast",
          `${d.property} changed from ${prev.v} to ${o.v}${unit} in ${t - prev.t} s, faster than its limit of ${lim.maxRatePerHour}${unit} per hour`,
        );
    }
    if (!prev || t > prev.t) newest.set(i, { t, v: o.v });
    out.idx.push(i);
    out.ts.push(t);
    out.vs.push(o.v);
    out.pos.push(index);
  });
  countRefusals(observations, rejected);
  return out;
}

/** A correction that passed its checks: the stream's index and the row's instant. */
export type CheckedCorrection = { ok: true; i: number; t: number } | Extract<CorrectionResult, { ok: false }>;

/**
 * The checks of a correction: a known stream of the feed's domains, a strict instant, and a new
 * value that is finite and plausible (the rate check is not run: a correction replaces what a
 * reading's neighbours were judged against).
 */
export function checkCorrection(c: CorrectionInput, ctx: Pick<IngestCheckContext, "dsIndex" | "datastreams" | "limits" | "domainOf" | "scope">): CheckedCorrection {
  const refuse = (status: 403 | 404 | 422, code: string, message: string) => ({ ok: false as const, status, code, message });
  const i = ctx.dsIndex.get(c.datastreamId);
  if (i === undefined) return refuse(404, "not_found", `unknown datastream: ${c.datastreamId}`);
  const domain = ctx.domainOf(i);
  if (ctx.scope && ctx.scope.length > 0 && (!domain || !ctx.scope.includes(domain)))
    return refuse(403, "forbidden", `this feed may not write the ${domain ?? "unknown"} domain`);
  const t = parseInstant(c.t);
  if (typeof t !== "number") return refuse(422, t.code, t.reason);
  if (c.v !== null) {
    if (!Number.isFinite(c.v)) return refuse(422, "not_a_number", "value must be a finite number");
    const lim = ctx.limits[i] ?? NO_LIMITS;
    const d = ctx.datastreams[i]!;
    if (c.v < lim.lo || c.v > lim.hi) return refuse(422, "out_of_range", `${c.v} is outside the plausible range of ${d.property} (${lim.lo} to ${lim.hi})`);
  }
  return { ok: true, i, t };
}

/** The audit record of a correction: before and after, and why. */
export function correctionAudit(c: CorrectionInput, t: number, before: number, actor: { name: string; role: string }): Omit<AuditEntry, "at"> {
  return {
    actor: actor.name,
    role: actor.role,
    action: c.v === null ? "observation.withdraw" : "observation.replace",
    target: `${c.datastreamId}@${iso(t)}`,
    before: { v: before },
    after: { v: c.v, reason: c.reason },
  };
}

/** Refusals counted per reason and datastream since the process started, for admins. */
export interface RefusalCount {
  code: RefusalCode;
  datastreamId: string;
  count: number;
  /** Wall time of the newest refusal (ISO 8601). */
  last: string;
}

/** Distinct (reason, datastream) pairs kept; beyond, unknown ids are counted under one key. */
const MAX_COUNTED = 5000;
const OTHER = "(other)";
const COUNTS = Symbol.for("twinops.ingest-refusals");
type CountHolder = { [COUNTS]?: { since: number; byKey: Map<string, RefusalCount> } };

function counts(): { since: number; byKey: Map<string, RefusalCount> } {
  const h = globalThis as CountHolder;
  return (h[COUNTS] ??= { since: Date.now(), byKey: new Map() });
}

function countRefusals(observations: readonly Observation[], rejected: readonly Refusal[]): void {
  if (rejected.length === 0) return;
  const { byKey } = counts();
  const last = new Date().toISOString();
  for (const r of rejected) {
    const raw = observations[r.index]?.datastreamId;
    let id = typeof raw === "string" ? raw : OTHER;
    // Garbage ids from a broken feed must not grow the table without bound.
    if (!byKey.has(`${r.code} ${id}`) && byKey.size >= MAX_COUNTED) id = OTHER;
    const key = `${r.code} ${id}`;
    const c = byKey.get(key);
    if (c) {
      c.count++;
      c.last = last;
    } else byKey.set(key, { code: r.code, datastreamId: id, count: 1, last });
  }
}

/** The refusal counts of this process, most frequent first. */
export function refusalCounts(): { since: string; total: number; counts: RefusalCount[] } {
  const { since, byKey } = counts();
  const list = [...byKey.values()].map((c) => ({ ...c })).sort((a, b) => b.count - a.count || a.datastreamId.localeCompare(b.datastreamId));
  return { since: new Date(since).toISOString(), total: list.reduce((s, c) => s + c.count, 0), counts: list };
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
