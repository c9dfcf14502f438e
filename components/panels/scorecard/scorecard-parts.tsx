"use client";
/**
 * Pieces both scorecard tables share: a value cell (number, level in words, rank, sparkline, a
 * link to the department page with the district selected) and the column heading with its unit.
 * Colour is never the only carrier: the level is written beside the number, and the rank and the
 * sparkline's range are in the cell's text for screen readers.
 */
import Link from "next/link";
import { formatNumber } from "@/lib/format/number";
import { numberFormat } from "@/lib/format/intl-cache";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { sct } from "@/lib/i18n/scorecard-messages";
import type { Level } from "@/lib/views/department/map-scale";
import { MISSING, ordinal, sparkPaths, sparkRange, type ScorecardCell, type ScorecardColumn } from "@/lib/views/scorecard/view";
import { DOMAIN_MODULES } from "@/domains";

const LEVEL_WORD = { normal: "statusNormal", warning: "statusWarning", critical: "statusCritical" } as const;

export function levelWord(level: Level, locale: Locale): string {
  return t(locale, LEVEL_WORD[level]);
}

/** The unit as a heading shows it ("" for a plain index). */
export function unitOf(column: ScorecardColumn): string {
  return column.unit === "1" ? "" : column.unit;
}

/** The value at the indicator's fixed decimals ("58.0", not "58", beside "58.5"). */
export function valueText(cell: ScorecardCell, column: ScorecardColumn, locale: Locale): string {
  if (cell.shown === null) return MISSING;
  return numberFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    minimumFractionDigits: column.digits,
    maximumFractionDigits: column.digits,
  }).format(cell.shown);
}

const SPARK_W = 56;
const SPARK_H = 16;

/** A 24-hour sparkline, drawn in the text colour (the cell's level fill is behind it). */
export function Sparkline({ values }: { values: readonly (number | null)[] }) {
  const paths = sparkPaths(values, SPARK_W, SPARK_H);
  return (
    <svg width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} aria-hidden="true" className="shrink-0 overflow-visible">
      {paths.map((p) => (
        <polyline key={p} points={p} fill="none" stroke="currentColor" strokeWidth={1.25} strokeLinejoin="round" />
      ))}
    </svg>
  );
}

/** Words a screen reader reads after the number and level: unit, rank, the 24 hours' range. */
function spokenDetail(cell: ScorecardCell, column: ScorecardColumn, locale: Locale): string {
  const parts: string[] = [];
  const unit = unitOf(column);
  if (cell.shown === null) return sct(locale, "noValue");
  if (unit) parts.push(unit);
  if (cell.rank !== null) parts.push(sct(locale, "rankOf", { rank: ordinal(cell.rank, locale), n: cell.of }));
  const r = sparkRange(cell.spark);
  if (r)
    parts.push(sct(locale, "spark", { min: formatNumber(r.min, locale, column.digits), max: formatNumber(r.max, locale, column.digits) }));
  return parts.join(", ");
}

/** The department page of a column's domain, with the district selected (none: the city). */
export function departmentHref(column: ScorecardColumn, district: string | null, locale: Locale): string {
  const q = [district ? `district=${encodeURIComponent(district)}` : null, locale === "zh" ? "lang=zh" : null].filter(Boolean).join("&");
  return `/${column.domain}${q ? `?${q}` : ""}`;
}

export function departmentName(column: ScorecardColumn, locale: Locale): string {
  const m = DOMAIN_MODULES.find((d) => d.id === column.domain);
  return m ? pick(m.department, locale) : column.domain;
}

/**
 * One value cell: its level fill (the department maps' colours, with black text: at least 5:1 on
 * each of them), the number, the level word, the rank and the sparkline. The whole cell is the
 * link to the department page with the district selected.
 */
export function ValueCell({
  cell,
  column,
  district,
  districtName,
  locale,
  showRank = true,
}: {
  cell: ScorecardCell;
  column: ScorecardColumn;
  /** null: the city row. */
  district: string | null;
  districtName: string;
  locale: Locale;
  showRank?: boolean;
}) {
  const level = cell.level;
  const filled = level !== null;
  return (
    <td
      data-metric={column.metric}
      data-district={district ?? "city"}
      data-level={level ?? "none"}
      className={`scorecard-level-${level ?? "none"} border border-line p-0 align-top`}
      style={filled ? { backgroundColor: cell.colour ?? undefined } : undefined}
    >
      <Link
        href={departmentHref(column, district, locale)}
        title={sct(locale, "open", { department: departmentName(column, locale), district: districtName })}
        className={`flex min-w-0 flex-col gap-0.5 px-2 py-1 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-accent ${filled ? "text-black" : "text-fg"} hover:underline`}
      >
        <span className="flex items-baseline gap-1.5 whitespace-nowrap">
          <span data-testid="scorecard-value" className="tabular text-sm font-semibold">
            {valueText(cell, column, locale)}
          </span>
          {level ? (
            <span data-testid="scorecard-level" className="text-[11px] leading-none">
              {levelWord(level, locale)}
            </span>
          ) : null}
          {showRank && cell.rank !== null ? (
            <span aria-hidden="true" data-testid="scorecard-rank" className="tabular ml-auto text-[11px] leading-none">
              {sct(locale, "rankShort", { rank: cell.rank })}
            </span>
          ) : null}
        </span>
        <Sparkline values={cell.spark} />
        <span className="sr-only">{spokenDetail(cell, column, locale)}</span>
      </Link>
    </td>
  );
}

/** A column heading's second line: the unit and which way is better. */
export function ColumnNote({ column, locale }: { column: ScorecardColumn; locale: Locale }) {
  const unit = unitOf(column);
  const better = sct(locale, column.better === "lower" ? "lowerBetter" : "higherBetter");
  return (
    <span className="block text-[11px] font-normal text-muted">
      {unit ? `${unit} · ` : ""}
      {better}
    </span>
  );
}
