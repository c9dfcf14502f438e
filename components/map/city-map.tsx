"use client";
/**
 * The city map (overview and walls): every readable domain's assets and the open alerts in the
 * map panel shell (map-panel.tsx), with a legend that toggles each layer and a list of what needs
 * attention. At city scale a domain's layer is its clusters for the view (asset-layers.tsx);
 * clusters of several domains in one screen cell are set side by side, not on top of each other.
 */
import type { FeatureCollection } from "geojson";
import { useMemo, useState } from "react";
import { domainModule } from "@/domains";
import { useDistrictName, useTwinNow, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { useUiScale } from "@/components/ui/use-ui-scale";
import { ofDomain } from "@/lib/views/overview/alerts";
import { ACTIVE_ALERTS } from "@/lib/views/overview/view";
import { anchorOf, spreadClusters } from "@/lib/twin-client/clusters";
import { useAlerts, useLiveTuning } from "@/lib/twin-client/hooks";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { AssetPopup } from "./asset-popup";
import { useAssetLayers } from "./asset-layers";
import { ALERTS_PULSE_LAYER, ALERTS_SOURCE, alertLayers, assetSourceId, STATUS_STATE_KEY } from "./layers/assets";
import { domainLayers } from "./layers/domain";
import { mapPalette } from "./layers/palette";
import { LayerToggle, MapAsOf, MapPanel, STATUS_ORDER, StatusKey, type AttentionRow, type CityMapFrame } from "./map-panel";
import type { MapLayerGroup, MapSelection, MapView } from "./twin-map";

export interface CityMapProps extends CityMapFrame {
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


/** The wall's alarm halo breathes from its ring outwards (see TwinMap `pulse`). */
const ALERTS_PULSE_PROPS = { layerId: ALERTS_PULSE_LAYER, periodMs: 2000 } as const;

export function CityMap({ layers, alertDomain, variant = "page", ...frame }: CityMapProps) {
  const { locale, session } = useView();
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
  const fetched = useMemo(() => DOMAINS.filter((d) => readable.includes(d)), [readable]);
  const fetchedKey = fetched.join(",");
  const [view, setView] = useState<MapView | null>(null);
  const { layers: assets, feeds } = useAssetLayers(fetched, view, { attention: variant !== "wall" });
  // One list for every board, filtered here: a wall keeps this map across boards.
  const alertsRes = useAlerts(ACTIVE_ALERTS);
  const alertsData = useMemo(() => (alertsRes.data ? ofDomain(alertsRes.data, alertDomain) : undefined), [alertsRes.data, alertDomain]);
  const alerts = { data: alertsData, error: alertsRes.error };

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

  // Only the layers it fetches: the map counts as drawn once every group has its data.
  const groups = useMemo<MapLayerGroup[]>(
    () => [
      ...(fetchedKey.split(",").filter(Boolean) as Domain[]).map((d) => {
        const spec = domainLayers(d, palette, scale, wall);
        return { id: d, sourceId: spec.sourceId, layers: spec.layers, stateKey: STATUS_STATE_KEY };
      }),
      { id: "alerts", sourceId: ALERTS_SOURCE, layers: alertLayers(palette, scale, wall) },
    ],
    [palette, scale, fetchedKey, wall],
  );
  const data = useMemo<Record<string, FeatureCollection | undefined>>(() => {
    const spread = spreadClusters(fetched.map((d) => assets[d]?.layer));
    return {
      ...Object.fromEntries(fetched.map((d, i) => [assetSourceId(d), spread[i]])),
      [ALERTS_SOURCE]: alertsData as FeatureCollection | undefined,
    };
  }, [fetched, assets, alertsData]);

  // TwinMap reads this through a ref, so a new identity per render costs nothing.
  const onSelect = (sel: MapSelection | null) => {
    if (sel && sel.layerGroup === "alerts") {
      const alert = alertsData?.features.find((f) => f.id === sel.id || f.properties.id === sel.id);
      setSelection(alert ? { ...sel, id: alert.properties.assetId } : sel);
    } else setSelection(sel);
  };

  // What needs attention, as a list: each layer's assets not in normal state, worst first (at
  // city scale the first page of each status: the list shows a few dozen).
  const attention = useMemo<AttentionRow[] | null>(() => {
    if (wall) return null;
    return fetched
      .flatMap((d) => (assets[d]?.abnormal ?? []).map((f) => ({ domain: d, f })))
      .sort((a, b) => STATUS_ORDER[a.f.properties.status] - STATUS_ORDER[b.f.properties.status])
      .map(({ domain, f }) => {
        const pt = anchorOf(f.geometry);
        return {
          id: f.properties.id,
          tag: pick(domainModule(domain).name, locale),
          name: f.properties.name,
          districtName: districtName(f.properties.district),
          status: f.properties.status,
          onSelect: pt ? () => setSelection({ id: f.properties.id, layerGroup: domain, lngLat: pt }) : undefined,
        };
      });
  }, [wall, fetched, assets, locale, districtName]);

  const toggles = [
    ...fetched.map((d) => ({ id: d, label: pick(domainModule(d).name, locale), colour: palette.domain[d], count: assets[d]?.answer.data?.total ?? 0, ring: false })),
    { id: "alerts", label: t(locale, "alertsLayer"), colour: wall ? palette.alarm.critical : palette.status.critical, count: alerts.data?.total ?? 0, ring: true },
  ].filter((tg) => !layers || layers.includes(tg.id));

  return (
    <>
      {feeds}
      <MapPanel
        {...frame}
        palette={palette}
        // District names on a wall are read from across the room: 40 % larger (all ten still fit).
        textScale={wall ? scale * 1.4 : scale}
        mapKey={`${scheme}-${locale}-${scale}-${generation}`}
        data={{ "data-context-losses": contextLosses, "data-map-generation": generation }}
        legendPlacement={wall ? "strip" : "corner"}
        attention={attention}
        attentionTotal={wall ? undefined : fetched.every((d) => assets[d]?.abnormalTotal !== undefined) ? fetched.reduce((n, d) => n + (assets[d]?.abnormalTotal ?? 0), 0) : null}
        map={{
          groups,
          data,
          visible: shown,
          controls: !wall,
          refitOnResize: wall,
          onContextLost: wall ? () => setContextLosses((n) => n + 1) : undefined,
          onContextGiveUp: wall ? () => setGeneration((g) => g + 1) : undefined,
          pulse: wall ? ALERTS_PULSE_PROPS : undefined,
          onSelect,
          onView: setView,
          popup: selection ? { lngLat: selection.lngLat, content: <AssetPopup id={selection.id} /> } : null,
        }}
        legend={
          <>
            {toggles.map((tg) => (
              <LayerToggle key={tg.id} id={tg.id} checked={visible[tg.id] !== false} onToggle={wall ? undefined : (on) => setVisible((v) => ({ ...v, [tg.id]: on }))}>
                <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={tg.ring ? { border: `2px solid ${tg.colour}` } : { background: tg.colour }} />
                <span>{tg.label}</span>
                <span className="tabular ml-auto pl-2 text-muted">{tg.count}</span>
              </LayerToggle>
            ))}
            <StatusKey palette={palette} wall={wall} className={wall ? "text-xs" : "mt-1 text-[0.6875rem]"} />
            {wall ? <MapAsOf sources={[...fetched.filter((d) => shown[d]).map((d) => assets[d]?.answer ?? {}), alerts]} now={now} tuning={tuning} /> : null}
          </>
        }
      />
    </>
  );
}
