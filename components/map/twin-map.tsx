"use client";
/**
 * The one MapLibre owner: creates the map, adds the domain layers as data, feeds their sources,
 * toggles visibility, shows the popup, and removes everything on unmount. Loaded only in the
 * browser (next/dynamic with ssr: false, see city-map.tsx). A style change remounts it (keyed by
 * the caller), which is simpler and safer than re-adding layers after setStyle.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import type { LayerSpecification, StyleSpecification } from "@maplibre/maplibre-gl-style-spec";
import type { FeatureCollection } from "geojson";
import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  setWorkerUrl,
  type GeoJSONSource,
  type LngLatBoundsLike,
} from "maplibre-gl";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { TEST_IDS } from "@/lib/test-ids";
import { FeatureStateSync } from "./feature-state";

// Turbopack cannot find MapLibre's worker on its own; point at the ESM worker explicitly.
setWorkerUrl(new URL("maplibre-gl/dist/maplibre-gl-worker.mjs", import.meta.url).href);

export interface MapLayerGroup {
  /** Toggle id (a domain, or "alerts"). */
  id: string;
  sourceId: string;
  layers: LayerSpecification[];
  /**
   * Feature property the layers read through `feature-state` (e.g. `status`). When set, the
   * source is sent once and again only when its features or their geometry change; changes of
   * this property become coalesced feature-state updates (see feature-state.ts). Features get
   * numeric ids for it; `properties.id` keeps the API id.
   */
  stateKey?: string;
}

export interface MapSelection {
  id: string;
  layerGroup: string;
  lngLat: [number, number];
}

/** What the map shows: its visible bounds (rounded outwards) and its zoom, floored. */
export interface MapView {
  bbox: [number, number, number, number];
  zoom: number;
}

/** The visible bounds rounded outwards to 1e-3° (a stable key while the view barely moves). */
function viewOf(map: MapLibreMap): MapView {
  const b = map.getBounds();
  const down = (v: number, lim: number) => Math.max(-lim, Math.floor(v * 1000) / 1000);
  const up = (v: number, lim: number) => Math.min(lim, Math.ceil(v * 1000) / 1000);
  return { bbox: [down(b.getWest(), 180), down(b.getSouth(), 85), up(b.getEast(), 180), up(b.getNorth(), 85)], zoom: Math.floor(map.getZoom()) };
}

export interface TwinMapProps {
  style: StyleSpecification;
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  /** Layer groups, bottom to top; must keep their identity between renders. */
  groups: MapLayerGroup[];
  /** Source data by source id; undefined while loading. */
  data: Record<string, FeatureCollection | undefined>;
  visible: Record<string, boolean>;
  attribution: string;
  labels: { unavailable: string; contextLost: string; mapLabel: string };
  onSelect: (selection: MapSelection | null) => void;
  popup: { lngLat: [number, number]; content: ReactNode } | null;
  /** Zoom buttons; walls have nobody to press them. Default true. */
  controls?: boolean;
  /** Fit the city's bounds again whenever the map's box changes size (walls: nobody pans them). */
  refitOnResize?: boolean;
  /** Called on every WebGL context loss (walls count them). */
  onContextLost?: () => void;
  /**
   * Called when a lost context has not come back within `contextGiveUpMs`; the caller remounts
   * the map (a new canvas gets a new context). Without it the map waits for the browser.
   */
  onContextGiveUp?: () => void;
  contextGiveUpMs?: number;
  /**
   * A circle layer that breathes (its radius and opacity swell and fade every `periodMs`), drawn
   * once the map has loaded; still where the viewer asks for reduced motion.
   */
  pulse?: { layerId: string; periodMs: number };
  /**
   * Told the view once the map has loaded and after every move (pan, zoom): dense layers are
   * fetched per view, aggregated on the server (GET /assets/clusters).
   */
  onView?: (view: MapView) => void;
  /** Fits the map to `bounds` whenever `key` changes (a selected district or asset). */
  focus?: { key: string; bounds: [number, number, number, number]; maxZoom: number } | null;
}

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

function padBounds([w, s, e, n]: [number, number, number, number], f: number): LngLatBoundsLike {
  const dx = (e - w) * f;
  const dy = (n - s) * f;
  return [
    [w - dx, s - dy],
    [e + dx, n + dy],
  ];
}

