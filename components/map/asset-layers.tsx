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
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useAssetClusters, useAssets } from "@/lib/twin-client/hooks";
import type { AssetClustersResponse, AssetsResponse } from "@/lib/twin-client/schemas";
import type { Domain } from "@/lib/twin/types";
import type { MapView } from "./twin-map";

/** Assets one answer holds per domain; above it the layer is clustered per view. */
export const ASSET_LIMIT = 5000;

export interface AssetLayer {
  /** The assets as listed (at most `limit`): the attention list and the selection read them. */
  answer: { data?: AssetsResponse; error?: unknown };
  /** More assets than one answer holds: the layer draws `clusters`. */
  dense: boolean;
  clusters?: AssetClustersResponse;
  /** What the map draws: the clusters of the view when dense, else the assets. */
  layer?: FeatureCollection;
}

function DomainFeed({ domain, limit, view, onChange }: { domain: Domain; limit: number; view: MapView | null; onChange: (d: Domain, l: AssetLayer) => void }) {
  const answer = useAssets({ domain, limit });
  const dense = answer.data !== undefined && answer.data.total > answer.data.features.length;
  const clusters = useAssetClusters(view && dense ? { domain, bbox: view.bbox, zoom: view.zoom } : null);
  useEffect(() => {
    onChange(domain, {
      answer: { data: answer.data, error: answer.error },
      dense,
      clusters: clusters.data,
      layer: (dense ? clusters.data : answer.data) as FeatureCollection | undefined,
    });
  }, [domain, onChange, answer.data, answer.error, dense, clusters.data]);
  return null;
}

/**
 * The asset layers of `domains` for the map's current `view` (null before the map has loaded).
 * Render `feeds` anywhere in the tree; `layers` fills in as answers arrive.
 */
export function useAssetLayers(domains: readonly Domain[], view: MapView | null, limit = ASSET_LIMIT): { layers: Partial<Record<Domain, AssetLayer>>; feeds: ReactNode } {
  const [layers, setLayers] = useState<Partial<Record<Domain, AssetLayer>>>({});
  const onChange = useCallback((d: Domain, l: AssetLayer) => setLayers((prev) => ({ ...prev, [d]: l })), []);
  const feeds = domains.map((d) => <DomainFeed key={d} domain={d} limit={limit} view={view} onChange={onChange} />);
  return { layers, feeds };
}
