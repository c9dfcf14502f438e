/**
 * Live refetches: the keys an event touches are revalidated, their data staying on screen until
 * the new answer arrives (and staying, marked old, if it fails). Events that carry the changed
 * values fill the keys they can instead (no request at all); only the rest are refetched.
 * Client-safe.
 */
import type { Cache, ScopedMutator } from "swr";
import { staleKeyMatcher } from "@/lib/views/overview/live";
import type { Domain, KpiStatus, LatestValue } from "@/lib/twin/types";
import type { AssetDetailResponse, KpisResponse, LatestResponse } from "./schemas";

function keyStrings(key: unknown): string[] {
  if (typeof key === "string") return [key];
  if (Array.isArray(key)) return key.filter((k): k is string => typeof k === "string");
  return [];
}

/**
 * Refetches every cached key one of whose parts matches. Only the filter is passed: SWR reads any
 * second argument, `undefined` included, as new data for the keys and clears them
 * (`internalMutate`: "If there is no new data provided" means fewer than two arguments), which
 * blanked every board's cache, visible or not, at each live event.
 */
export function revalidateMatching(mutate: ScopedMutator, match: (key: string) => boolean): Promise<unknown> {
  return mutate((key: unknown) => keyStrings(key).some(match));
}

/** One KPI's figures in a live `kpi` event: a `KpiValue` without its definition (id only). */
export interface KpiDelta {
  id: string;
  value: number | null;
  asOf: string;
  previous: number | null;
  status: KpiStatus;
  stale: boolean;
}

/** What the server adds to a live `kpi` event (lib/api/live-values.ts). */
export interface LiveKpiFields {
  /** Every KPI of the event's domain as `/kpis?domain=` would answer now. */
  values: KpiDelta[];
  /** The twin time they were read at: the `asOf` of that answer. */
  valuesAsOf: string;
}

const KPIS = "/api/twin/v1/kpis";

/**
 * Whether a `/kpis` key shows the live city-wide figures of `domain` (or of every domain): those
 * an event's values can fill. Keys of an instant (`at`) or a district are not: the event says
 * nothing about them.
 */
export function kpiKeyFillable(key: string, domain: Domain): boolean {
  if (key !== KPIS && !key.startsWith(`${KPIS}?`)) return false;
  const q = new URLSearchParams(key.slice(KPIS.length + 1));
  if (q.has("at") || q.has("district")) return false;
  const d = q.get("domain");
  return d === null || d === domain;
}

/**
 * The cached answer with the event's figures in place of the domain's, or null when they do not
 * fit it (a KPI on one side only: definitions changed), and the key must be refetched. An answer
 * newer than the event is kept as it is.
 */
export function patchKpis(current: KpisResponse, domain: Domain, live: LiveKpiFields): KpisResponse | null {
  if (Date.parse(current.asOf) > Date.parse(live.valuesAsOf)) return current;
  const byId = new Map(live.values.map((v) => [v.id, v]));
  let used = 0;
  const kpis = current.kpis.map((k) => {
    if (k.definition.domain !== domain) return k;
    const v = byId.get(k.definition.id);
    if (!v) return null;
    used++;
    return { ...k, value: v.value, asOf: v.asOf, previous: v.previous, status: v.status, stale: v.stale };
  });
  if (used !== byId.size || kpis.some((k) => k === null)) return null;
  return { ...current, asOf: live.valuesAsOf, kpis: kpis as KpisResponse["kpis"] };
}

/**
 * Writes a live `kpi` event's figures into every cached `/kpis` key they fill, without a request;
 * returns a matcher of the `/kpis` keys of the domain that still need a refetch (held nowhere yet,
 * or not fillable: an instant, a district, a changed definition).
 */
export function fillKpis(cache: Cache, mutate: ScopedMutator, domain: Domain, live: LiveKpiFields): (key: string) => boolean {
  const filled = new Set<string>();
  for (const key of cache.keys()) {
    if (!kpiKeyFillable(key, domain)) continue;
    const current = cache.get(key)?.data as KpisResponse | undefined;
    const next = current && patchKpis(current, domain, live);
    if (!next) continue;
    filled.add(key);
    if (next !== current) void mutate(key, next, { revalidate: false });
  }
  return (k) => k.startsWith(KPIS) && !filled.has(k) && (!k.includes("domain=") || k.includes(`domain=${domain}`));
}

