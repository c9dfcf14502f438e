/**
 * The API queries behind every part of a department page, from its view. The client hooks ask
 * exactly these, and the Server Component seeds SWR `fallback` with the answers under the same
 * keys (`seedList`), so the HTML already holds the figures of the view the URL names.
 * Pure and client-safe.
 */
import { DEPARTMENTS, type Department, type DepartmentPanel, type DistributionPanel, type GroupPanel, type RankPanel, type TrendPanel } from "@/lib/config/departments";
import { alertsKey, assetsKey, districtValuesKey, kpisKey, rankKey, seriesKey } from "@/lib/twin-client/keys";
import type { AlertsQuery, AssetsQuery, DistrictValuesQuery, KpisQuery, RankQuery, SeriesQuery } from "@/lib/twin-client/schemas";
import { formatDurationSeconds } from "@/lib/twin-client/steps";
import { DOMAINS, type AssetType, type Domain } from "@/lib/twin/types";
import type { DepartmentViewState, TimeWindow } from "./view-state";

/**
 * Points a trend asks for: a laptop panel is at least this many pixels wide, so the server's
 * reduction keeps to at most one point per pixel (it picks the finest step that fits).
 */
export const SERIES_POINTS = 300;

/** Assets asked for when a panel counts a type's static properties (more than any city has of one type). */
export const ALL_OF_TYPE = 5000;

export interface ViewInput {
  state: DepartmentViewState;
  window: TimeWindow;
  compare: TimeWindow | null;
  /** The cursor inside the window, or null (live). */
  cursor: Date | null;
}

/** `at` for value endpoints: only with a cursor, so live views follow the twin's now. */
function at(v: ViewInput): Date | undefined {
  return v.cursor ?? undefined;
}

export function trendQueries(p: TrendPanel, v: ViewInput): { main: SeriesQuery; overlay: SeriesQuery | null; compare: SeriesQuery | null } {
  const base = (metric: string, w: TimeWindow): SeriesQuery => ({
    metric,
    district: v.state.district ?? undefined,
    from: w.from,
    to: w.to,
    step: p.step,
    agg: [p.agg],
    maxPoints: SERIES_POINTS,
  });
  return {
    main: base(p.metric, v.window),
    overlay: p.overlay ? base(p.overlay.metric, v.window) : null,
    compare: v.compare ? base(p.metric, v.compare) : null,
  };
}

export function districtValuesQuery(metric: string, v: ViewInput): DistrictValuesQuery {
  return { metric, at: at(v) };
}

export function rankQuery(p: RankPanel | DistributionPanel | GroupPanel, v: ViewInput): RankQuery {
  const all = p.kind !== "rank";
  return {
    type: p.type,
    property: p.property,
    at: at(v),
    district: v.state.district ?? undefined,
    per: p.kind === "rank" ? p.per : undefined,
    order: p.kind === "rank" ? p.order : undefined,
    limit: all ? ALL_OF_TYPE : p.limit,
  };
}

/** Every asset of a type (static properties for breakdowns); the district filter applies. */
export function typeAssetsQuery(type: AssetType, v: ViewInput): AssetsQuery {
  return { type, district: v.state.district ?? undefined, limit: ALL_OF_TYPE };
}

export function kpisQuery(domain: Domain, v: ViewInput): KpisQuery {
  return { domain, at: at(v), district: v.state.district ?? undefined };
}

/** The alert list: what is active now, or what was active at the cursor. */
export function alertsQuery(domain: Domain, v: ViewInput): AlertsQuery {
  return v.cursor
    ? { domain, district: v.state.district ?? undefined, at: v.cursor, limit: 200 }
    : { state: ["open", "acknowledged", "assigned"], domain, district: v.state.district ?? undefined, limit: 200 };
}

