import "server-only";
import { getOpsStore } from "@/lib/ops/runtime";
/**
 * Twin domain calls shared by the `/api/twin/v1` route handlers and Server Components. Each returns
 * exactly the response body of its endpoint, so a Server Component can seed SWR `fallback` under
 * the key from `keys.ts` with the same value the API would answer. Client mistakes that only show
 * once the twin is consulted (impossible ranges, unknown ids) are thrown as `ApiError`.
 */
import { ApiError, forbidden } from "@/lib/api/errors";
import { HEAVY_COST } from "@/lib/api/limits";
import { JsonText } from "@/lib/api/handler";
import { ALL, assertDatastreams, assertDomain, isFull, narrowDomain, type Scope } from "@/lib/auth/scope";
import type { TwinReader } from "@/lib/twin/source";
import { ASSET_TYPE_DOMAIN } from "@/lib/city/datastreams";
import { getTwin } from "@/lib/twin/runtime";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import type { Alert, Asset } from "@/lib/twin/types";
import {
  LIMITS,
  chooseStepSeconds,
  formatDurationSeconds,
  parseDurationSeconds,
  type AlertFilter,
  type AlertsQuery,
  type AlertsResponse,
  type AssetDetailResponse,
  type AssetsQuery,
  type AssetsResponse,
  type DistrictValuesQuery,
  type DistrictValuesResponse,
  type KpisQuery,
  type KpisResponse,
  type LandingResponse,
  type LatestResponse,
  type RankQuery,
  type RankResponse,
  type SeriesQuery,
  type SeriesResponse,
} from "./schemas";

export const API_BASE = "/api/twin/v1";

/**
 * 403 unless every datastream is in scope. The twin states each stream's domain; an id it cannot
 * place (not a URN, or unknown) is refused for a scoped caller rather than let through.
 */
async function assertDatastreamsIn(twin: TwinReader, scope: Scope, ids: readonly string[]): Promise<void> {
  if (isFull(scope)) return;
  assertDatastreams(scope, ids);
  const domains = await twin.datastreamDomains([...ids]);
  for (const id of ids) {
    const d = domains.get(id);
    if (!d) throw forbidden(`Your access cannot be checked for datastream ${id}: the twin does not know its domain.`);
    if (!scope.includes(d)) throw forbidden(`Your access does not include the ${d} domain (datastream ${id}).`);
  }
}

/** Alerts fetched to count `total`: active alert sets are small, so this is a guard, not a page. */
const ALERT_SCAN_LIMIT = 50_000;

function assetFeature({ geometry, ...properties }: Asset) {
  return { type: "Feature" as const, id: properties.id, geometry, properties };
}

function alertFeature({ geometry, ...properties }: Alert) {
  return { type: "Feature" as const, id: properties.id, geometry, properties };
}

/** Entry document: what this twin is and where its resources live. */
export async function getLanding(): Promise<LandingResponse> {
  const twin = getTwin();
  const info = await twin.info();
  return {
    name: "TwinOps twin API",
    version: "1",
    backend: info.backend,
    simulated: info.simulated,
    empty: info.empty ?? false,
    city: { id: info.city, name: info.cityName, timezone: info.timezone },
    links: {
      self: API_BASE,
      assets: `${API_BASE}/assets`,
      asset: `${API_BASE}/assets/{id}`,
      latest: `${API_BASE}/latest`,
      series: `${API_BASE}/series`,
      kpis: `${API_BASE}/kpis`,
      alerts: `${API_BASE}/alerts`,
      events: `${API_BASE}/events`,
      openapi: `${API_BASE}/openapi.json`,
    },
    districts: await twin.districts(),
    metrics: await twin.listMetrics(),
  };
}

/** One page of assets as a GeoJSON FeatureCollection. */
export async function getAssets(q: AssetsQuery, scope: Scope = ALL): Promise<AssetsResponse> {
  const twin = getTwin();
  const domain = narrowDomain(scope, q.domain ?? (q.type ? ASSET_TYPE_DOMAIN[q.type] : undefined));
  const page = await twin.listAssets({ ...q, ...(domain ? { domain } : {}), limit: q.limit ?? LIMITS.assetsLimit.default });
  return {
    type: "FeatureCollection",
    features: page.assets.map(assetFeature),
    total: page.total,
    nextCursor: page.nextCursor,
    // Statuses are as current as the twin's inputs, not as the clock.
    asOf: (await twin.dataThrough()).toISOString(),
  };
}