/** What the server adds to a live observation event (lib/api/live-values.ts). */
export interface LiveLatestFields {
  /**
   * The latest value of every datastream the event wrote that the stream may read, as `/latest`
   * answers them at `valuesAsOf`. A datastream left out wrote nothing since the event before.
   */
  latest: LatestValue[];
  /** The twin time they were read at: the `asOf` of that answer. */
  valuesAsOf: string;
}

const LATEST = "/api/twin/v1/latest";
const ASSET = /^\/api\/twin\/v1\/assets\/(?!clusters(?:\?|$))[^/?]+$/;

/** The datastream ids a `/latest` key asks for (in order, once each), or null for another key. */
export function latestKeyIds(key: string): string[] | null {
  if (!key.startsWith(`${LATEST}?`)) return null;
  const ids = new URLSearchParams(key.slice(LATEST.length + 1)).get("datastreams");
  return ids ? [...new Set(ids.split(","))] : null;
}

/**
 * A cached `/latest` answer brought up to the event, as the API would answer at `valuesAsOf`, or
 * null when that cannot be known here and the key must be refetched: a value the event does not
 * renew that was still fresh may have turned stale meanwhile (its stale limit is not in the
 * answer). One that was stale stays so until a new value comes, which would be in the event.
 * An answer newer than the event is kept.
 */
export function patchLatest(current: LatestResponse, ids: readonly string[], live: LiveLatestFields): LatestResponse | null {
  if (Date.parse(current.asOf) > Date.parse(live.valuesAsOf)) return current;
  const fresh = new Map(live.latest.map((v) => [v.datastreamId, v]));
  const held = new Map(current.values.map((v) => [v.datastreamId, v]));
  const values: LatestValue[] = [];
  for (const id of ids) {
    const v = fresh.get(id) ?? held.get(id);
    if (!v) continue; // no reading yet, and none in the event: still none
    if (v === held.get(id) && !v.stale) return null;
    values.push(v);
  }
  return { asOf: live.valuesAsOf, values };
}

/**
 * A cached asset detail with the event's values in place and every other value's staleness
 * judged again at `valuesAsOf` (the detail carries each datastream's stale limit): what
 * `/assets/{id}` answers then. Its status follows alerts, whose events refetch it.
 */
export function patchAsset(current: AssetDetailResponse, live: LiveLatestFields): AssetDetailResponse {
  const at = Date.parse(live.valuesAsOf);
  if (Date.parse(current.asOf) > at) return current;
  const fresh = new Map(live.latest.map((v) => [v.datastreamId, v]));
  const held = new Map(current.properties.latest.map((v) => [v.datastreamId, v]));
  const latest: LatestValue[] = [];
  for (const d of current.properties.datastreams) {
    const v = fresh.get(d.id);
    const h = held.get(d.id);
    if (v) latest.push(v);
    else if (h) latest.push({ ...h, stale: (at - Date.parse(h.t)) / 1000 > d.staleAfterSeconds });
  }
  return { ...current, properties: { ...current.properties, latest }, asOf: live.valuesAsOf };
}

/**
 * Writes a live observation event's values into every cached `/latest` and `/assets/{id}` key
 * they fill, without a request; returns a matcher of the keys the event still makes stale (series,
 * asset clusters, and the keys it cannot fill).
 */
export function fillLatest(cache: Cache, mutate: ScopedMutator, domains: readonly Domain[] | undefined, live: LiveLatestFields): (key: string) => boolean {
  const filled = new Set<string>();
  for (const key of cache.keys()) {
    const ids = latestKeyIds(key);
    const current = cache.get(key)?.data as unknown;
    if (!current) continue;
    let next: unknown = null;
    if (ids) next = patchLatest(current as LatestResponse, ids, live);
    else if (ASSET.test(key)) next = patchAsset(current as AssetDetailResponse, live);
    if (!next) continue;
    filled.add(key);
    if (next !== current) void mutate(key, next, { revalidate: false });
  }
  const stale = staleKeyMatcher({ type: "observation", domains });
  return (k) => stale(k) && !filled.has(k);
}
