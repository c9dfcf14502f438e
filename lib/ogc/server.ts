import "server-only";
/**
 * OGC API Features (Part 1: Core, GeoJSON, OpenAPI 3.0) over the twin, at `/api/ogc`: the landing
 * page, conformance, the collections `assets`, `alerts` and `districts`, their items and single
 * items, so that GIS clients (QGIS, ArcGIS, GDAL's OAPIF driver) open TwinOps layers directly.
 * Each function returns the body of its endpoint; the route handlers stay one line. Access is the
 * twin API's: items are narrowed to the caller's domains (`Scope`). Properties are flat (one
 * column each in a GIS client): names in both languages, capacity with its unit, latest status.
 *
 * Paging is keyset paging over a stable order (assets by id in the store; alerts newest first
 * then by id, districts by id, in memory): a `next` or `prev` link names the item it continues
 * from, so pages never overlap or skip when items are added between requests.
 */
import type { Feature, Geometry, Position } from "geojson";
import { ApiError, forbidden } from "@/lib/api/errors";
import { ALL, isFull, type Scope } from "@/lib/auth/scope";
import { siteOrigins } from "@/lib/auth/server";
import { env } from "@/lib/config/env";
import { loadCityPack } from "@/lib/city/pack";
import type { CityPack } from "@/lib/city/types";
import { getTwin } from "@/lib/twin/runtime";
import type { BBox } from "@/lib/twin/source";
import type { Alert, Asset, AssetType } from "@/lib/twin/types";
import { encodePageCursor, ITEMS_LIMIT, meetsTime, type CollectionId, type DateTimeFilter, type ItemsQuery, type PageCursor } from "./params";

export const OGC_BASE = "/api/ogc";
export const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
export const CONFORMANCE = [
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
] as const;
export const OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0";
const GEOJSON = "application/geo+json";
const JSON_TYPE = "application/json";

/** Alerts read to page and count in memory: the twin API's guard; beyond it, `numberMatched` is left out. */
const ALERT_SCAN_LIMIT = 50_000;

interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Absolute URLs for links, from the origin the client used (see `siteOrigin`). */
export type Urls = (path: string, query?: Record<string, string>) => string;

export function urlsFor(origin: string): Urls {
  return (path, query) => {
    const q = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : "";
    return `${origin}${OGC_BASE}${path}${q}`;
  };
}

/** The twin, what it says of itself, and its city pack (district polygons, bounds; loaded once, cached by the loader). */
async function twinPack() {
  const twin = getTwin();
  const info = await twin.info();
  return { twin, info, pack: loadCityPack(info.city) };
}

// ---- landing page, conformance

export async function landing(u: Urls) {
  const { info } = await twinPack();
  const links: Link[] = [
    { href: u(""), rel: "self", type: JSON_TYPE, title: "This document" },
    { href: u("/api"), rel: "service-desc", type: OPENAPI_TYPE, title: "The API definition (OpenAPI 3.0)" },
    { href: u("/conformance"), rel: "conformance", type: JSON_TYPE, title: "Conformance classes implemented" },
    { href: u("/conformance"), rel: "http://www.opengis.net/def/rel/ogc/1.0/conformance", type: JSON_TYPE },
    { href: u("/collections"), rel: "data", type: JSON_TYPE, title: "The feature collections" },
    { href: u("/collections"), rel: "http://www.opengis.net/def/rel/ogc/1.0/data", type: JSON_TYPE },
  ];
  return {
    title: `TwinOps · ${info.cityName.en} / ${info.cityName.zh}`,
    description:
      `Assets, alerts and districts of the ${info.cityName.en} digital twin as OGC API Features` +
      (info.simulated ? " (simulated data)." : ".") +
      " Send a TwinOps read token as `Authorization: Bearer twk_…` to read the items.",
    links,
  };
}

export const conformance = () => ({ conformsTo: [...CONFORMANCE] });

// ---- collections

interface CollectionMeta {
  title: string;
  description: string;
  itemType: "feature";
}

