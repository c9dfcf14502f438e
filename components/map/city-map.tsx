"use client";
/**
 * The city map panel: joins the asset and alert hooks to the MapLibre owner, with a legend that
 * toggles each layer and a keyboard-reachable list of what needs attention on the map.
 */
import type { FeatureCollection, Geometry } from "geojson";
import { useMemo, useState } from "react";
import { domainModule } from "@/domains";
import { useDistrictName, useTwinNow, useView } from "@/components/live/view-context";
import { StaleBadge } from "@/components/panel/stale-badge";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { useUiScale } from "@/components/ui/use-ui-scale";
import { ofDomain } from "@/lib/domains/overview/alerts";
import { ACTIVE_ALERTS } from "@/lib/domains/overview/view";
import { useAlerts, useAssetClusters, useAssets, useLiveTuning } from "@/lib/domains/twin/hooks";
import { ageSeconds, formatClock } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS, layerToggleTestId } from "@/lib/test-ids";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { AssetPopup } from "./asset-popup";
import { ALERTS_PULSE_LAYER, ALERTS_SOURCE, alertLayers, assetSourceId, STATUS_STATE_KEY } from "./layers/assets";
import { basemapStyle } from "./layers/basemap";
import { domainLayers } from "./layers/domain";
import { mapPalette } from "./layers/palette";
import { TwinMap } from "./twin-map-lazy";
import type { MapLayerGroup, MapSelection, MapView } from "./twin-map";

const ATTRIBUTION = "Natural Earth (public domain) · schematic layers © TwinOps";
const LIST_LIMIT = 40;

export interface CityMapProps {
  cityId: string;
  files: { land: string; water: string; roads: string; metro: string; districts: string };
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  className?: string;
  /** Show only these layer groups (domains, "alerts"); all when absent. */
  layers?: readonly string[];
  /** The alert layer shows only this domain's alerts; every domain's when absent. */
  alertDomain?: Domain;
  /**
   * "wall": nobody touches it, so no zoom buttons and no feature list to open; a WebGL context
   * that does not come back is replaced by remounting the map.
   */
  variant?: "page" | "wall";
}

/**
 * The same array as long as its elements are the same (by identity): memo dependencies over one
 * entry per domain, whose count comes from the registry. Kept the way React's docs keep
 * information from the previous render (state updated during render).
 */
function useShallowStable<T>(values: readonly T[]): readonly T[] {
  const [kept, setKept] = useState(values);
  const same = kept.length === values.length && kept.every((v, i) => v === values[i]);
  if (!same) setKept(values);
  return same ? kept : values;
}

const ASSET_LIMIT = 5000;
/** The wall's alarm halo breathes from its ring outwards (see TwinMap `pulse`). */
const ALERTS_PULSE_PROPS = { layerId: ALERTS_PULSE_LAYER, periodMs: 2000 } as const;