export function TwinMap(props: TwinMapProps) {
  const { style, center, zoom, bounds, groups, data, visible, attribution, labels, popup } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const onSelectRef = useRef(props.onSelect);
  const onViewRef = useRef(props.onView);
  const contextRef = useRef({ lost: props.onContextLost, giveUp: props.onContextGiveUp, ms: props.contextGiveUpMs ?? 10_000 });
  const [styleReady, setStyleReady] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const [contextLost, setContextLost] = useState(false);
  const popupRef = useRef<Popup | null>(null);
  const [popupNode, setPopupNode] = useState<HTMLDivElement | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  // Live feeding, kept out of React state: a status tick must not re-render the map's tree.
  // `ready` is false until our sources exist and while a lost context has taken the style away
  // (map.getSource would throw then); `feed` and `flush` are set by the mount effect.
  const liveRef = useRef({
    ready: false,
    data,
    groups,
    feed: () => {},
  });

  useEffect(() => {
    onSelectRef.current = props.onSelect;
    onViewRef.current = props.onView;
    contextRef.current = { lost: props.onContextLost, giveUp: props.onContextGiveUp, ms: props.contextGiveUpMs ?? 10_000 };
  }, [props.onSelect, props.onView, props.onContextLost, props.onContextGiveUp, props.contextGiveUpMs]);

  // Create once per mount; the caller remounts for a new style.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container,
        style,
        // Fit the whole city whatever the panel's size (laptop or wall); center/zoom are the
        // fallback when the bounds are degenerate.
        ...(bounds[0] < bounds[2] && bounds[1] < bounds[3]
          ? { bounds: bounds as LngLatBoundsLike, fitBoundsOptions: { padding: 24 } }
          : { center, zoom }),
        maxBounds: padBounds(bounds, 0.6),
        attributionControl: false,
        // Pinch and wheel still zoom; a page scroll over the map must not trap the wall's keyboard users.
        keyboard: true,
        fadeDuration: 0,
      });
    } catch (err) {
      // No WebGL (old GPU, blocked context): say so; the list below the map still works.
      console.error("[map] cannot create map", err);
      queueMicrotask(() => setFailed(true));
      return;
    }
    mapRef.current = map;
    const live = liveRef.current;
    const syncs = new Map<string, FeatureStateSync>();
    const sent = new Map<string, FeatureCollection>();
    const counts = { setData: 0, featureState: 0, resyncs: 0 };
    // Read by e2e tests and the soak benchmark: how often each kind of update reached MapLibre.
    const publish = () => {
      const root = rootRef.current;
      if (!root) return;
      root.dataset.setdataCount = String(counts.setData);
      root.dataset.featureStateUpdates = String(counts.featureState);
      root.dataset.stateResyncs = String(counts.resyncs);
      root.dataset.sourcesFed = [...syncs.keys(), ...sent.keys()].sort().join(" ");
    };
    publish();
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      if (!live.ready) return;
      for (const [source, sync] of syncs) {
        if (!sync.hasPending || !map.getSource(source)) continue;
        const { set, remove } = sync.drain();
        for (const id of remove) map.removeFeatureState({ source, id });
        for (const { id, value } of set) map.setFeatureState({ source, id }, { [sync.stateKey]: value });
        counts.featureState += set.length;
      }
      publish();
    };
    // At most one feature-state pass per frame, however many answers arrived since the last.
    const scheduleFlush = () => {
      if (frame === null) frame = requestAnimationFrame(flush);
    };
    live.feed = () => {
      if (!live.ready) return;
      for (const g of live.groups) {
        const fc = live.data[g.sourceId];
        const source = map.getSource<GeoJSONSource>(g.sourceId);
        if (!fc || !source) continue;
        if (g.stateKey) {
          let sync = syncs.get(g.sourceId);
          if (!sync) syncs.set(g.sourceId, (sync = new FeatureStateSync(g.stateKey)));
          const changed = sync.ingest(fc);
          if (changed) {
            source.setData(changed);
            counts.setData++;
          }
        } else if (sent.get(g.sourceId) !== fc) {
          // Alerts come and go with every answer: their set is what changes, so send it whole.
          source.setData(fc);
          sent.set(g.sourceId, fc);
        }
      }
      publish();
      scheduleFlush();
    };
    map.addControl(new AttributionControl({ compact: false, customAttribution: attribution }), "bottom-right");
    if (props.refitOnResize && bounds[0] < bounds[2] && bounds[1] < bounds[3]) {
      // The wall's grid settles after the map is made (fonts, the alarm strip): fit the city again.
      map.on("resize", () => map.fitBounds(bounds as LngLatBoundsLike, { padding: 24, animate: false }));
    }
    if (props.controls !== false) map.addControl(new NavigationControl({ showCompass: false }), "top-right");

    map.on("load", () => {
      for (const g of groups) {
        if (!map.getSource(g.sourceId)) map.addSource(g.sourceId, { type: "geojson", data: EMPTY });
        for (const layer of g.layers) map.addLayer(layer);
        for (const layer of g.layers) {
          map.on("click", layer.id, (e) => {
            const f = e.features?.[0];
            const id = f?.properties?.id;
            if (typeof id !== "string") return;
            // A cluster of a dense layer: show what is in it (two zoom steps closer).
            if (f?.properties?.kind === "cluster") {
              map.easeTo({ center: e.lngLat, zoom: Math.min(map.getZoom() + 2, map.getMaxZoom()), duration: 300 });
              return;
            }
            onSelectRef.current({ id, layerGroup: g.id, lngLat: [e.lngLat.lng, e.lngLat.lat] });
          });
          map.on("mouseenter", layer.id, () => (map.getCanvas().style.cursor = "pointer"));
          map.on("mouseleave", layer.id, () => (map.getCanvas().style.cursor = ""));
        }
      }
      live.ready = true;
      live.feed();
      setStyleReady(true);
      onViewRef.current?.(viewOf(map));
    });
    map.on("moveend", () => {
      if (live.ready) onViewRef.current?.(viewOf(map));
    });
    // MapLibre rebuilds the style from a snapshot after a context loss (and after its workers
    // restart): the sources come back with the data last sent, but every feature-state is gone.
    // Feed again too: answers that arrived while the style was away were not sent.
    const resync = () => {
      if (live.ready || !map.getSource(groups[0]?.sourceId ?? "")) return;
      live.ready = true;
      for (const sync of syncs.values()) sync.stateLost();
      counts.resyncs++;
      live.feed();
    };
    map.on("style.load", resync);
    // MapLibre keeps the lost context restorable and redraws when the browser restores it; a
    // context the browser never gives back (GPU reset, too many contexts) needs a new canvas.
    let giveUpTimer: ReturnType<typeof setTimeout> | null = null;
    map.on("webglcontextlost", () => {
      live.ready = false;
      setContextLost(true);
      contextRef.current.lost?.();
      if (contextRef.current.giveUp && !giveUpTimer) {
        giveUpTimer = setTimeout(() => contextRef.current.giveUp?.(), contextRef.current.ms);
      }
    });
    map.on("webglcontextrestored", () => {
      if (giveUpTimer) clearTimeout(giveUpTimer);
      giveUpTimer = null;
      setContextLost(false);
      // Usually the restored style loads after this event (style.load resyncs then); if it is
      // already in place, resync now.
      if (map.isStyleLoaded()) resync();
      map.triggerRepaint();
    });
    map.on("error", (e) => console.warn("[map]", e.error?.message ?? e));

    return () => {
      live.ready = false;
      live.feed = () => {};
      if (frame !== null) cancelAnimationFrame(frame);
      if (giveUpTimer) clearTimeout(giveUpTimer);
      popupRef.current?.remove();
      popupRef.current = null;
      mapRef.current = null;
      map.remove();
    };
    // Deliberately once per mount: see the component comment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Feed sources on every answer: live sources re-send only a changed set of features, status
  // changes go out as feature-state on the next frame (see feature-state.ts).
  useEffect(() => {
    liveRef.current.data = data;
    liveRef.current.groups = groups;
    if (styleReady) liveRef.current.feed();
  }, [data, groups, styleReady]);

  const allData = groups.every((g) => data[g.sourceId] !== undefined);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady || !allData || loaded) return;
    const done = () => setLoaded(true);
    // "idle": style, sources and tiles are all rendered, so the map shows the data now.
    map.once("idle", done);
    map.triggerRepaint();
    return () => {
      map.off("idle", done);
    };
  }, [styleReady, allData, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    for (const g of groups) {
      const v = visible[g.id] === false ? "none" : "visible";
      for (const layer of g.layers) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, "visibility", v);
    }
  }, [visible, groups, styleReady]);

  // The pulse starts only after the first "idle" (tests and the wall wait for it) and runs at
  // 4 steps a second: a halo that swells and fades still catches the eye, and each step is a
  // full map repaint (a software-rendered 4K wall must not spend its CPU on it).
  const pulseLayer = props.pulse?.layerId;
  const pulsePeriod = props.pulse?.periodMs ?? 1600;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !pulseLayer) return;
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    const base = map.getPaintProperty(pulseLayer, "circle-radius");
    if (typeof base !== "number") return;
    const t0 = performance.now();
    const id = window.setInterval(() => {
      // Not while a lost WebGL context has taken the style away (it is rebuilt from a snapshot).
      if (document.hidden || !liveRef.current.ready || !map.getLayer(pulseLayer)) return;
      const phase = ((performance.now() - t0) % pulsePeriod) / pulsePeriod;
      map.setPaintProperty(pulseLayer, "circle-radius", base * (0.7 + 0.9 * phase));
      map.setPaintProperty(pulseLayer, "circle-opacity", 0.35 * (1 - phase));
      map.setPaintProperty(pulseLayer, "circle-stroke-opacity", 0.9 * (1 - phase));
    }, 250);
    return () => window.clearInterval(id);
  }, [loaded, pulseLayer, pulsePeriod]);

  const focusKey = props.focus?.key;
  const focusRef = useRef(props.focus);
  useEffect(() => {
    focusRef.current = props.focus;
  });
  useEffect(() => {
    const map = mapRef.current;
    const f = focusRef.current;
    if (!map || !styleReady || !focusKey || !f) return;
    const [w, s, e, n] = f.bounds;
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 48, maxZoom: f.maxZoom, animate: false },
    );
  }, [focusKey, styleReady]);

  // The popup is MapLibre's; its content is React, rendered through a portal.
  const popupLng = popup?.lngLat[0];
  const popupLat = popup?.lngLat[1];
  useEffect(() => {
    const map = mapRef.current;
    if (!map || popupLng === undefined || popupLat === undefined) return;
    // A selection from the list may be off-screen or under the map's top edge: bring it into view
    // so its popup is not clipped.
    const at = map.project([popupLng, popupLat]);
    const canvas = map.getCanvas();
    if (at.x < 40 || at.y < 160 || at.x > canvas.clientWidth - 40 || at.y > canvas.clientHeight - 20) {
      map.easeTo({ center: [popupLng, popupLat], offset: [0, canvas.clientHeight / 5], duration: 300 });
    }
    const node = document.createElement("div");
    const p = new Popup({ closeButton: true, closeOnClick: false, maxWidth: "320px", focusAfterOpen: true })
      .setLngLat([popupLng, popupLat])
      .setDOMContent(node)
      .addTo(map);
    p.on("close", () => {
      if (popupRef.current === p) onSelectRef.current(null);
    });
    popupRef.current = p;
    setPopupNode(node);
    return () => {
      popupRef.current = null;
      p.remove();
      setPopupNode(null);
    };
  }, [popupLng, popupLat]);

  return (
    <div
      ref={rootRef}
      data-testid={TEST_IDS.mapRoot}
      data-map-loaded={loaded ? "true" : "false"}
      data-context-lost={contextLost ? "true" : "false"}
      className="absolute inset-0 overflow-hidden"
    >
      {/* MapLibre makes its container position: relative, so size it by height, not by inset. */}
      <div ref={containerRef} className="h-full w-full" role="region" aria-label={labels.mapLabel} />
      {failed ? (
        <p role="alert" className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-muted">
          {labels.unavailable}
        </p>
      ) : null}
      {contextLost ? (
        <p role="status" className="absolute top-2 left-2 rounded bg-surface px-2 py-1 text-xs text-warning">
          {labels.contextLost}
        </p>
      ) : null}
      {popup && popupNode ? createPortal(<div data-testid={TEST_IDS.mapPopup}>{popup.content}</div>, popupNode) : null}
    </div>
  );
}
