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
import { alertsQuery, districtValuesQuery, type ViewInput } from "@/lib/domains/department/queries";
import { assetsAtCursor, choroplethCollection, geometryBounds, rampDomain, selectionCollection, statusFromAlerts } from "@/lib/domains/department/map-state";
import { useAlerts, useAssets, useDistrictValues } from "@/lib/domains/twin/hooks";
import { fileSlug } from "@/lib/export/csv";
import { downloadFile } from "@/lib/export/download";
import { formatQuantity } from "@/lib/format/number";
import { formatClock } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { DEPT_IDS, TEST_IDS, layerToggleTestId } from "@/lib/test-ids";
import { AssetPopup } from "./asset-popup";
import { assetLayers, assetSourceId, STATUS_STATE_KEY } from "./layers/assets";
import { basemapStyle, cityFileUrl } from "./layers/basemap";
import { CHOROPLETH_SOURCE, CHOROPLETH_STATE_KEY, RAMP, SELECTION_SOURCE, choroplethLayers, selectionLayers } from "./layers/choropleth";
import { mapPalette } from "./layers/palette";
import { TwinMap } from "./twin-map-lazy";
import type { MapLayerGroup, MapSelection } from "./twin-map";

const ATTRIBUTION = "Natural Earth (public domain) · schematic layers © TwinOps";
const LAYERS = ["choropleth", "assets"] as const;
const LIST_LIMIT = 40;
const RANK = { critical: 0, warning: 1, offline: 2, normal: 3 } as const;

export interface DepartmentMapProps {
  cityId: string;
  files: { land: string; water: string; roads: string; metro: string; districts: string };
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  className?: string;
}

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

