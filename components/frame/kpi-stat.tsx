"use client";
/** One headline number: name, value with unit, change against the chosen comparison, status and staleness. */
import type { ReactNode } from "react";
import { changePercent, changeText } from "@/components/panels/department/comparison";
import { formatQuantity } from "@/lib/format/number";
import { formatClock, formatDateTime } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { kpiChangeTestId, kpiTestId } from "@/lib/test-ids";
import type { KpiValue } from "@/lib/twin/types";

const STATUS_CLASS: Record<KpiValue["status"], string> = {
  ok: "bg-ok",
  warning: "bg-warning",
  critical: "bg-critical",
  unknown: "bg-offline",
};

/**
 * What a KPI's change is measured against: the value at the compared time and the words that say
 * so on screen ("vs last week"). Without one, the API's `previous`: the same time yesterday.
 */
export interface KpiComparison {
  previous: number | null;
  label: string;
}

export function defaultComparison(kpi: KpiValue, locale: Locale): KpiComparison {
  return { previous: kpi.previous, label: t(locale, "vsYesterday") };
}

/** Change against the comparison, e.g. "▲ 6.1%"; colour says whether that is good. */
export function trend(kpi: KpiValue, locale: Locale, previous: number | null = kpi.previous): { text: string; good: boolean | null } | null {
  return changeText(changePercent(kpi.value, previous), kpi.definition.better, locale);
}

/**
 * `action` (e.g. an "explain" button) sits beside the KPI's name. With `timezone`, the value's own
 * as-of time is shown under it (department strips mix 5-second and 15-minute figures).
 * `comparison`: what the change is against (the department view's choice); its words are always
 * on screen — a bare "▲ 6.1%" does not say against what.
 */
export function KpiStat({
  kpi,
  locale,
  action,
  timezone,
  comparison = defaultComparison(kpi, locale),
}: {
  kpi: KpiValue;
  locale: Locale;
  action?: ReactNode;
  timezone?: string;
  comparison?: KpiComparison;
}) {
  const q = formatQuantity(kpi.value, kpi.definition.unit.symbol, locale);
  const tr = trend(kpi, locale, comparison.previous);
  return (
    <div className="min-w-0" title={pick(kpi.definition.definition, locale)}>
      <dt className="flex items-start gap-1.5 text-xs leading-tight text-muted">
        <span aria-hidden="true" className={`mt-1 inline-block size-2 shrink-0 rounded-full ${STATUS_CLASS[kpi.status]}`} />
        <span className="line-clamp-3 2xl:line-clamp-2">{pick(kpi.definition.name, locale)}</span>
        {action ? <span className="ml-auto">{action}</span> : null}
      </dt>
      <dd className="m-0">
        <span
          data-testid={kpiTestId(kpi.definition.id)}
          data-stale={kpi.stale ? "true" : "false"}
          className={`tabular flex flex-wrap items-baseline gap-x-0.5 text-lg leading-tight font-semibold 2xl:text-xl ${kpi.stale ? "text-muted" : "text-fg"}`}
        >
          {/* On a narrow laptop column the unit wraps under the number instead of running into the next figure. */}
          <span className="whitespace-nowrap">{q.value}</span>
          {q.unit ? <span className="text-xs font-normal whitespace-nowrap text-muted">{q.unit}</span> : null}
          {kpi.stale ? <span className="sr-only"> ({t(locale, "stale")})</span> : null}
        </span>
        {tr ? (
          <span
            data-testid={kpiChangeTestId(kpi.definition.id)}
            className={`tabular block text-xs ${tr.good === null ? "text-muted" : tr.good ? "text-ok" : "text-warning"}`}
          >
            {tr.text}
            <span className="text-muted"> {comparison.label}</span>
          </span>
        ) : null}
        {timezone ? (
          <time dateTime={kpi.asOf} title={formatDateTime(kpi.asOf, timezone, locale)} className="tabular block text-xs text-muted">
            {t(locale, "asOf")} {formatClock(kpi.asOf, timezone, locale)}
          </time>
        ) : null}
        {kpi.status !== "ok" && kpi.status !== "unknown" ? (
          <span className="sr-only">{t(locale, kpi.status === "critical" ? "statusCritical" : "statusWarning")}</span>
        ) : null}
      </dd>
    </div>
  );
}

