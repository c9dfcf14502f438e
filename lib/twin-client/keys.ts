/**
 * Canonical URLs of the twin API, built from typed params. They are the SWR keys: Server
 * Components seed `fallback` under the same strings, so parameters are written in one fixed order,
 * absent ones are left out, and dates are written as UTC ISO strings. Parsing a key's query with
 * the endpoint's schema gives back the params it was built from. Client-safe.
 */
import type { AlertFilter, AlertsQuery, AssetClustersQuery, AssetsQuery, DistrictValuesQuery, EventsQuery, KpisQuery, RankQuery, SeriesQuery } from "./schemas";

const BASE = "/api/twin/v1";

type Value = string | number | Date | readonly (string | number)[] | undefined;

function encode(v: Exclude<Value, undefined>): string {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(String).join(",");
  return String(v);
}

/** Builds `path?k=v&...` keeping the given order; commas stay readable (they are list separators). */
function url(path: string, entries: [string, Value][]): string {
  const parts = entries
    .filter((e): e is [string, Exclude<Value, undefined>] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(encode(v)).replace(/%2C/g, ",")}`);
  return parts.length > 0 ? `${BASE}${path}?${parts.join("&")}` : `${BASE}${path}`;
}

export function landingKey(): string {
  return BASE;
}

export function assetClustersKey(q: AssetClustersQuery): string {
  return url("/assets/clusters", [
    ["domain", q.domain],
    ["bbox", q.bbox],
    ["zoom", q.zoom],
  ]);
}

export function assetsKey(q: AssetsQuery = {}): string {
  return url("/assets", [
    ["domain", q.domain],
    ["type", q.type],
    ["district", q.district],
    ["bbox", q.bbox],
    ["q", q.q],
    ["status", q.status],
    ["ids", q.ids],
    ["limit", q.limit],
    ["cursor", q.cursor],
  ]);
}

export function assetKey(id: string): string {
  // Colons stay literal: ids are URNs and a readable path is easier to share and to log.
  return `${BASE}/assets/${encodeURIComponent(id).replace(/%3A/gi, ":")}`;
}

export function latestKey(datastreams: readonly string[]): string {
  return url("/latest", [["datastreams", datastreams]]);
}

export function seriesKey(q: SeriesQuery): string {
  return url("/series", [
    ["datastreams", q.datastreams],
    ["metric", q.metric],
    ["district", q.district],
    ["from", q.from],
    ["to", q.to],
    ["step", q.step],
    ["agg", q.agg],
    ["maxPoints", q.maxPoints],
  ]);
}

export function kpisKey(q: KpisQuery = {}): string {
  return url("/kpis", [
    ["domain", q.domain],
    ["at", q.at],
    ["district", q.district],
  ]);
}

export function alertsKey(q: AlertsQuery = {}): string {
  return url("/alerts", [
    ["state", q.state],
    ["severity", q.severity],
    ["domain", q.domain],
    ["bbox", q.bbox],
    ["since", q.since],
    ["limit", q.limit],
    ["district", q.district],
    ["asset", q.asset],
    ["at", q.at],
    ["from", q.from],
    ["to", q.to],
    ["offset", q.offset],
  ]);
}

/** Response times of an alert filter (same parameters as the list, no page). */
export function alertStatsKey(q: AlertFilter): string {
  return alertsKey(q).replace(`${BASE}/alerts`, `${BASE}/alerts/stats`);
}

/** The CSV of an alert filter, in a language. */
export function alertExportUrl(q: AlertFilter, lang: "en" | "zh"): string {
  const u = alertsKey(q).replace(`${BASE}/alerts`, `${BASE}/alerts/export`);
  return `${u}${u.includes("?") ? "&" : "?"}lang=${lang}`;
}

export function assigneesKey(domain?: string): string {
  return url("/alerts/assignees", [["domain", domain]]);
}

export function districtValuesKey(q: DistrictValuesQuery): string {
  return url("/district-values", [
    ["metric", q.metric],
    ["at", q.at],
  ]);
}

export function rankKey(q: RankQuery): string {
  return url("/rank", [
    ["type", q.type],
    ["property", q.property],
    ["at", q.at],
    ["district", q.district],
    ["per", q.per],
    ["order", q.order],
    ["limit", q.limit],
  ]);
}

/** URL for an EventSource (not an SWR key; `Last-Event-ID` is sent by the browser on reconnect). */
export function eventsUrl(q: EventsQuery = {}): string {
  return url("/events", [
    ["domains", q.domains],
    ["lastEventId", q.lastEventId],
  ]);
}

export function openapiUrl(): string {
  return `${BASE}/openapi.json`;
}
