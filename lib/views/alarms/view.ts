/**
 * The alarm history page's view, read from its URL (the one place that says what each parameter
 * means): filters, time range and page. Lenient on purpose: a hand-edited or stale link shows the
 * page with the parts it understood (an unknown value is dropped, not an error page). Client-safe.
 */
import { ALERT_SEVERITIES, ALERT_STATES, DOMAINS, type AlertSeverity, type AlertState, type Domain } from "@/lib/twin/types";
import type { AlertFilter, AlertsQuery } from "@/lib/twin-client/schemas";

export const HISTORY_RANGES = ["24h", "7d", "30d", "all", "custom"] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export const HISTORY_PAGE_SIZE = 25;
const RANGE_SECONDS: Record<Exclude<HistoryRange, "all" | "custom">, number> = { "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 };

export interface HistoryView {
  domain?: Domain;
  district?: string;
  severity: AlertSeverity[];
  state: AlertState[];
  range: HistoryRange;
  /** Custom range bounds (ISO instants) as given. */
  from?: string;
  to?: string;
  /** 1-based. */
  page: number;
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
// A list comes comma-separated (shared links) or as repeated fields (the filter form without script).
const listOf = <T extends string>(v: string | string[] | undefined, allowed: readonly T[]): T[] =>
  [...new Set((Array.isArray(v) ? v.join(",") : (v ?? "")).split(",").filter((x): x is T => (allowed as readonly string[]).includes(x)))].sort(
    (a, b) => allowed.indexOf(a) - allowed.indexOf(b),
  );
// An instant names its offset: a bare local time would be read in the server's zone.
const instant = (v: string | undefined) => (v && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);

export function parseHistoryView(p: Params, districts: readonly string[]): HistoryView {
  const domain = one(p.domain);
  const district = one(p.district);
  const range = one(p.range);
  const page = Number(one(p.page));
  const from = instant(one(p.from));
  const to = instant(one(p.to));
  return {
    ...(domain && (DOMAINS as readonly string[]).includes(domain) ? { domain: domain as Domain } : {}),
    ...(district && districts.includes(district) ? { district } : {}),
    severity: listOf(p.severity, ALERT_SEVERITIES),
    state: listOf(p.state, ALERT_STATES),
    range: range && (HISTORY_RANGES as readonly string[]).includes(range) ? (range as HistoryRange) : from || to ? "custom" : "7d",
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    page: Number.isInteger(page) && page >= 1 && page <= 2000 ? page : 1,
  };
}

/** The API filter of a view at the twin's `now` (a relative range ends now; a custom one as given, in order). */
export function historyFilter(v: HistoryView, now: Date): AlertFilter {
  const f: AlertFilter = {};
  if (v.domain) f.domain = v.domain;
  if (v.district) f.district = v.district;
  if (v.severity.length) f.severity = v.severity;
  if (v.state.length) f.state = v.state;
  if (v.range === "custom") {
    let from = v.from ? new Date(v.from) : undefined;
    let to = v.to ? new Date(v.to) : undefined;
    if (from && to && from > to) [from, to] = [to, from];
    if (from && to && from.getTime() === to.getTime()) to = new Date(to.getTime() + 1000);
    if (from) f.from = from;
    if (to) f.to = to;
  } else if (v.range !== "all") {
    // Whole minutes: the key stays the same for every render within a minute.
    const end = Math.floor(now.getTime() / 60_000) * 60_000;
    f.from = new Date(end - RANGE_SECONDS[v.range] * 1000);
  }
  return f;
}

export function historyQuery(v: HistoryView, now: Date): AlertsQuery {
  return { ...historyFilter(v, now), limit: HISTORY_PAGE_SIZE, ...(v.page > 1 ? { offset: (v.page - 1) * HISTORY_PAGE_SIZE } : {}) };
}

/** The page's URL for a view (only what differs from the defaults; lists comma-separated). */
export function historyHref(v: HistoryView, lang: "en" | "zh"): string {
  const q = new URLSearchParams();
  if (v.domain) q.set("domain", v.domain);
  if (v.district) q.set("district", v.district);
  if (v.severity.length) q.set("severity", v.severity.join(","));
  if (v.state.length) q.set("state", v.state.join(","));
  if (v.range !== "7d") q.set("range", v.range);
  if (v.range === "custom" && v.from) q.set("from", v.from);
  if (v.range === "custom" && v.to) q.set("to", v.to);
  if (v.page > 1) q.set("page", String(v.page));
  if (lang === "zh") q.set("lang", "zh");
  const s = q.toString().replace(/%2C/g, ",").replace(/%3A/gi, ":");
  return s ? `/alarms?${s}` : "/alarms";
}
