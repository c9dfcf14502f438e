import "server-only";
/**
 * First paint of a department page: the view from the URL, resolved against the twin's clock, and
 * every query of the page answered through the domain calls (never over HTTP), keyed as the
 * client hooks will ask. A query that fails is left out (its panel fetches and shows its error).
 */
import type { Scope } from "@/lib/auth/scope";
import type { Department } from "@/lib/config/departments";
import { renderClock } from "@/lib/views/overview/clock";
import { cityDayStart } from "@/lib/format/zone";
import type { AssetDetailResponse, LandingResponse } from "@/lib/twin-client/schemas";
import { alertsKey, assetKey, assetsKey, kpisKey, seriesKey } from "@/lib/twin-client/keys";
import { getAlerts, getAsset, getAssets, getDistrictValues, getKpis, getLanding, getRank, getSeries } from "@/lib/twin-client/server";
import { getTwin } from "@/lib/twin/runtime";
import { assetSeriesQuery, districtPageQueries, seedList, type Seed, type ViewInput } from "./queries";
import { clampCursor, compareWindow, parseViewState, resolveWindow, type DepartmentViewState, type TimeWindow } from "./view-state";

function load(s: Seed, scope: Scope): Promise<unknown> {
  switch (s.endpoint) {
    case "series":
      return getSeries(s.query, scope);
    case "kpis":
      return getKpis(s.query, scope);
    case "district-values":
      return getDistrictValues(s.query, scope);
    case "rank":
      return getRank(s.query, scope);
    case "assets":
      return getAssets(s.query, scope);
    case "alerts":
      return getAlerts(s.query, scope);
  }
}

export interface SeededDepartment {
  landing: LandingResponse;
  view: ViewInput;
  fallback: Record<string, unknown>;
  clock: ReturnType<typeof renderClock>;
}

/**
 * The page's seeds are read with the caller's scope, as the API would answer them: the HTML of a
 * viewer's page carries nothing of a domain the viewer may not read.
 */
export async function seedDepartment(
  department: Department,
  params: Record<string, string | string[] | undefined>,
  scope: Scope,
): Promise<SeededDepartment> {
  const renderedAt = Date.now();
  const [landing, now] = await Promise.all([getLanding(), getTwin().now()]);
  const state = parseViewState(params, landing.districts.map((d) => d.id));
  const window = resolveWindow(state, now, cityDayStart(now, landing.city.timezone));
  const view: ViewInput = { state, window, compare: compareWindow(state, window), cursor: clampCursor(state.at, window) };
  const fallback: Record<string, unknown> = {};
  // The page's queries run together; one that fails is left out (its panel fetches and says so).
  await Promise.all(
    seedList(department, view, scope[0] ?? department.domain).map(({ key, seed }) =>
      load(seed, scope).then(
        (body) => void (fallback[key] = body),
        (err: unknown) => console.error(`[department] could not seed ${key}:`, err instanceof Error ? err.message : err),
      ),
    ),
  );
  return { landing, view, fallback, clock: renderClock(now.toISOString(), renderedAt) };
}

type Params = Record<string, string | string[] | undefined>;

/** What the asset and district pages share: the clock reading, the view's window, a seeder. */
async function pageBase(params: Params) {
  const renderedAt = Date.now();
  const [landing, now] = await Promise.all([getLanding(), getTwin().now()]);
  const state = parseViewState(params, landing.districts.map((d) => d.id));
  const window = resolveWindow(state, now, cityDayStart(now, landing.city.timezone));
  const fallback: Record<string, unknown> = {};
  const pending: Promise<void>[] = [];
  const seed = (key: string, loadOne: () => Promise<unknown>) =>
    pending.push(
      loadOne().then(
        (body) => void (fallback[key] = body),
        (err: unknown) => console.error(`[page] could not seed ${key}:`, err instanceof Error ? err.message : err),
      ),
    );
  /** Waits for every seed started with `seed`. */
  const seeded = () => Promise.all(pending);
  return { landing, state, window, fallback, seed, seeded, clock: renderClock(now.toISOString(), renderedAt) };
}

export interface SeededPage {
  landing: LandingResponse;
  state: DepartmentViewState;
  window: TimeWindow;
  fallback: Record<string, unknown>;
  clock: ReturnType<typeof renderClock>;
}

/** The asset page's first paint, or null for an id the twin does not know. */
export async function seedAssetPage(id: string, params: Params): Promise<(SeededPage & { detail: AssetDetailResponse }) | null> {
  let detail: AssetDetailResponse;
  try {
    detail = await getAsset(id);
  } catch {
    return null;
  }
  const { seed, seeded, ...base } = await pageBase(params);
  base.fallback[assetKey(id)] = detail;
  const sq = assetSeriesQuery(detail.properties.datastreams, base.window);
  seed(seriesKey(sq), () => getSeries(sq));
  seed(alertsKey({ asset: id, limit: 100 }), () => getAlerts({ asset: id, limit: 100 }));
  await seeded();
  return { ...base, detail };
}

/** The district page's first paint, or null for an unknown district. */
export async function seedDistrictPage(id: string, params: Params): Promise<SeededPage | null> {
  const { seed, seeded, ...base } = await pageBase(params);
  if (!base.landing.districts.some((d) => d.id === id)) return null;
  const q = districtPageQueries(id, base.window);
  seed(kpisKey(q.kpis), () => getKpis(q.kpis));
  seed(assetsKey(q.assets), () => getAssets(q.assets));
  seed(alertsKey(q.alerts), () => getAlerts(q.alerts));
  for (const t of q.trends) seed(seriesKey(t.query), () => getSeries(t.query));
  await seeded();
  return base;
}