/** One asset with its datastreams and their latest values; 404 when unknown. */
export async function getAsset(id: string, scope: Scope = ALL): Promise<AssetDetailResponse> {
  const twin = getTwin();
  const detail = await twin.getAsset(id);
  if (!detail) {
    throw new ApiError(404, "not_found", `Unknown asset: ${id}`, [{ parameter: "id", message: `unknown asset ${id}` }]);
  }
  assertDomain(scope, detail.asset.domain);
  const feature = assetFeature(detail.asset);
  return {
    ...feature,
    properties: { ...feature.properties, datastreams: detail.datastreams, latest: detail.latest },
    asOf: (await twin.now()).toISOString(),
  };
}

/**
 * Latest values of many datastreams; 404 listing any unknown ids. A known datastream with no
 * observation yet (fresh store, slow cadence) is simply absent from `values`.
 */
export async function getLatest(ids: string[], scope: Scope = ALL): Promise<LatestResponse> {
  const twin = getTwin();
  const unique = [...new Set(ids)];
  await assertDatastreamsIn(twin, scope, unique);
  const unknown = await twin.unknownDatastreams(unique);
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 50);
    throw new ApiError(
      404,
      "not_found",
      `Unknown datastream(s): ${listed.join(", ")}${unknown.length > listed.length ? `, ... (${unknown.length} in all)` : ""}`,
      listed.map((id) => ({ parameter: "datastreams", message: `unknown datastream ${id}` })),
    );
  }
  const now = await twin.now();
  return { asOf: now.toISOString(), values: await twin.latest(unique) };
}

/** What a `/series` request will compute, once its range and step are settled. */
export interface SeriesPlan {
  from: Date;
  to: Date;
  stepSeconds: number;
  aggs: SeriesQuery["agg"] & {};
  /** Values the answer holds: series × buckets × aggregates. */
  values: number;
}

/**
 * The range, step and size of a series request, checked before any data is read: 422 for an
 * impossible range, and for an answer over the response budget (TWINOPS_RESPONSE_MAX_POINTS),
 * naming the limit and how to ask for less.
 */
export async function planSeries(q: SeriesQuery): Promise<SeriesPlan> {
  const to = q.to ?? (await getTwin().now());
  const from = q.from ?? new Date(to.getTime() - LIMITS.seriesDefaultHours * 3600_000);
  if (from.getTime() >= to.getTime()) {
    throw new ApiError(422, "invalid_range", "`from` must be before `to`.", [
      { parameter: q.to ? "to" : "from", message: "must be after from" },
    ]);
  }
  const rangeSeconds = (to.getTime() - from.getTime()) / 1000;
  if (rangeSeconds > LIMITS.seriesRangeDays * 86400) {
    throw new ApiError(422, "range_too_long", `The range must be at most ${LIMITS.seriesRangeDays} days.`, [
      { parameter: "from", message: `range exceeds ${LIMITS.seriesRangeDays} days` },
    ]);
  }
  const maxPoints = q.maxPoints ?? LIMITS.maxPoints.default;
  const requested = q.step === undefined ? undefined : (parseDurationSeconds(q.step) ?? undefined);
  const stepSeconds = chooseStepSeconds(rangeSeconds, requested, maxPoints);
  if (stepSeconds === null) {
    throw new ApiError(422, "too_many_buckets", `Even daily buckets exceed maxPoints=${maxPoints}; raise maxPoints or shorten the range.`, [
      { parameter: "maxPoints", message: "too small for this range" },
    ]);
  }
  const aggs = q.agg ? [...new Set(q.agg)] : (["avg"] as const satisfies SeriesPlan["aggs"]);
  const seriesCount = q.datastreams ? new Set(q.datastreams).size : 1;
  const buckets = Math.ceil(rangeSeconds / stepSeconds);
  const values = seriesCount * buckets * aggs.length;
  const budget = env().TWINOPS_RESPONSE_MAX_POINTS;
  if (values > budget) {
    const fit = Math.floor(budget / (seriesCount * aggs.length));
    throw new ApiError(
      422,
      "response_budget",
      `This answer would hold ${values} values (${seriesCount} series × ${buckets} buckets × ${aggs.length} aggregates); the limit is ${budget} per response (TWINOPS_RESPONSE_MAX_POINTS). Ask for less per call: fewer datastreams (split them over several calls), fewer aggregates, a coarser step or maxPoints=${Math.max(LIMITS.maxPoints.min, fit)} or less, or page through the range with from/to.`,
      [
        { parameter: "maxPoints", message: `at most ${fit} buckets fit the budget for ${seriesCount} series × ${aggs.length} aggregates` },
        { parameter: q.datastreams ? "datastreams" : "agg", message: `${values} values exceed the limit of ${budget}` },
      ],
    );
  }
  return { from, to, stepSeconds, aggs: [...aggs], values };
}