const META: Record<CollectionId, CollectionMeta> = {
  assets: {
    title: "Assets · 设施",
    description:
      "The twin's inventory: substations, feeders, solar plants, EV charging stations, traffic detectors, metro stations, " +
      "car parks, construction sites, hospitals and ambulance stations, with names in English and Chinese, district, " +
      "capacity (with its unit) and latest status as of `statusAsOf`.",
    itemType: "feature",
  },
  alerts: {
    title: "Alerts · 告警",
    description:
      "Alerts the twin raised, newest first, with state, severity, value and threshold. Each alert lasts from `start` to `end` " +
      "(open while it holds): `datetime` selects the alerts active at an instant or during an interval.",
    itemType: "feature",
  },
  districts: {
    title: "Districts · 行政区",
    description: "District boundaries of the city pack, with names in English and Chinese, area (km²) and population.",
    itemType: "feature",
  },
};

export function collectionId(raw: string): CollectionId {
  if (raw === "assets" || raw === "alerts" || raw === "districts") return raw;
  throw new ApiError(404, "not_found", `No collection ${JSON.stringify(raw)}: there are assets, alerts and districts.`, [
    { parameter: "collection", message: "no such collection" },
  ]);
}

/** [west, south, east, north] of any GeoJSON geometry. */
export function geometryBBox(g: Geometry): BBox {
  if (g.type === "GeometryCollection") return unionBBox(g.geometries.map(geometryBBox));
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      const [x, y] = c as Position;
      b[0] = Math.min(b[0], x!);
      b[1] = Math.min(b[1], y!);
      b[2] = Math.max(b[2], x!);
      b[3] = Math.max(b[3], y!);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit(g.coordinates);
  return b;
}

const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

async function oldestAlertStart(scope: Scope): Promise<string | null> {
  const all = await scopedAlerts(scope);
  return all.items.at(-1)?.start ?? null;
}

async function collection(id: CollectionId, u: Urls, scope: Scope) {
  const { pack: p } = await twinPack();
  const bbox = id === "districts" ? unionBBox(p.districtGeometry.features.map((f) => geometryBBox(f.geometry))) : p.bounds;
  const temporal = id === "alerts" ? [[await oldestAlertStart(scope), null]] : [[null, null]];
  return {
    id,
    ...META[id],
    links: [
      { href: u(`/collections/${id}`), rel: "self", type: JSON_TYPE, title: "This collection" },
      { href: u(`/collections/${id}/items`), rel: "items", type: GEOJSON, title: `${META[id].title} as GeoJSON` },
    ] satisfies Link[],
    extent: {
      spatial: { bbox: [bbox], crs: CRS84 },
      temporal: { interval: temporal, trs: "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" },
    },
    crs: [CRS84],
  };
}