/** A query the server can answer to seed SWR: the endpoint and its typed params. */
export type Seed =
  | { endpoint: "series"; query: SeriesQuery }
  | { endpoint: "kpis"; query: KpisQuery }
  | { endpoint: "district-values"; query: DistrictValuesQuery }
  | { endpoint: "rank"; query: RankQuery }
  | { endpoint: "assets"; query: AssetsQuery }
  | { endpoint: "alerts"; query: AlertsQuery };

function keyOf(s: Seed): string {
  switch (s.endpoint) {
    case "series":
      return seriesKey(s.query);
    case "kpis":
      return kpisKey(s.query);
    case "district-values":
      return districtValuesKey(s.query);
    case "rank":
      return rankKey(s.query);
    case "assets":
      return assetsKey(s.query);
    case "alerts":
      return alertsKey(s.query);
  }
}

function panelSeeds(p: DepartmentPanel, v: ViewInput): Seed[] {
  switch (p.kind) {
    case "trend": {
      const q = trendQueries(p, v);
      return [q.main, q.overlay, q.compare].filter((x): x is SeriesQuery => x !== null).map((query) => ({ endpoint: "series", query }));
    }
    case "districts":
      return [{ endpoint: "district-values", query: districtValuesQuery(p.metric, v) }];
    case "rank":
    case "distribution":
    case "group":
      return [{ endpoint: "rank", query: rankQuery(p, v) }];
    case "breakdown":
    case "schedule":
      return [{ endpoint: "assets", query: typeAssetsQuery(p.type, v) }];
  }
}

/**
 * Every query of the page for this view, with its SWR key, deduplicated. `headerDomain` is the
 * domain whose city KPIs the header's data-as-of reads: the caller's first readable domain.
 */
export function seedList(d: Department, v: ViewInput, headerDomain: Domain): { key: string; seed: Seed }[] {
  const seeds: Seed[] = [
    { endpoint: "kpis", query: kpisQuery(d.domain, v) },
    { endpoint: "kpis", query: { domain: headerDomain } },
    { endpoint: "district-values", query: districtValuesQuery(d.choropleth.metric, v) },
    { endpoint: "alerts", query: alertsQuery(d.domain, v) },
    ...d.panels.flatMap((p) => panelSeeds(p, v)),
  ];
  const out = new Map<string, Seed>();
  for (const s of seeds) out.set(keyOf(s), s);
  return [...out.entries()].map(([key, seed]) => ({ key, seed }));
}

/**
 * Every datastream of one asset over a window, in one request (an asset has a handful), in
 * buckets no finer than its slowest stream's cadence (finer buckets would draw a 15-minute stream
 * as isolated points between gaps).
 */
export function assetSeriesQuery(streams: readonly { id: string; cadenceSeconds: number }[], w: Pick<TimeWindow, "from" | "to">): SeriesQuery {
  const slowest = Math.max(300, ...streams.map((d) => d.cadenceSeconds));
  return { datastreams: streams.slice(0, 50).map((d) => d.id), from: w.from, to: w.to, step: formatDurationSeconds(slowest), agg: ["avg"], maxPoints: SERIES_POINTS };
}

/** The district page: KPIs of every domain, assets, active alerts, each department's first trend. */
export function districtPageQueries(district: string, w: Pick<TimeWindow, "from" | "to">) {
  const trends = DOMAINS.flatMap((domain) => {
    const p = DEPARTMENTS[domain].panels.find((x): x is TrendPanel => x.kind === "trend");
    if (!p) return [];
    const query: SeriesQuery = { metric: p.metric, district, from: w.from, to: w.to, step: p.step, agg: [p.agg], maxPoints: SERIES_POINTS };
    return [{ domain, panel: p, query }];
  });
  return {
    kpis: { district } satisfies KpisQuery,
    assets: { district, limit: ALL_OF_TYPE } satisfies AssetsQuery,
    alerts: { state: ["open", "acknowledged", "assigned"], district, limit: 200 } satisfies AlertsQuery,
    trends,
  };
}
