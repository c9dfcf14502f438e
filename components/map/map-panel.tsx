"use client";
/**
 * The one map panel shell the overview, department and wall maps share: the offline basemap
 * style, the lazily started MapLibre owner (twin-map-lazy.tsx), the legend box, the status key,
 * the as-of line with its stale state, and the keyboard-reachable list of what needs attention.
 * Each use brings only what differs: its layer groups and data, its legend rows, its list.
 */
import { useMemo, type ReactNode } from "react";
import { useView } from "@/components/live/view-context";
import { StaleBadge } from "@/components/frame/stale-badge";
import type { useLiveTuning } from "@/lib/twin-client/hooks";
import { ageSeconds, formatClock } from "@/lib/format/time";
import { pick, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS, layerToggleTestId } from "@/lib/test-ids";
import type { AssetStatus, LocalizedText } from "@/lib/twin/types";
import { basemapStyle } from "./layers/basemap";
import type { MapPalette } from "./layers/palette";
import { TwinMap } from "./twin-map-lazy";
import type { TwinMapProps } from "./twin-map";

const LIST_LIMIT = 40;

export interface CityFiles {
  land: string;
  water: string;
  roads: string;
  metro: string;
  districts: string;
}

/** Where the map is and what it shows, as the city pack has it. */
export interface CityMapFrame {
  cityId: string;
  files: CityFiles;
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
  className?: string;
}

/** One row of the attention list. */
export interface AttentionRow {
  id: string;
  name: LocalizedText;
  districtName: LocalizedText;
  status: AssetStatus;
  /** A leading column (the domain on the overview). */
  tag?: string;
  /** Opens the feature; absent = not selectable from here (no position). */
  onSelect?: () => void;
}

export interface MapPanelProps extends CityMapFrame {
  palette: MapPalette;
  /** Remounts the map (a new style, scheme or language). */
  mapKey: string;
  /** Label size (wall screens read from across the room). */
  textScale?: number;
  /** TwinMap's own inputs, less what the shell supplies. */
  map: Omit<TwinMapProps, "style" | "center" | "zoom" | "bounds" | "attribution" | "labels">;
  /** The legend's rows; the shell draws the box. */
  legend: ReactNode;
  /** "corner": a column at the top left; "strip": one or two lines along the bottom (walls). */
  legendPlacement?: "corner" | "strip";
  /** Anything else drawn over the map (a selection card). */
  overlay?: ReactNode;
  /** The attention list; null = none (walls: nobody opens it). */
  attention: AttentionRow[] | null;
  /** How many need attention in all when the rows are only the first of them; null = not known yet. */
  attentionTotal?: number | null;
  /** data-* attributes of the panel and of the map's box, read by tests and benchmarks. */
  data?: Record<`data-${string}`, string | number>;
  boxData?: Record<`data-${string}`, string | number>;
}

export function MapPanel(props: MapPanelProps) {
  const { cityId, files, center, zoom, bounds, className, palette, textScale = 1, legendPlacement = "corner", attention } = props;
  const { locale } = useView();
  const style = useMemo(() => basemapStyle({ cityId, files, palette, locale, textScale }), [cityId, files, palette, locale, textScale]);
  const strip = legendPlacement === "strip";
  return (
    <section aria-label={t(locale, "map")} {...props.data} className={`relative flex min-h-0 flex-col overflow-hidden rounded-md border border-line bg-surface ${className ?? ""}`}>
      <div className="relative min-h-0 flex-1" {...props.boxData}>
        <TwinMap
          key={props.mapKey}
          {...props.map}
          style={style}
          center={center}
          zoom={zoom}
          bounds={bounds}
          attribution={t(locale, "mapAttribution")}
          labels={{ unavailable: t(locale, "mapUnavailable"), contextLost: t(locale, "mapContextLost"), mapLabel: t(locale, "map") }}
        />
        <fieldset
          data-testid={TEST_IDS.mapLegend}
          className={`absolute m-0 flex gap-1 rounded-md border border-line bg-surface/90 px-2.5 py-2 text-xs backdrop-blur-sm ${
            strip ? "bottom-1 left-1 max-w-[calc(100%-0.5rem)] flex-row flex-wrap items-center gap-x-4 py-1" : "top-2 left-2 max-w-[16rem] flex-col"
          }`}
        >
          <legend className="sr-only">{t(locale, "layers")}</legend>
          {strip ? null : (
            <p aria-hidden="true" className="m-0 mb-0.5 text-[0.6875rem] font-semibold tracking-wide text-muted uppercase">
              {t(locale, "layers")}
            </p>
          )}
          {props.legend}
        </fieldset>
        {props.overlay}
      </div>
      {attention ? <AttentionList rows={attention} total={props.attentionTotal === undefined ? attention.length : props.attentionTotal} locale={locale} /> : null}
    </section>
  );
}