/** A series request checked (scope 403, range and budget 422) and planned, with the twin's query. */
async function seriesRead(q: SeriesQuery, scope: Scope) {
  const twin = getTwin();
  if (q.datastreams) await assertDatastreamsIn(twin, scope, q.datastreams);
  if (q.metric) await assertMetric(scope, q.metric);
  const { from, to, stepSeconds, aggs, values } = await planSeries(q);
  const query = { datastreams: q.datastreams, metric: q.metric, district: q.district, from, to, stepSeconds, aggs };
  return { twin, query, heavy: values >= HEAVY_COST, head: { from: from.toISOString(), to: to.toISOString(), step: formatDurationSeconds(stepSeconds) } };
}

/** Bucketed series with at most `maxPoints` buckets; 422 for impossible ranges and over budget. */
export async function getSeries(q: SeriesQuery, scope: Scope = ALL): Promise<SeriesResponse> {
  const { twin, query, heavy, head } = await seriesRead(q, scope);
  const series = heavy ? (JSON.parse(await twin.seriesJson(query)) as SeriesResponse["series"]) : await twin.series(query);
  return { ...head, series };
}

/**
 * `/series` as its response body, byte for byte `JSON.stringify(await getSeries(q, scope))`: an
 * expensive read is computed and serialised by the twin off the event loop (`seriesJson`: a
 * worker thread, or PostgreSQL's heavy pool) and not parsed again here.
 */
export async function getSeriesBody(q: SeriesQuery, scope: Scope = ALL): Promise<JsonText> {
  const { twin, query, heavy, head } = await seriesRead(q, scope);
  const series = heavy ? await twin.seriesJson(query) : JSON.stringify(await twin.series(query));
  return new JsonText(`${JSON.stringify(head).slice(0, -1)},"series":${series}}`);
}

/** KPI values of one domain (or all) at a time; 422 for a time after the twin's now. */
export async function getKpis(q: KpisQuery, scope: Scope = ALL): Promise<KpisResponse> {
  const twin = getTwin();
  if (q.domain) assertDomain(scope, q.domain);
  const now = await twin.now();
  if (q.at && q.at.getTime() > now.getTime()) {
    throw new ApiError(422, "future_time", "`at` must not be after the twin's current time.", [
      { parameter: "at", message: `is after the twin's now (${now.toISOString()})` },
    ]);
  }
  const at = q.at ?? now;
  const kpis = await twin.kpis(q.domain, at, q.district);
  return { asOf: at.toISOString(), domain: q.domain ?? null, kpis: isFull(scope) ? kpis : kpis.filter((k) => scope.includes(k.definition.domain)) };
}

/** 403 unless the metric's domain is in scope (unknown metrics are left to the twin's 404). */
async function assertMetric(scope: Scope, metric: string): Promise<void> {
  if (isFull(scope)) return;
  const info = (await getTwin().listMetrics()).find((m) => m.id === metric);
  if (info) assertDomain(scope, info.domain);
}

