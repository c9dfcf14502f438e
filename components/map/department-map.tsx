"use client";
/**
 * The department page's map: districts as a choropleth of the department's key measure at the
 * cursor, the department's assets coloured by their status at the cursor, and the selection.
 * Cross-filter both ways: a district click filters the page, an asset click selects it; a district
 * or asset selected anywhere on the page is outlined and zoomed to here. Layer visibility is in
 * the URL; the selection exports as GeoJSON.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useDepartmentView, useSelectDistrict } from "@/components/department/department-view";
import { useDistrictName, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { alertsQuery, districtValuesQuery, type ViewInput } from "@/lib/views/department/queries";
import { assetsWithAlertStatus, choroplethCollection, geometryBounds, selectionCollection, statusFromAlerts } from "@/lib/views/department/map-state";
import { twinFetcher, useAlerts, useAssets, useDistrictValues, useKpis } from "@/lib/twin-client/hooks";
import { assetsKey } from "@/lib/twin-client/keys";
import type { AssetsResponse } from "@/lib/twin-client/schemas";
import { attentionRows, namedQueries, type AssetFeature } from "@/lib/views/map-attention/attention";
import { fileSlug } from "@/lib/export/csv";
import { downloadFile } from "@/lib/export/download";
import { formatQuantity } from "@/lib/format/number";
import { formatClock } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import type { AssetStatus, Domain } from "@/lib/twin/types";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { DEPT_IDS, TEST_IDS } from "@/lib/test-ids";
import { AssetPopup } from "./asset-popup";
import { useAssetLayers } from "./asset-layers";
import { assetLayers, assetSourceId, STATUS_STATE_KEY } from "./layers/assets";
import { cityFileUrl } from "./layers/basemap";
import { CHOROPLETH_SOURCE, CHOROPLETH_STATE_KEY, SELECTION_SOURCE, choroplethLayers, selectionLayers } from "./layers/choropleth";
import { mapPalette } from "./layers/palette";
import { ASSET_LIMIT, useAbnormalAnswers } from "./asset-layers";
import { LayerToggle, MapPanel, StatusKey, type AttentionRow, type CityMapFrame } from "./map-panel";
import { choroplethScale, legendClasses, type ChoroplethScale } from "@/lib/views/department/map-scale";
import type { MapLayerGroup, MapSelection, MapView } from "./twin-map";

const LAYERS = ["choropleth", "assets"] as const;

export type DepartmentMapProps = CityMapFrame;

/** The city pack's district polygons (a static file of the app). */
function useDistrictShapes(url: string): FeatureCollection | undefined {
  const [fc, setFc] = useState<FeatureCollection | undefined>(undefined);
  useEffect(() => {
    let live = true;
    fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<FeatureCollection>) : undefined))
      .then((j) => live && setFc(j))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url]);
  return fc;
}