export function DepartmentMap({ cityId, files, center, zoom, bounds, className }: DepartmentMapProps) {
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
  const assets = useAssets({ domain, limit: 5000 });
  const alerts = useAlerts(alertsQuery(domain, v));
  const [popupFor, setPopupFor] = useState<string | null>(null);

  const atCursor = useMemo(() => (cursor ? statusFromAlerts(alerts.data) : null), [cursor, alerts.data]);
  const shown = useMemo(() => assetsAtCursor(assets.data, atCursor), [assets.data, atCursor]);
  const choropleth = useMemo(() => choroplethCollection(shapes, values.data), [shapes, values.data]);
  const dom = rampDomain(values.data);
  const selectedAsset = useMemo(() => (state.asset ? (shown?.features.find((f) => f.id === state.asset) ?? null) : null), [shown, state.asset]);
  const selection = useMemo(() => selectionCollection(shapes, state.district, selectedAsset as Feature<Geometry> | null), [shapes, state.district, selectedAsset]);

  const style = useMemo(() => basemapStyle({ cityId, files, palette, locale, textScale: 1 }), [cityId, files, palette, locale]);
  const groups = useMemo<MapLayerGroup[]>(() => {
    const a = assetLayers(domain, palette);
    return [
      { id: "choropleth", sourceId: CHOROPLETH_SOURCE, layers: choroplethLayers(palette, department.choropleth.better), stateKey: CHOROPLETH_STATE_KEY },
      { id: "assets", sourceId: a.sourceId, layers: a.layers, stateKey: STATUS_STATE_KEY },
      { id: "selection", sourceId: SELECTION_SOURCE, layers: selectionLayers(palette) },
    ];
  }, [domain, palette, department.choropleth.better]);
  const data = useMemo<Record<string, FeatureCollection | undefined>>(
    () => ({ [CHOROPLETH_SOURCE]: choropleth, [assetSourceId(domain)]: shown as FeatureCollection | undefined, [SELECTION_SOURCE]: selection }),
    [choropleth, shown, selection, domain],
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

  // What needs attention at the cursor, worst first, within the district filter.
  const attention = useMemo(
    () =>
      (shown?.features ?? [])
        .filter((f) => f.properties.status !== "normal" && (!state.district || f.properties.district === state.district))
        .sort((a, b) => RANK[a.properties.status] - RANK[b.properties.status]),
    [shown, state.district],
  );
  const choroplethCount = values.data?.districts.filter((d) => d.value !== null).length ?? 0;
  const unit = values.data?.metric.unit.symbol ?? "";

  const exportGeojson = () => {
    const feats = (selectedAsset ? [selectedAsset] : (shown?.features ?? []).filter((f) => !state.district || f.properties.district === state.district)).map((f) => ({
      type: "Feature" as const,
      id: f.id,
      geometry: f.geometry,
      properties: {
        ...f.properties,
        statusAt: cursor ? cursor.toISOString() : (shown?.asOf ?? null),
        simulated,
      },
    }));
    const asOf = cursor ? cursor.toISOString() : (shown?.asOf ?? "");
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

  return (
    <section aria-label={t(locale, "map")} className={`relative flex min-h-0 flex-col overflow-hidden rounded-md border border-line bg-surface ${className ?? ""}`}>
      <div className="relative min-h-0 flex-1" data-choropleth-count={choroplethCount} data-selected-asset={state.asset ?? ""}>
        <TwinMap
          key={`${scheme}-${locale}-${domain}`}
          style={style}
          center={center}
          zoom={zoom}
          bounds={bounds}
          groups={groups}
          data={data}
          visible={visible}
          attribution={ATTRIBUTION}
          labels={{ unavailable: t(locale, "mapUnavailable"), contextLost: t(locale, "mapContextLost"), mapLabel: t(locale, "map") }}
          onSelect={onSelect}
          popup={popupPoint ? { lngLat: popupPoint, content: <AssetPopup id={popupFor ?? ""} /> } : null}
          focus={focus}
        />
        <fieldset data-testid={TEST_IDS.mapLegend} className="absolute top-2 left-2 m-0 flex max-w-[16rem] flex-col gap-1 rounded-md border border-line bg-surface/90 px-2.5 py-2 text-xs backdrop-blur-sm">
          <legend className="sr-only">{t(locale, "layers")}</legend>
          <label className="flex cursor-pointer items-center gap-2 text-fg">
            <input
              type="checkbox"
              data-testid={layerToggleTestId("choropleth")}
              checked={visible.choropleth}
              onChange={(e) => update({ layers: LAYERS.filter((l) => (l === "choropleth" ? e.target.checked : visible.assets)) }, "replace")}
              className="accent-[var(--color-accent)]"
            />
            {ot(locale, "choroplethLegend", { metric: values.data ? pick(values.data.metric.name, locale) : "" })}
          </label>
          {dom ? (
            <div aria-hidden="true" className="flex items-center gap-1.5 pl-5 text-[0.6875rem] text-muted">
              <span className="tabular">{formatQuantity(department.choropleth.better === "lower" ? dom[0] : dom[1], unit, locale).text}</span>
              <span className="h-2 w-20 rounded-sm" style={{ background: `linear-gradient(to right, ${(department.choropleth.better === "lower" ? [...RAMP] : [...RAMP].reverse()).join(",")})` }} />
              <span className="tabular">{formatQuantity(department.choropleth.better === "lower" ? dom[1] : dom[0], unit, locale).text}</span>
            </div>
          ) : null}
          {values.data ? (
            <p className="m-0 pl-5 text-[0.6875rem] text-muted">
              {t(locale, "asOf")} <time dateTime={values.data.asOf}>{formatClock(values.data.asOf, timezone, locale)}</time>
              {choroplethCount < (values.data.districts.length ?? 0) ? ` · ${ot(locale, "noValue")}: ${values.data.districts.filter((d) => d.value === null).map((d) => pick(d.name, locale)).join(", ")}` : ""}
            </p>
          ) : null}
          <label className="flex cursor-pointer items-center gap-2 text-fg">
            <input
              type="checkbox"
              data-testid={layerToggleTestId("assets")}
              checked={visible.assets}
              onChange={(e) => update({ layers: LAYERS.filter((l) => (l === "assets" ? e.target.checked : visible.choropleth)) }, "replace")}
              className="accent-[var(--color-accent)]"
            />
            <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={{ background: palette.domain[domain] }} />
            {pick(department.title, locale)} <span className="tabular ml-auto text-muted">{assets.data?.total ?? ""}</span>
          </label>
          <p aria-hidden="true" className="m-0 flex items-center gap-2 pl-5 text-[0.6875rem] text-muted">
            <span className="inline-block size-2.5 rounded-full" style={{ border: `2px solid ${palette.status.warning}` }} />
            {t(locale, "statusWarning")}
            <span className="inline-block size-2.5 rounded-full" style={{ border: `2px solid ${palette.status.critical}` }} />
            {t(locale, "statusCritical")}
          </p>
          <button type="button" data-testid={DEPT_IDS.mapExportGeojson} onClick={exportGeojson} className="mt-1 self-start rounded border border-line px-1.5 py-0.5 text-[0.7rem] text-muted hover:text-fg">
            GeoJSON ↓
          </button>
        </fieldset>
        {selectedAsset ? (
          <div data-testid={DEPT_IDS.mapSelection} data-asset={state.asset ?? ""} className="absolute bottom-8 left-2 max-w-[18rem] rounded-md border border-line bg-surface/95 px-2.5 py-2 text-xs">
            <p className="m-0 font-semibold text-fg">{pick(selectedAsset.properties.name, locale)}</p>
            <p className="m-0 text-muted">
              {pick(districtName(selectedAsset.properties.district), locale)} · {t(locale, selectedAsset.properties.status === "critical" ? "statusCritical" : selectedAsset.properties.status === "warning" ? "statusWarning" : selectedAsset.properties.status === "offline" ? "statusOffline" : "statusNormal")}
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
        ) : null}
      </div>
      <details className="border-t border-line px-3 py-1.5 text-sm">
        <summary className="cursor-pointer text-xs text-muted">
          {t(locale, "mapList")} ({attention.length})
        </summary>
        <ul data-testid={TEST_IDS.mapList} className="m-0 max-h-48 list-none overflow-y-auto p-0">
          {attention.slice(0, LIST_LIMIT).map((f) => (
            <li key={f.properties.id} className="flex items-center gap-2 py-0.5 text-xs">
              <button type="button" onClick={() => update({ asset: f.properties.id })} className="truncate text-left text-fg underline-offset-2 hover:underline">
                {pick(f.properties.name, locale)}
              </button>
              <span className="text-muted">{pick(districtName(f.properties.district), locale)}</span>
              <span className={`ml-auto ${f.properties.status === "critical" ? "text-critical" : f.properties.status === "warning" ? "text-warning" : "text-muted"}`}>
                {t(locale, f.properties.status === "critical" ? "statusCritical" : f.properties.status === "warning" ? "statusWarning" : "statusOffline")}
              </span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