export function CityMap({ cityId, files, center, zoom, bounds, className, layers, alertDomain, variant = "page" }: CityMapProps) {
  const { locale, timezone, session } = useView();
  const districtName = useDistrictName();
  const tuning = useLiveTuning();
  const now = useTwinNow(15_000);
  const scheme = useColorScheme();
  const scale = useUiScale();
  const palette = mapPalette(scheme);
  // A domain's assets are fetched only when the caller may read it: a wall bound to one board
  // never asks for what its token would be refused (and so turn stale). Not by `layers`: a wall
  // keeps one map across its boards, so every readable layer is loaded once and only hidden.
  const readable = session?.domains ?? DOMAINS;
  const canRead = (d: Domain) => readable.includes(d);
  const assetQuery = (d: Domain) => (canRead(d) ? { domain: d, limit: ASSET_LIMIT } : null);
  // One answer per registered domain. DOMAINS is a module constant: the same hook calls in the
  // same order on every render, which is all the rules of hooks ask for.
  const answers = {} as Record<Domain, ReturnType<typeof useAssets>>;
  // eslint-disable-next-line react-hooks/rules-of-hooks -- a fixed list (see above)
  for (const d of DOMAINS) answers[d] = useAssets(assetQuery(d));
  // City scale: a domain with more assets than one answer holds is drawn from the server's
  // aggregation of the view instead (clusters with counts and the worst status inside).
  const [view, setView] = useState<MapView | null>(null);
  const dense = (a: { data?: { total: number; features: unknown[] } }) => a.data !== undefined && a.data.total > a.data.features.length;
  const clusterQuery = (d: Domain, a: { data?: { total: number; features: unknown[] } }) => (view && dense(a) ? { domain: d, bbox: view.bbox, zoom: view.zoom } : null);
  const clusters = {} as Record<Domain, ReturnType<typeof useAssetClusters>>;
  // eslint-disable-next-line react-hooks/rules-of-hooks -- a fixed list, as `answers`
  for (const d of DOMAINS) clusters[d] = useAssetClusters(clusterQuery(d, answers[d]));
  // One list for every board, filtered here: a wall keeps this map across boards.
  const alertsRes = useAlerts(ACTIVE_ALERTS);
  const alertsData = useMemo(() => (alertsRes.data ? ofDomain(alertsRes.data, alertDomain) : undefined), [alertsRes.data, alertDomain]);
  const alerts = { data: alertsData, error: alertsRes.error };
  const assets = Object.fromEntries(DOMAINS.map((d) => [d, answers[d].data])) as Record<Domain, (typeof answers)[Domain]["data"]>;
  const assetData = useShallowStable(DOMAINS.map((d) => answers[d].data));
  const clusterData = useShallowStable(DOMAINS.map((d) => clusters[d].data));

  const [visible, setVisible] = useState<Record<string, boolean>>({});
  const [selection, setSelection] = useState<MapSelection | null>(null);
  // Walls count context losses (the soak benchmark reads them) and remount a map whose context
  // never came back.
  const [contextLosses, setContextLosses] = useState(0);
  const [generation, setGeneration] = useState(0);
  const wall = variant === "wall";
  const shown = useMemo<Record<string, boolean>>(() => {
    const only = new Set([...(layers ?? [...DOMAINS, "alerts"])].filter((id) => id === "alerts" || readable.includes(id as Domain)));
    return Object.fromEntries([...DOMAINS, "alerts"].map((id) => [id, only.has(id) && visible[id] !== false]));
  }, [layers, visible, readable]);

  // District names on a wall are read from across the room: 40 % larger (all ten still fit).
  const style = useMemo(
    () => basemapStyle({ cityId, files, palette, locale, textScale: wall ? scale * 1.4 : scale }),
    [cityId, files, palette, locale, scale, wall],
  );
  // Only the layers it fetches: the map counts as drawn once every group has its data.
  const fetched = DOMAINS.filter(canRead).join(",");
  const groups = useMemo<MapLayerGroup[]>(
    () => [
      ...(fetched.split(",").filter(Boolean) as Domain[]).map((d) => {
        const spec = domainLayers(d, palette, scale, wall);
        return { id: d, sourceId: spec.sourceId, layers: spec.layers, stateKey: STATUS_STATE_KEY };
      }),
      { id: "alerts", sourceId: ALERTS_SOURCE, layers: alertLayers(palette, scale, wall) },
    ],
    [palette, scale, fetched, wall],
  );
  const data = useMemo<Record<string, FeatureCollection | undefined>>(
    () => {
      const layer = (d: Domain) => (dense(answers[d]) ? clusters[d].data : answers[d].data) as FeatureCollection | undefined;
      return {
        ...Object.fromEntries(DOMAINS.map((d) => [assetSourceId(d), layer(d)])),
        [ALERTS_SOURCE]: alerts.data as FeatureCollection | undefined,
      };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [assetData, clusterData, alerts.data],
  );

  // TwinMap reads this through a ref, so a new identity per render costs nothing.
  const onSelect = (sel: MapSelection | null) => {
    if (sel && sel.layerGroup === "alerts") {
      const alert = alerts.data?.features.find((f) => f.id === sel.id || f.properties.id === sel.id);
      setSelection(alert ? { ...sel, id: alert.properties.assetId } : sel);
    } else setSelection(sel);
  };

  // What needs attention, as a list: every asset not in normal state, worst first.
  const attention = useMemo(() => {
    const rank = { critical: 0, warning: 1, offline: 2, normal: 3 } as const;
    return DOMAINS.flatMap((d) =>
      (assets[d]?.features ?? [])
        .filter((f) => f.properties.status !== "normal")
        .map((f) => ({ domain: d, f })),
    ).sort((a, b) => rank[a.f.properties.status] - rank[b.f.properties.status]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [assetData]);

  const counts = Object.fromEntries(DOMAINS.map((d) => [d, assets[d]?.total ?? assets[d]?.features.length ?? 0]));
  const toggles: { id: string; label: string; colour: string; count: number; ring?: boolean }[] = [
    ...DOMAINS.map((d) => ({ id: d, label: pick(domainModule(d).name, locale), colour: palette.domain[d], count: counts[d] ?? 0 })),
    { id: "alerts", label: t(locale, "alertsLayer"), colour: wall ? palette.alarm.critical : palette.status.critical, count: alerts.data?.total ?? 0, ring: true },
  ];
  const warningColour = wall ? palette.alarm.warning : palette.status.warning;
  const criticalColour = wall ? palette.alarm.critical : palette.status.critical;

  return (
    <section
      aria-label={t(locale, "map")}
      data-context-losses={contextLosses}
      data-map-generation={generation}
      className={`relative flex min-h-0 flex-col overflow-hidden rounded-md border border-line bg-surface ${className ?? ""}`}>
      <div className="relative min-h-0 flex-1">
        <TwinMap
          key={`${scheme}-${locale}-${scale}-${generation}`}
          style={style}
          center={center}
          zoom={zoom}
          bounds={bounds}
          groups={groups}
          data={data}
          visible={shown}
          controls={!wall}
          refitOnResize={wall}
          onContextLost={wall ? () => setContextLosses((n) => n + 1) : undefined}
          onContextGiveUp={wall ? () => setGeneration((g) => g + 1) : undefined}
          pulse={wall ? ALERTS_PULSE_PROPS : undefined}
          attribution={ATTRIBUTION}
          labels={{ unavailable: t(locale, "mapUnavailable"), contextLost: t(locale, "mapContextLost"), mapLabel: t(locale, "map") }}
          onSelect={onSelect}
          onView={setView}
          popup={selection ? { lngLat: selection.lngLat, content: <AssetPopup id={selection.id} /> } : null}
        />
        <fieldset
          data-testid={TEST_IDS.mapLegend}
          // On a wall: one or two lines along the bottom edge, leaving the city to the map.
          className={`absolute m-0 flex gap-1 rounded-md border border-line bg-surface/90 px-2.5 py-2 text-xs backdrop-blur-sm ${
            wall ? "bottom-1 left-1 max-w-[calc(100%-0.5rem)] flex-row flex-wrap items-center gap-x-4 py-1" : "top-2 left-2 flex-col"
          }`}
        >
          <legend className="sr-only">{t(locale, "layers")}</legend>
          {wall ? null : (
            <p aria-hidden="true" className="m-0 mb-0.5 text-[0.6875rem] font-semibold tracking-wide text-muted uppercase">
              {t(locale, "layers")}
            </p>
          )}
          {toggles.filter((tg) => (!layers || layers.includes(tg.id)) && (tg.id === "alerts" || canRead(tg.id as Domain))).map((tg) => (
            <label key={tg.id} data-layer={tg.id} className="flex cursor-pointer items-center gap-2 text-fg">
              {wall ? null : (
                <input
                  type="checkbox"
                  data-testid={layerToggleTestId(tg.id)}
                  checked={visible[tg.id] !== false}
                  onChange={(e) => setVisible((v) => ({ ...v, [tg.id]: e.target.checked }))}
                  className="accent-[var(--color-accent)]"
                />
              )}
              <span
                aria-hidden="true"
                className="inline-block size-2.5 rounded-full"
                style={tg.ring ? { border: `2px solid ${tg.colour}` } : { background: tg.colour }}
              />
              <span>{tg.label}</span>
              <span className="tabular ml-auto pl-2 text-muted">{tg.count}</span>
            </label>
          ))}
          <p aria-hidden="true" className={`m-0 flex items-center gap-2 text-muted ${wall ? "text-xs" : "mt-1 text-[0.6875rem]"}`}>
            <span className="inline-block size-2.5 rounded-full" style={wall ? { background: warningColour } : { border: `2px solid ${warningColour}` }} />
            {t(locale, "statusWarning")}
            <span className="inline-block size-2.5 rounded-full" style={wall ? { background: criticalColour } : { border: `2px solid ${criticalColour}` }} />
            {t(locale, "statusCritical")}
            <span className="inline-block size-2.5 rounded-full" style={{ background: palette.status.offline }} />
            {t(locale, "statusOffline")}
          </p>
          {wall ? <MapAsOf sources={[...DOMAINS.filter((d) => shown[d]).map((d) => answers[d]), alerts]} now={now} tuning={tuning} locale={locale} timezone={timezone} /> : null}
        </fieldset>
      </div>
      {wall ? null : (
      <details className="border-t border-line px-3 py-1.5 text-sm">
        <summary className="cursor-pointer text-xs text-muted">
          {t(locale, "mapList")} ({attention.length})
        </summary>
        <ul data-testid={TEST_IDS.mapList} className="m-0 max-h-48 list-none overflow-y-auto p-0">
          {attention.slice(0, LIST_LIMIT).map(({ domain, f }) => {
            const g = f.geometry;
            const pt = anchorOf(g);
            return (
              <li key={f.properties.id} className="flex items-center gap-2 py-0.5 text-xs">
                <span className="w-20 shrink-0 text-muted">{pick(domainModule(domain).name, locale)}</span>
                <button
                  type="button"
                  disabled={!pt}
                  onClick={() => pt && setSelection({ id: f.properties.id, layerGroup: domain, lngLat: pt })}
                  className="truncate text-left text-fg underline-offset-2 hover:underline disabled:no-underline"
                >
                  {pick(f.properties.name, locale)}
                </button>
                <span className="text-muted">{pick(districtName(f.properties.district), locale)}</span>
                <span
                  className={`ml-auto ${f.properties.status === "critical" ? "text-critical" : f.properties.status === "warning" ? "text-warning" : "text-muted"}`}
                >
                  {t(locale, f.properties.status === "critical" ? "statusCritical" : f.properties.status === "warning" ? "statusWarning" : "statusOffline")}
                </span>
              </li>
            );
          })}
        </ul>
      </details>
      )}
    </section>
  );
}

/**
 * The map's as-of line on walls: the oldest of the answers it draws (the map is only as current
 * as its oldest layer), marked stale past the limit, while refreshes fail, or while the stream is lost.
 */
function MapAsOf(props: {
  sources: { data?: { asOf: string }; error?: unknown }[];
  now: number;
  tuning: ReturnType<typeof useLiveTuning>;
  locale: ReturnType<typeof useView>["locale"];
  timezone: string;
}) {
  const { sources, now, tuning, locale, timezone } = props;
  const times = sources.flatMap((s) => (s.data ? [s.data.asOf] : []));
  if (times.length === 0) return null;
  const oldest = times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const age = ageSeconds(oldest, now);
  const failing = sources.some((s) => Boolean(s.error));
  const stale = age > (tuning.staleAfterSeconds ?? 600) || tuning.forceStale === true || (tuning.staleOnError === true && failing);
  return (
    <p data-testid={TEST_IDS.mapAsOf} data-stale={stale ? "true" : "false"} className="m-0 flex flex-wrap items-center gap-2 text-xs text-muted">
      {stale ? <StaleBadge ageSeconds={age} locale={locale} /> : null}
      <time dateTime={oldest} className="tabular">
        {t(locale, "asOf")} {formatClock(oldest, timezone, locale)}
      </time>
    </p>
  );
}

/** Where a popup for a feature opens: the point itself, or the middle vertex of a road segment. */
function anchorOf(g: Geometry): [number, number] | null {
  const c = g.type === "Point" ? g.coordinates : g.type === "LineString" ? g.coordinates[Math.floor(g.coordinates.length / 2)] : undefined;
  return c ? [c[0] ?? 0, c[1] ?? 0] : null;
}
