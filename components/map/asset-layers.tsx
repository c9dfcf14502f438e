"use client";
/**
 * Bounded asset layers for every map: each domain's assets are asked for with a limit, and a
 * domain with more assets than one answer holds (the inventory at city scale) is drawn from the
 * server's aggregation of the map's view instead (GET /assets/clusters: counts and the worst
 * status per screen cell). The map then never holds more than `limit` features a domain, nor more
 * than a few hundred cells a view, whatever the inventory's size.
 *
 * One small feed component per domain (hooks cannot be called in a loop), so the domain list is
 * data: a domain added to DOMAINS just appears.
 */
import type { FeatureCollection } from "geojson";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { useAssetClusters, useAssets } from "@/lib/twin-client/hooks";
import type { AssetClustersResponse, AssetsResponse } from "@/lib/twin-client/schemas";
import { abnormalQueries, type AssetFeature } from "@/lib/views/map-attention/attention";
import type { Domain } from "@/lib/twin/types";
import type { MapView } from "./twin-map";

/** Assets one answer holds per domain; above it the layer is clustered per view. */
export const ASSET_LIMIT = 5000;

export interface AssetLayer {
  /**
   * The assets as listed: all of them (at most `limit`) when the layer is not dense, else only
   * the first, for `total` and `asOf` (a city-scale domain is never read whole).
   */
  answer: { data?: AssetsResponse; error?: unknown };
  /** More assets than one answer holds: the layer draws `clusters`. */
  dense: boolean;
  clusters?: AssetClustersResponse;
  /** What the map draws: the clusters of the view when dense, else the assets. */
  layer?: FeatureCollection;
  /**
   * Assets not in normal state (own status), when asked for: all of them when not dense, else
   * the first page of each abnormal status (an attention list shows a few dozen).
   */
  abnormal?: AssetFeature[];
  /** How many assets of the layer are not in normal state (`abnormal` may hold only the first). */
  abnormalTotal?: number;
}

function DomainFeed({ domain, limit, view, attention, onChange }: { domain: Domain; limit: number; view: MapView | null; attention: boolean; onChange: (d: Domain, l: AssetLayer) => void }) {
  // The count first: the whole list is read only when it fits one answer.
  const probe = useAssets({ domain, limit: 1 });
  const dense = probe.data !== undefined && probe.data.total > limit;
  const full = useAssets(probe.data && !dense ? { domain, limit } : null);
  // Before the count is in (or when it failed) and when dense: the probe; else the whole list.
  const answer = dense || !probe.data ? probe : full;
  const clusters = useAssetClusters(view && dense ? { domain, bbox: view.bbox, zoom: view.zoom } : null);
  const [c, w, o] = useAbnormalAnswers(domain, null, attention && dense);
  const abnormal = useMemo(() => {
    if (!attention) return undefined;
    if (!dense) {
      const features = full.data?.features.filter((f) => f.properties.status !== "normal");
      return features ? { features, total: features.length } : undefined;
    }
    return c && w && o ? { features: [...c.features, ...w.features, ...o.features], total: c.total + w.total + o.total } : undefined;
  }, [attention, dense, full.data, c, w, o]);
  useEffect(() => {
    onChange(domain, {
      answer: { data: answer.data, error: answer.error },
      dense,
      clusters: clusters.data,
      layer: dense ? clusters.data : full.data,
      abnormal: abnormal?.features,
      abnormalTotal: abnormal?.total,
    });
  }, [domain, onChange, answer.data, answer.error, dense, clusters.data, full.data, abnormal]);
  return null;
}

/**
 * The first rows of each abnormal own status of a domain (`abnormalQueries`: critical, warning,
 * offline), when `enabled`; an answer is undefined until it is in, and always when not enabled
 * (SWR keeps a switched-off key's last answer).
 */
export function useAbnormalAnswers(domain: Domain, district: string | null, enabled: boolean): (AssetsResponse | undefined)[] {
  const [qc, qw, qo] = abnormalQueries(domain, district);
  const c = useAssets(enabled ? qc! : null).data;
  const w = useAssets(enabled ? qw! : null).data;
  const o = useAssets(enabled ? qo! : null).data;
  return useMemo(() => (enabled ? [c, w, o] : [undefined, undefined, undefined]), [enabled, c, w, o]);
}

/**
 * The asset layers of `domains` for the map's current `view` (null before the map has loaded).
 * Render `feeds` anywhere in the tree; `layers` fills in as answers arrive. `attention`: also
 * ask for each layer's assets not in normal state (`abnormal`).
 */
export function useAssetLayers(
  domains: readonly Domain[],
  view: MapView | null,
  { limit = ASSET_LIMIT, attention = false }: { limit?: number; attention?: boolean } = {},
): { layers: Partial<Record<Domain, AssetLayer>>; feeds: ReactNode } {
  const [layers, setLayers] = useState<Partial<Record<Domain, AssetLayer>>>({});
  const onChange = useCallback((d: Domain, l: AssetLayer) => setLayers((prev) => ({ ...prev, [d]: l })), []);
  const feeds = domains.map((d) => <DomainFeed key={d} domain={d} limit={limit} view={view} attention={attention} onChange={onChange} />);
  return { layers, feeds };
}