function unionBBox(boxes: BBox[]): BBox {
  return boxes.reduce<BBox>((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
}

export async function collections(u: Urls, scope: Scope = ALL) {
  return {
    links: [{ href: u("/collections"), rel: "self", type: JSON_TYPE, title: "The feature collections" }] satisfies Link[],
    collections: await Promise.all(["assets", "alerts", "districts"].map((c) => collection(c as CollectionId, u, scope))),
  };
}

export const oneCollection = (raw: string, u: Urls, scope: Scope = ALL) => collection(collectionId(raw), u, scope);

// ---- features

/** The property that says each asset type's capacity, and its unit. */
const CAPACITY: Partial<Record<AssetType, { property: string; unit: string }>> = {
  Substation: { property: "capacityMW", unit: "MW" },
  Feeder: { property: "capacityMW", unit: "MW" },
  SolarPlant: { property: "capacityMW", unit: "MW" },
  EVChargingStation: { property: "connectors", unit: "connectors" },
  ParkingSite: { property: "capacity", unit: "spaces" },
  Building: { property: "beds", unit: "beds" },
  AmbulanceStation: { property: "vehicles", unit: "vehicles" },
};

/** An asset as a flat GeoJSON feature: one GIS column per property. */
export function assetFeature(a: Asset, statusAsOf: string): Feature {
  const cap = CAPACITY[a.type];
  const capacity = cap ? a.properties[cap.property] : undefined;
  return {
    type: "Feature",
    id: a.id,
    geometry: a.geometry,
    properties: {
      id: a.id,
      type: a.type,
      domain: a.domain,
      name_en: a.name.en,
      name_zh: a.name.zh,
      district: a.district,
      capacity: typeof capacity === "number" ? capacity : null,
      capacity_unit: typeof capacity === "number" ? cap!.unit : null,
      status: a.status,
      statusAsOf,
    },
  };
}

export function alertFeature(a: Alert): Feature {
  const { geometry, description, ...rest } = a;
  return { type: "Feature", id: a.id, geometry, properties: { ...rest, description_en: description.en, description_zh: description.zh } };
}

interface Page<T> {
  items: T[];
  /** Null when the count is not known exactly. */
  matched: number | null;
  next: string | null;
  prev: string | null;
}

/** One page of a list already in its stable order, by the cursor's key (`keyOf` of an item, unique). */
export function pageOf<T>(all: readonly T[], keyOf: (x: T) => string, cmp: (a: string, b: string) => number, limit: number, cursor?: PageCursor): Page<T> {
  let from = 0;
  let to = Math.min(all.length, limit);
  if (cursor?.dir === "next") {
    from = all.findIndex((x) => cmp(keyOf(x), cursor.key) > 0);
    if (from < 0) from = all.length;
    to = Math.min(all.length, from + limit);
  } else if (cursor?.dir === "prev") {
    to = all.findIndex((x) => cmp(keyOf(x), cursor.key) >= 0);
    if (to < 0) to = all.length;
    from = Math.max(0, to - limit);
  }
  const items = all.slice(from, to);
  return {
    items,
    matched: all.length,
    next: to < all.length && items.length ? keyOf(items.at(-1)!) : null,
    prev: from > 0 && items.length ? keyOf(items[0]!) : null,
  };
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url").toString("utf8");

/** Alerts' order: newest start first, then id; the key is `<start>\n<id>` (base64url). */
function alertKeyCmp(a: string, b: string): number {
  const [sa = "", ia = ""] = unb64(a).split("\n");
  const [sb = "", ib = ""] = unb64(b).split("\n");
  const t = Date.parse(sb) - Date.parse(sa);
  return t !== 0 ? t : ia < ib ? -1 : ia > ib ? 1 : 0;
}
const alertKey = (a: Alert) => b64(`${a.start}\n${a.id}`);
const idCmp = (a: string, b: string) => {
  const x = unb64(a);
  const y = unb64(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

async function scopedAlerts(scope: Scope, q: { bbox?: BBox; datetime?: DateTimeFilter } = {}) {
  const twin = getTwin();
  const dt = q.datetime;
  // The lower bound goes to the store (alerts still open, or started or ended since); the rest here.
  const since = dt ? ("instant" in dt ? dt.instant : (dt.start ?? undefined)) : undefined;
  const domain = !isFull(scope) && scope.length === 1 ? scope[0] : undefined;
  const scanned = await twin.alerts({ limit: ALERT_SCAN_LIMIT, ...(q.bbox ? { bbox: q.bbox } : {}), ...(since ? { since } : {}), ...(domain ? { domain } : {}) });
  const items = scanned.filter(
    (a) => scope.includes(a.domain) && (!dt || meetsTime(dt, Date.parse(a.start), a.end === null ? null : Date.parse(a.end))),
  );
  return { items, complete: scanned.length < ALERT_SCAN_LIMIT };
}

/** The items of a collection: a GeoJSON FeatureCollection with paging links and counts. */
export async function items(raw: string, q: ItemsQuery, u: Urls, scope: Scope = ALL) {
  const id = collectionId(raw);
  const { twin, pack: p } = await twinPack();
  const limit = q.limit ?? ITEMS_LIMIT.default;
  let page: Page<Feature>;
  if (id === "assets") {
    // Assets are in the inventory at every time: a `datetime` is checked, and selects them all.
    const asOf = (await twin.dataThrough()).toISOString();
    const got = await twin.listAssets({
      limit,
      ...(isFull(scope) ? {} : { domains: scope }),
      ...(q.bbox ? { bbox: q.bbox } : {}),
      ...(q.cursor ? { [q.cursor.dir === "next" ? "cursor" : "before"]: q.cursor.key } : {}),
    });
    page = { items: got.assets.map((a) => assetFeature(a, asOf)), matched: got.total, next: got.nextCursor, prev: got.prevCursor };
  } else if (id === "alerts") {
    const all = await scopedAlerts(scope, q);
    const pg = pageOf(all.items, alertKey, alertKeyCmp, limit, q.cursor);
    page = { ...pg, items: pg.items.map(alertFeature), matched: all.complete ? pg.matched : null };
  } else {
    const all = districtFeatures(p).filter((f) => !q.bbox || overlaps(q.bbox, geometryBBox(f.geometry)));
    page = pageOf(all, (f) => b64(String(f.id)), idCmp, limit, q.cursor);
  }
  return {
    type: "FeatureCollection" as const,
    features: page.items,
    links: itemLinks(id, q, u, page),
    ...(page.matched === null ? {} : { numberMatched: page.matched }),
    numberReturned: page.items.length,
    timeStamp: new Date().toISOString(),
  };
}

function itemLinks(id: CollectionId, q: ItemsQuery, u: Urls, page: Page<unknown>): Link[] {
  const path = `/collections/${id}/items`;
  const keep: Record<string, string> = {};
  if (q.bbox) keep.bbox = q.bbox.join(",");
  if (q.datetime) keep.datetime = datetimeText(q.datetime);
  if (q.limit) keep.limit = String(q.limit);
  const self = { ...keep, ...(q.cursor ? { cursor: encodePageCursor(q.cursor) } : {}) };
  const links: Link[] = [
    { href: u(path, self), rel: "self", type: GEOJSON, title: "This page" },
    { href: u(`/collections/${id}`), rel: "collection", type: JSON_TYPE, title: META[id].title },
  ];
  if (page.next) links.push({ href: u(path, { ...keep, cursor: encodePageCursor({ dir: "next", key: page.next }) }), rel: "next", type: GEOJSON, title: "Next page" });
  if (page.prev) links.push({ href: u(path, { ...keep, cursor: encodePageCursor({ dir: "prev", key: page.prev }) }), rel: "prev", type: GEOJSON, title: "Previous page" });
  return links;
}

/** A parsed `datetime` written back for links. */
export function datetimeText(f: DateTimeFilter): string {
  if ("instant" in f) return f.instant.toISOString();
  return `${f.start?.toISOString() ?? ".."}/${f.end?.toISOString() ?? ".."}`;
}

/** The pack's district polygons with names and facts (also the public boundaries download). */
export function districtFeatures(p: CityPack): Feature[] {
  const info = new Map(p.districts.map((d) => [d.id, d]));
  return p.districtGeometry.features
    .map((f): Feature => {
      const d = info.get(f.properties.id);
      return {
        type: "Feature",
        id: f.properties.id,
        geometry: f.geometry,
        properties: {
          id: f.properties.id,
          name_en: d?.name.en ?? f.properties.name_en,
          name_zh: d?.name.zh ?? f.properties.name_zh,
          areaKm2: d?.areaKm2 ?? null,
          population: d?.population ?? null,
        },
      };
    })
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

/** One item of a collection; 404 when unknown, 403 when outside the caller's domains (as the twin API). */
export async function item(raw: string, itemId: string, u: Urls, scope: Scope = ALL) {
  const id = collectionId(raw);
  const { twin, pack: p } = await twinPack();
  const notFound = () => new ApiError(404, "not_found", `No item ${JSON.stringify(itemId)} in ${id}.`, [{ parameter: "id", message: "no such item" }]);
  let feature: Feature | undefined;
  if (id === "assets") {
    const detail = await twin.getAsset(itemId);
    if (!detail) throw notFound();
    if (!scope.includes(detail.asset.domain)) throw forbidden(`Your access does not include the ${detail.asset.domain} domain.`);
    feature = assetFeature(detail.asset, (await twin.dataThrough()).toISOString());
  } else if (id === "alerts") {
    const found = (await twin.alerts({ limit: ALERT_SCAN_LIMIT })).find((a) => a.id === itemId);
    if (!found) throw notFound();
    if (!scope.includes(found.domain)) throw forbidden(`Your access does not include the ${found.domain} domain.`);
    feature = alertFeature(found);
  } else {
    feature = districtFeatures(p).find((f) => f.id === itemId);
  }
  if (!feature) throw notFound();
  return {
    ...feature,
    links: [
      { href: u(`/collections/${id}/items/${encodeURIComponent(itemId)}`), rel: "self", type: GEOJSON, title: "This feature" },
      { href: u(`/collections/${id}`), rel: "collection", type: JSON_TYPE, title: META[id].title },
    ] satisfies Link[],
  };
}

/** Link builder for a request: absolute URLs on the origin the client reached us at. */
export function requestUrls(request: Request): Urls {
  const origins = siteOrigins(request);
  // The configured public origin first; else the host the client (or a trusted proxy) named.
  return urlsFor((env().TWINOPS_PUBLIC_URL ? origins[0] : origins.at(-1)) ?? new URL(request.url).origin);
}
