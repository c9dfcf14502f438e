import "server-only";
/**
 * GET /assets/clusters: a domain's assets in a map view, aggregated per screen cell (clusters.ts).
 * Positions do not move, so they are read once per domain and kept while the domain's asset count
 * stays the same; statuses change with every tick, so only the abnormal ones (a small set) are
 * read per answer. The work per answer is then one pass over the domain's positions.
 */
import { ApiError } from "@/lib/api/errors";
import { assertDomain, type Scope } from "@/lib/auth/scope";
import type { TwinReader } from "@/lib/twin/source";
import { getTwin } from "@/lib/twin/runtime";
import type { AssetStatus, Domain } from "@/lib/twin/types";
import { CLUSTER_MAX_VIEW_PX, anchorOf, clusterPoints, viewPixels, type ClusterPoint } from "./clusters";
import { LIMITS, type AssetClustersQuery, type AssetClustersResponse } from "./schemas";

const ABNORMAL: readonly AssetStatus[] = ["critical", "warning", "offline"];
const PAGE = LIMITS.assetsLimit.max;

interface DomainPoints {
  total: number;
  points: Omit<ClusterPoint, "status">[];
}

const KEY = Symbol.for("twinops.assetPositions");
type Holder = { [KEY]?: Map<Domain, Promise<DomainPoints>> };
const holder = globalThis as Holder;

async function readAll(twin: TwinReader, domain: Domain, status?: AssetStatus) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await twin.listAssets({ domain, ...(status ? { status } : {}), limit: PAGE, ...(cursor ? { cursor } : {}) });
    out.push(...page.assets);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function loadPoints(twin: TwinReader, domain: Domain): Promise<DomainPoints> {
  const assets = await readAll(twin, domain);
  const points: DomainPoints["points"] = [];
  for (const a of assets) {
    const at = anchorOf(a.geometry);
    if (at) points.push({ id: a.id, type: a.type, lon: at[0], lat: at[1], geometry: a.geometry });
  }
  return { total: assets.length, points };
}

/** The domain's positions, read again only when its asset count changed (an inventory import). */
async function positions(twin: TwinReader, domain: Domain): Promise<DomainPoints> {
  const cache = (holder[KEY] ??= new Map());
  const total = (await twin.listAssets({ domain, limit: 1 })).total;
  const held = cache.get(domain);
  if (held && (await held.catch(() => null))?.total === total) return held;
  const loading = loadPoints(twin, domain);
  cache.set(domain, loading);
  loading.catch(() => cache.delete(domain));
  return loading;
}

export async function getAssetClusters(q: AssetClustersQuery, scope: Scope): Promise<AssetClustersResponse> {
  assertDomain(scope, q.domain);
  const zoom = Math.floor(q.zoom);
  const [wPx, hPx] = viewPixels(q.bbox, zoom);
  if (wPx > CLUSTER_MAX_VIEW_PX || hPx > CLUSTER_MAX_VIEW_PX) {
    throw new ApiError(422, "view_too_large", `The bbox spans ${Math.round(wPx)} × ${Math.round(hPx)} px at zoom ${zoom}; at most ${CLUSTER_MAX_VIEW_PX} px a side: zoom out or send the map's visible bounds`, [
      { parameter: "bbox", message: `at most ${CLUSTER_MAX_VIEW_PX} px a side at the zoom given` },
    ]);
  }
  const twin = getTwin();
  const [{ points }, abnormal, through] = await Promise.all([
    positions(twin, q.domain),
    Promise.all(ABNORMAL.map((s) => readAll(twin, q.domain, s))),
    twin.dataThrough(),
  ]);
  const status = new Map<string, AssetStatus>();
  for (const list of abnormal) for (const a of list) status.set(a.id, a.status);
  const [w, s, e, n] = q.bbox;
  const inView: ClusterPoint[] = [];
  for (const p of points) {
    if (p.lon < w || p.lon > e || p.lat < s || p.lat > n) continue;
    inView.push({ ...p, status: status.get(p.id) ?? "normal" });
  }
  return {
    type: "FeatureCollection",
    features: clusterPoints(inView, q.bbox, zoom),
    total: inView.length,
    zoom,
    asOf: through.toISOString(),
  };
}