export function DepartmentMap(frame: DepartmentMapProps) {
  const { cityId, files } = frame;
  const { locale, timezone, simulated } = useView();
  const districtName = useDistrictName();
  const scheme = useColorScheme();
  const palette = mapPalette(scheme);
  const { department, state, window, compare, cursor, update, query } = useDepartmentView();
  const selectDistrict = useSelectDistrict();
  const v: ViewInput = { state, window, compare, cursor };
  const domain = department.domain;

  const shapes = useDistrictShapes(cityFileUrl(cityId, files.districts));
  const values = useDistrictValues(districtValuesQuery(department.choropleth.metric, v));
  // The scale's levels are the KPI's thresholds: read from the live KPIs (the same definitions at
  // any cursor), so the legend does not change, nor blink, while the cursor moves.
  const kpis = useKpis(department.choropleth.kpi ? { domain } : null);
  const [view, setView] = useState<MapView | null>(null);
  const { layers: assetAnswers, feeds } = useAssetLayers([domain], view);
  const layer = assetAnswers[domain];
  const alerts = useAlerts(alertsQuery(domain, v));
  const [popupFor, setPopupFor] = useState<string | null>(null);

  // Asset status as the alert list has it: the alerts active at the cursor, or live the worse of
  // the asset's own status and its open alerts'.
  const byAlert = useMemo(() => (alerts.data ? statusFromAlerts(alerts.data) : null), [alerts.data]);
  const shown = useMemo(() => assetsWithAlertStatus(layer?.answer.data, byAlert, !cursor), [layer?.answer.data, byAlert, cursor]);
  const metricUnit = values.data?.metric.unit.symbol;
  const thresholds = department.choropleth.kpi ? kpis.data?.kpis.find((k) => k.definition.id === department.choropleth.kpi)?.definition.thresholds : null;
  const scaleReady = metricUnit !== undefined && (!department.choropleth.kpi || thresholds !== undefined);
  const scaleKey = scaleReady ? JSON.stringify([department.choropleth.metric, metricUnit, department.choropleth.better, thresholds ?? null]) : "";
  // Keyed by content: a new KPI answer with the same thresholds keeps the same scale (and layers).
  const scale = useMemo(
    () => (scaleKey ? choroplethScale({ metric: department.choropleth.metric, unit: metricUnit ?? "", better: department.choropleth.better, thresholds }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scaleKey],
  );
  const choropleth = useMemo(() => (scaleReady ? choroplethCollection(shapes, values.data, scale) : undefined), [shapes, values.data, scale, scaleReady]);
  // The selected asset: from the layer when it holds every asset, else asked for by id (city scale).
  const inLayer = useMemo(() => (state.asset ? (shown?.features.find((f) => f.id === state.asset) ?? null) : null), [shown, state.asset]);
  const asked = useAssets(state.asset && !inLayer && layer ? { domain, ids: [state.asset], limit: 1 } : null);
  const askedAsset = state.asset && !inLayer ? asked.data : undefined;
  const selectedAsset = useMemo(() => {
    if (inLayer || !askedAsset) return inLayer;
    return assetsWithAlertStatus(askedAsset, byAlert, !cursor)?.features.find((f) => f.id === state.asset) ?? null;
  }, [inLayer, askedAsset, byAlert, cursor, state.asset]);
  const selection = useMemo(() => selectionCollection(shapes, state.district, selectedAsset as Feature<Geometry> | null), [shapes, state.district, selectedAsset]);

  const groups = useMemo<MapLayerGroup[]>(() => {
    const a = assetLayers(domain, palette);
    return [
      { id: "choropleth", sourceId: CHOROPLETH_SOURCE, layers: choroplethLayers(palette, scale), stateKey: CHOROPLETH_STATE_KEY },
      { id: "assets", sourceId: a.sourceId, layers: a.layers, stateKey: STATUS_STATE_KEY },
      { id: "selection", sourceId: SELECTION_SOURCE, layers: selectionLayers(palette) },
    ];
  }, [domain, palette, scale]);
  // City scale: the view's clusters (live status); otherwise the listed assets with their status.
  const drawnAssets = (layer?.dense ? layer.clusters : shown) as FeatureCollection | undefined;
  const data = useMemo<Record<string, FeatureCollection | undefined>>(
    () => ({ [CHOROPLETH_SOURCE]: choropleth, [assetSourceId(domain)]: drawnAssets, [SELECTION_SOURCE]: selection }),
    [choropleth, drawnAssets, selection, domain],
  );
  const layersKey = (state.layers ?? LAYERS).join(",");
  const visible = useMemo(() => {
    const on = new Set(layersKey.split(","));
    return { choropleth: on.has("choropleth"), assets: on.has("assets"), selection: true };
  }, [layersKey]);

  // Zoom to what was selected: the asset, else the district.
  const focus = useMemo(() => {
    const g = selectedAsset?.geometry ?? (state.district ? shapes?.features.find((f) => f.properties?.id === state.district)?.geometry : undefined);
    const b = g ? geometryBounds(g) : null;
    if (!b) return null;
    return { key: selectedAsset ? `asset:${state.asset}` : `district:${state.district}`, bounds: b, maxZoom: selectedAsset ? 14 : 12 };
  }, [selectedAsset, state.asset, state.district, shapes]);

  const onSelect = (sel: MapSelection | null) => {
    if (!sel) return setPopupFor(null);
    if (sel.layerGroup === "choropleth") selectDistrict(sel.id);
    else if (sel.layerGroup === "assets") {
      update({ asset: sel.id });
      setPopupFor(sel.id);
    }
  };
  const popupPoint = (() => {
    if (!popupFor || popupFor !== state.asset || !selectedAsset) return null;
    const g = selectedAsset.geometry;
    const c = g.type === "Point" ? g.coordinates : g.type === "LineString" ? g.coordinates[Math.floor(g.coordinates.length / 2)] : undefined;
    return c ? ([c[0] ?? 0, c[1] ?? 0] as [number, number]) : null;
  })();

  // What needs attention at the cursor, worst first, within the district filter: asked of the
  // server (the first rows of each abnormal status and the alerts' assets by id), never read from
  // the whole layer, which at city scale is tens of thousands of assets.
  const needs = useAttention(domain, state.district, byAlert, !cursor);
  const attention: AttentionRow[] = needs.rows.map((f) => ({
      id: f.properties.id,
      name: f.properties.name,
      districtName: districtName(f.properties.district),
      status: f.properties.status,
      onSelect: () => update({ asset: f.properties.id }),
    }));
  const choroplethCount = values.data?.districts.filter((d) => d.value !== null).length ?? 0;
  const unit = metricUnit ?? "";

  const [exporting, setExporting] = useState(false);
  const exportGeojson = async () => {
    setExporting(true);
    let listed: AssetsResponse | undefined;
    try {
      listed = selectedAsset ? undefined : assetsWithAlertStatus(await allAssets(domain, state.district), byAlert, !cursor);
    } catch {
      // The button comes back; the map's as-of line already says when the twin cannot be read.
      return;
    } finally {
      setExporting(false);
    }
    const asOfLive = listed?.asOf ?? shown?.asOf ?? null;
    const feats = (selectedAsset ? [selectedAsset] : (listed?.features ?? [])).map((f) => ({
      type: "Feature" as const,
      id: f.id,
      geometry: f.geometry,
      properties: {
        ...f.properties,
        statusAt: cursor ? cursor.toISOString() : asOfLive,
        simulated,
      },
    }));
    const asOf = cursor ? cursor.toISOString() : (asOfLive ?? "");
    const fc = {
      type: "FeatureCollection",
      // RFC 7946 has no metadata member: foreign members carry what a reader needs to trust the file.
      name: `${department.domain} ${state.district ?? "city"}`,
      asOf,
      simulated,
      features: feats,
    };
    downloadFile(`${department.domain}-${state.district ?? "city"}-${fileSlug(asOf)}.geojson`, JSON.stringify(fc, null, 1), "application/geo+json");
  };

  const statusLabel = (st: string) => t(locale, st === "critical" ? "statusCritical" : st === "warning" ? "statusWarning" : st === "offline" ? "statusOffline" : "statusNormal");
  return (
    <>
      {feeds}
      <MapPanel
        {...frame}
        palette={palette}
        mapKey={`${scheme}-${locale}-${domain}`}
        boxData={{ "data-choropleth-count": choroplethCount, "data-selected-asset": state.asset ?? "" }}
        attention={attention}
        attentionTotal={needs.total}
        map={{
          groups,
          data,
          visible,
          onSelect,
          onView: setView,
          popup: popupPoint ? { lngLat: popupPoint, content: <AssetPopup id={popupFor ?? ""} /> } : null,
          focus,
        }}
        legend={
          <>
            <LayerToggle id="choropleth" checked={visible.choropleth} onToggle={(on) => update({ layers: LAYERS.filter((l) => (l === "choropleth" ? on : visible.assets)) }, "replace")}>
              {ot(locale, "choroplethLegend", { metric: values.data ? pick(values.data.metric.name, locale) : "" })}
            </LayerToggle>
            {scale ? <ScaleLegend scale={scale} unit={unit} locale={locale} statusLabel={statusLabel} /> : null}
            {values.data ? (
              <p className="m-0 pl-5 text-[0.6875rem] text-muted">
                {t(locale, "asOf")} <time dateTime={values.data.asOf}>{formatClock(values.data.asOf, timezone, locale)}</time>
                {choroplethCount < (values.data.districts.length ?? 0) ? ` · ${ot(locale, "noValue")}: ${values.data.districts.filter((d) => d.value === null).map((d) => pick(d.name, locale)).join(", ")}` : ""}
              </p>
            ) : null}
            <LayerToggle id="assets" checked={visible.assets} onToggle={(on) => update({ layers: LAYERS.filter((l) => (l === "assets" ? on : visible.choropleth)) }, "replace")}>
              <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={{ background: palette.domain[domain] }} />
              {pick(department.title, locale)} <span className="tabular ml-auto text-muted">{layer?.answer.data?.total ?? ""}</span>
            </LayerToggle>
            <StatusKey palette={palette} offline={false} className="pl-5 text-[0.6875rem]" />
            <button type="button" data-testid={DEPT_IDS.mapExportGeojson} disabled={exporting} aria-busy={exporting} onClick={() => void exportGeojson()} className="mt-1 self-start rounded border border-line px-1.5 py-0.5 text-[0.7rem] text-muted hover:text-fg">
              GeoJSON ↓
            </button>
          </>
        }
        overlay={
          selectedAsset ? (
            <div data-testid={DEPT_IDS.mapSelection} data-asset={state.asset ?? ""} className="absolute bottom-8 left-2 max-w-[18rem] rounded-md border border-line bg-surface/95 px-2.5 py-2 text-xs">
              <p className="m-0 font-semibold text-fg">{pick(selectedAsset.properties.name, locale)}</p>
              <p className="m-0 text-muted">
                {pick(districtName(selectedAsset.properties.district), locale)} · {statusLabel(selectedAsset.properties.status)}
              </p>
              <p className="m-0 mt-1 flex gap-3">
                <Link href={`/assets/${selectedAsset.properties.id}${query ? `?${query}` : ""}`} className="text-accent underline-offset-2 hover:underline">
                  {ot(locale, "assetPage")} →
                </Link>
                <button type="button" onClick={() => update({ asset: null })} className="text-muted hover:text-fg">
                  {ot(locale, "close")}
                </button>
              </p>
            </div>
          ) : null
        }
      />
    </>
  );
}

/** Every asset of the domain (in the district), page by page from GET /assets: an export's read. */
async function allAssets(domain: Domain, district: string | null): Promise<AssetsResponse> {
  const features: AssetFeature[] = [];
  let page: AssetsResponse | undefined;
  let cursor: string | undefined;
  do {
    page = await twinFetcher<AssetsResponse>(assetsKey({ domain, ...(district ? { district } : {}), limit: ASSET_LIMIT, ...(cursor ? { cursor } : {}) }));
    features.push(...page.features);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ...page, features, total: features.length, nextCursor: null };
}

/**
 * The attention list's rows and total (lib/views/map-attention): live, the first rows of each
 * abnormal own status; at any instant, the assets the alerts name (their names and own status).
 */
function useAttention(domain: Domain, district: string | null, byAlert: Map<string, AssetStatus> | null, live: boolean) {
  const abnormalAnswers = useAbnormalAnswers(domain, district, live);
  const [q1, q2] = namedQueries(domain, byAlert);
  const n1 = useAssets(q1 ?? null);
  const n2 = useAssets(q2 ?? null);
  // A query switched off keeps its last answer in SWR (keepPreviousData): read only those asked.
  const n1Data = q1 ? n1.data : null;
  const n2Data = q2 ? n2.data : null;
  return useMemo(() => {
    const abnormal = live ? abnormalAnswers : [];
    const named = [n1Data, n2Data];
    return attentionRows({
      live,
      abnormal: abnormal.filter((a): a is AssetsResponse => a !== undefined),
      named: named.filter((a): a is AssetsResponse => !!a),
      byAlert,
      complete: byAlert !== null && !abnormal.includes(undefined) && !named.includes(undefined),
    });
  }, [live, byAlert, abnormalAnswers, n1Data, n2Data]);
}

/**
 * The choropleth's key: one swatch per class of the measure's fixed scale, good first, with its
 * range and level ("< 90 %  Normal"). It depends on the measure alone, never on the values shown.
 */
function ScaleLegend({ scale, unit, locale, statusLabel }: { scale: ChoroplethScale; unit: string; locale: Locale; statusLabel: (s: string) => string }) {
  const q = (v: number) => formatQuantity(v, unit, locale).text;
  // A value on a bound is in the worse class (as the KPI status has it): which side that is depends on the direction.
  const up = scale.kind === "fixed" || scale.better === "lower";
  const range = (from: number | null, to: number | null) => (from === null ? `${up ? "<" : "≤"} ${q(to ?? 0)}` : to === null ? `${up ? "≥" : ">"} ${q(from)}` : `${q(from)}–${q(to)}`);
  return (
    <ul data-testid={TEST_IDS.mapScale} data-scale={scale.kind} className="m-0 flex list-none flex-col gap-0.5 p-0 pl-5 text-[0.6875rem] text-muted">
      {legendClasses(scale).map((c) => (
        <li key={c.colour} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block h-2.5 w-4 rounded-sm" style={{ background: c.colour }} />
          <span className="tabular">{range(c.from, c.to)}</span>
          {c.level ? <span>{statusLabel(c.level === "normal" ? "normal" : c.level)}</span> : null}
        </li>
      ))}
    </ul>
  );
}