/** 422 for an instant after the twin's now: the future has no data, and saying so beats nulls. */
function notFuture(at: Date | undefined, now: Date): void {
  if (at && at.getTime() > now.getTime()) {
    throw new ApiError(422, "future_time", "`at` must not be after the twin's current time.", [
      { parameter: "at", message: `is after the twin's now (${now.toISOString()})` },
    ]);
  }
}

/** One metric in every district and the city at an instant (default now). */
export async function getDistrictValues(q: DistrictValuesQuery, scope: Scope = ALL): Promise<DistrictValuesResponse> {
  const twin = getTwin();
  await assertMetric(scope, q.metric);
  notFuture(q.at, await twin.now());
  return twin.districtValues(q.metric, q.at);
}

/** Assets of a type ranked by one datastream's value at an instant (default latest). */
export async function getRank(q: RankQuery, scope: Scope = ALL): Promise<RankResponse> {
  const twin = getTwin();
  assertDomain(scope, ASSET_TYPE_DOMAIN[q.type]);
  notFuture(q.at, await twin.now());
  return twin.rank({
    type: q.type,
    property: q.property,
    at: q.at,
    district: q.district,
    per: q.per,
    order: q.order ?? "desc",
    limit: q.limit ?? LIMITS.rankLimit.default,
  });
}

/** Alerts as a GeoJSON FeatureCollection, newest first as the twin orders them. */
export async function getAlerts(q: AlertsQuery, scope: Scope = ALL): Promise<AlertsResponse> {
  const all = await matchingAlerts(q, scope);
  const limit = q.limit ?? LIMITS.alertsLimit.default;
  const offset = q.offset ?? 0;
  return {
    type: "FeatureCollection",
    features: all.slice(offset, offset + limit).map(alertFeature),
    total: all.length,
    asOf: (await getTwin().dataThrough()).toISOString(),
  };
}

/**
 * Every alert of a filter the caller may read, newest first (at most ALERT_SCAN_LIMIT). A time
 * window must run forwards (422).
 */
export async function matchingAlerts(q: AlertFilter, scope: Scope = ALL): Promise<Alert[]> {
  const twin = getTwin();
  const { asset, ...rest } = q;
  if (q.domain) assertDomain(scope, q.domain);
  if (q.from && q.to && q.from >= q.to) {
    throw new ApiError(422, "invalid_range", "`from` must be before `to`.", [{ parameter: "to", message: "must be after from" }]);
  }
  const scanned = await twin.alerts({ ...rest, assetId: asset, limit: ALERT_SCAN_LIMIT });
  return isFull(scope) ? scanned : scanned.filter((a) => scope.includes(a.domain));
}

/** What `GET /api/health` answers: 200 when this instance can serve, else 503 with the same shape. */
export interface HealthBody {
  status: "ok" | "unavailable" | "shutting_down";
  store: "sqlite" | "postgres";
  writer: boolean;
  /** Newest instant the twin's inputs have reached (ISO 8601); null when the store cannot say. */
  dataThrough: string | null;
  /** Why the instance cannot serve (absent when it can). */
  detail?: string;
}

/** Whether this instance can serve: its stores answer and it is not shutting down. */
export async function getHealth(shuttingDown: boolean): Promise<{ ok: boolean; body: HealthBody }> {
  const twin = getTwin();
  const { store, writer } = twin.health;
  try {
    // Both stores: an instance whose operations store is gone cannot sign anyone in.
    await Promise.all([twin.health.check(), getOpsStore().then((ops) => ops.userCount())]);
    const dataThrough = (await twin.dataThrough()).toISOString();
    if (shuttingDown) return { ok: false, body: { status: "shutting_down", store, writer, dataThrough, detail: "this instance is shutting down" } };
    return { ok: true, body: { status: "ok", store, writer, dataThrough } };
  } catch (err) {
    // Anyone may ask: the answer names no file and no SQL message; the log has them.
    log.warn("health: store unavailable", { err });
    return { ok: false, body: { status: "unavailable", store, writer, dataThrough: null, detail: "the data store does not answer" } };
  }
}