/** Tile colours by the KPI's thresholds: the whole tile says "fine", "warning" or "critical". */
const TILE_CLASS: Record<KpiValue["status"], string> = {
  ok: "border-ok bg-[color-mix(in_srgb,var(--color-ok)_12%,var(--color-surface-2))]",
  warning: "border-warning bg-[color-mix(in_srgb,var(--color-warning)_32%,var(--color-surface-2))]",
  critical: "border-critical bg-[color-mix(in_srgb,var(--color-critical)_40%,var(--color-surface-2))]",
  unknown: "border-offline bg-surface-2",
};

const STATUS_WORD = { ok: "statusNormal", warning: "statusWarning", critical: "statusCritical", unknown: "statusOffline" } as const;

/**
 * One KPI on a wall, read from across the room: a tile coloured by the KPI's thresholds (with the
 * status in words, never colour alone), the value sized to its tile's width (container query
 * units, so it grows with the screen and with a multi-screen tile), its unit beside it.
 * `headline`: the panel's first figure, drawn largest.
 */
export function KpiTile({ kpi, locale, headline = false }: { kpi: KpiValue; locale: Locale; headline?: boolean }) {
  const q = formatQuantity(kpi.value, kpi.definition.unit.symbol, locale);
  const tr = headline ? trend(kpi, locale) : null;
  const alarm = kpi.status === "warning" || kpi.status === "critical";
  return (
    <div
      data-kpi-status={kpi.status}
      className={`wall-kpi min-w-0 rounded-sm border-l-[0.4rem] px-[0.6rem] py-[0.2rem] ${TILE_CLASS[kpi.status]} ${headline ? "wall-kpi-headline" : ""}`}
    >
      <dt className="flex items-baseline gap-[0.5em] text-[1.1rem] leading-tight text-fg">
        <span className="min-w-0 truncate">{pick(kpi.definition.name, locale)}</span>
        {alarm ? (
          <span className={`ml-auto shrink-0 font-bold uppercase ${kpi.status === "critical" ? "text-critical" : "text-warning"}`}>
            {/* A narrow tile keeps its name readable: the word becomes a sign (wall.css). */}
            <span className="wall-kpi-word">{t(locale, STATUS_WORD[kpi.status])}</span>
            <span className="wall-kpi-sign" aria-hidden="true">
              ⚠
            </span>
          </span>
        ) : null}
      </dt>
      <dd className="m-0 flex items-baseline gap-[0.5em] overflow-hidden whitespace-nowrap">
        <span
          data-testid={kpiTestId(kpi.definition.id)}
          data-stale={kpi.stale ? "true" : "false"}
          className={`wall-kpi-value tabular shrink-0 font-bold leading-[1.05] ${kpi.stale ? "text-muted" : "text-fg"}`}
        >
          {q.value}
          {q.unit ? <span className="wall-kpi-unit ml-[0.15em] font-semibold text-fg/80">{q.unit}</span> : null}
          {kpi.stale ? <span className="sr-only"> ({t(locale, "stale")})</span> : null}
        </span>
        {tr ? (
          <span className={`wall-kpi-trend tabular ml-auto min-w-0 truncate text-[1.1rem] ${tr.good === null ? "text-muted" : tr.good ? "text-ok" : "text-warning"}`}>
            {tr.text} <span className="text-muted">{t(locale, "vsYesterday")}</span>
          </span>
        ) : null}
      </dd>
    </div>
  );
}

/** Skeleton with the geometry of a row of KPI stats. */
export function KpiStatsSkeleton({ count }: { count: number }) {
  return (
    <div className="grid gap-3" style={{ gridTemplateColumns: `repeat(${count}, minmax(0, 1fr))` }}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="flex flex-col gap-1.5">
          <div className="skeleton h-3 w-3/4" />
          <div className="skeleton h-7 w-2/3" />
          <div className="skeleton h-3 w-1/2" />
        </div>
      ))}
    </div>
  );
}