const STATUS_LABEL = { critical: "statusCritical", warning: "statusWarning", offline: "statusOffline", normal: "statusNormal" } as const;
const STATUS_TEXT = { critical: "text-critical", warning: "text-warning", offline: "text-muted", normal: "text-muted" } as const;

/** What needs attention on the map, as a list: the keyboard's and the screen reader's way in. */
function AttentionList({ rows, total, locale }: { rows: AttentionRow[]; total: number | null; locale: Locale }) {
  return (
    <details className="border-t border-line px-3 py-1.5 text-sm">
      <summary className="cursor-pointer text-xs text-muted">
        {t(locale, "mapList")} ({total ?? "…"})
      </summary>
      <ul data-testid={TEST_IDS.mapList} className="m-0 max-h-48 list-none overflow-y-auto p-0">
        {rows.slice(0, LIST_LIMIT).map((r) => (
          <li key={r.id} className="flex items-center gap-2 py-0.5 text-xs">
            {r.tag ? <span className="w-20 shrink-0 text-muted">{r.tag}</span> : null}
            <button
              type="button"
              disabled={!r.onSelect}
              onClick={r.onSelect}
              className="truncate text-left text-fg underline-offset-2 hover:underline disabled:no-underline"
            >
              {pick(r.name, locale)}
            </button>
            <span className="text-muted">{pick(r.districtName, locale)}</span>
            <span className={`ml-auto ${STATUS_TEXT[r.status]}`}>{t(locale, STATUS_LABEL[r.status])}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * A legend row that shows or hides a layer: its checkbox (none on walls: nobody touches them) and
 * its key (a swatch, a name, a count).
 */
export function LayerToggle({ id, checked, onToggle, children }: { id: string; checked: boolean; onToggle?: (on: boolean) => void; children: ReactNode }) {
  return (
    <label data-layer={id} className="flex cursor-pointer items-center gap-2 text-fg">
      {onToggle ? (
        <input
          type="checkbox"
          data-testid={layerToggleTestId(id)}
          checked={checked}
          onChange={(e) => onToggle(e.target.checked)}
          className="accent-[var(--color-accent)]"
        />
      ) : null}
      {children}
    </label>
  );
}

/** Worst first: the order of the attention list. */
export const STATUS_ORDER: Record<AssetStatus, number> = { critical: 0, warning: 1, offline: 2, normal: 3 };

/**
 * The key to asset status on the map: rings on a page (the body keeps its domain's colour),
 * filled dots on a wall (alarm colours, see layers/assets.ts `recede`).
 */
export function StatusKey({ palette, wall = false, offline = true, className = "" }: { palette: MapPalette; wall?: boolean; offline?: boolean; className?: string }) {
  const { locale } = useView();
  const warning = wall ? palette.alarm.warning : palette.status.warning;
  const critical = wall ? palette.alarm.critical : palette.status.critical;
  const dot = (colour: string) => (wall ? { background: colour } : { border: `2px solid ${colour}` });
  return (
    <p aria-hidden="true" className={`m-0 flex items-center gap-2 text-muted ${className}`}>
      <span className="inline-block size-2.5 rounded-full" style={dot(warning)} />
      {t(locale, "statusWarning")}
      <span className="inline-block size-2.5 rounded-full" style={dot(critical)} />
      {t(locale, "statusCritical")}
      {offline ? (
        <>
          <span className="inline-block size-2.5 rounded-full" style={{ background: palette.status.offline }} />
          {t(locale, "statusOffline")}
        </>
      ) : null}
    </p>
  );
}

/**
 * The map's as-of line: the oldest of the answers it draws (the map is only as current as its
 * oldest layer), marked stale past the limit, while refreshes fail, or while the stream is lost.
 */
export function MapAsOf(props: {
  sources: { data?: { asOf: string }; error?: unknown }[];
  now: number;
  tuning: ReturnType<typeof useLiveTuning>;
  className?: string;
}) {
  const { sources, now, tuning } = props;
  const { locale, timezone } = useView();
  const times = sources.flatMap((s) => (s.data ? [s.data.asOf] : []));
  if (times.length === 0) return null;
  const oldest = times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const age = ageSeconds(oldest, now);
  const failing = sources.some((s) => Boolean(s.error));
  const stale = age > (tuning.staleAfterSeconds ?? 600) || tuning.forceStale === true || (tuning.staleOnError === true && failing);
  return (
    <p data-testid={TEST_IDS.mapAsOf} data-stale={stale ? "true" : "false"} className={`m-0 flex flex-wrap items-center gap-2 text-muted ${props.className ?? "text-xs"}`}>
      {stale ? <StaleBadge ageSeconds={age} locale={locale} /> : null}
      <time dateTime={oldest} className="tabular">
        {t(locale, "asOf")} {formatClock(oldest, timezone, locale)}
      </time>
    </p>
  );
}
