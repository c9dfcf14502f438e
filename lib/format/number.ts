/**
 * Number formatting with units for the two interface languages. English groups thousands and
 * shortens millions to "8.5 M"; Chinese counts in 万 (1e4) and 亿 (1e8), as readers there expect.
 */
import { numberFormat } from "./intl-cache";
import type { Locale } from "@/lib/i18n/locale";

/** A unit symbol, or nothing for dimensionless values (UN/CEFACT C62 is written "1"). */
export type UnitSymbol = string | null | undefined;

const NO_SPACE_UNITS = new Set(["%", "°C", "°", "‰"]);

const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", zh: "zh-CN" };

/** Fraction digits that keep about three significant figures without noise on big numbers. */
export function autoDigits(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  return 2;
}

/** Plain grouped number, e.g. 23,145 or 1.85. */
export function formatNumber(value: number, locale: Locale, digits: number = autoDigits(value)): string {
  return numberFormat(INTL_LOCALE[locale], {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

/**
 * Large counts made short: en "8.5 M", "1.2 B"; zh "850万", "1.2亿".
 * Values below the shortening threshold are formatted in full.
 */
export function formatCompact(value: number, locale: Locale): string {
  const abs = Math.abs(value);
  if (locale === "zh") {
    if (abs >= 1e8) return `${formatNumber(value / 1e8, locale, abs >= 1e10 ? 0 : 1)}亿`;
    if (abs >= 1e4) return `${formatNumber(value / 1e4, locale, abs >= 1e7 ? 0 : 1)}万`;
    return formatNumber(value, locale);
  }
  // A no-break space: "5.4 M" must never wrap between number and M.
  if (abs >= 1e9) return `${formatNumber(value / 1e9, locale, abs >= 1e11 ? 0 : 1)}\u00a0B`;
  if (abs >= 1e6) return `${formatNumber(value / 1e6, locale, abs >= 1e8 ? 0 : 1)}\u00a0M`;
  return formatNumber(value, locale);
}

/**
 * A published statistic as its source writes it, to two decimals of the shortened unit so the
 * published digits survive: en "29.88 M", "780,000"; zh "2988万", "78万", "1.6亿" (no grouping).
 */
export function formatStatistic(value: number, locale: Locale): string {
  const abs = Math.abs(value);
  if (locale === "zh") {
    const plain = (v: number) => numberFormat(INTL_LOCALE.zh, { maximumFractionDigits: 2, useGrouping: false }).format(v);
    if (abs >= 1e8) return `${plain(value / 1e8)}亿`;
    if (abs >= 1e4) return `${plain(value / 1e4)}万`;
    return plain(value);
  }
  if (abs >= 1e6) return `${formatNumber(value / 1e6, locale, 2)}\u00a0M`;
  return formatNumber(value, locale, 2);
}

export interface QuantityParts {
  value: string;
  unit: string;
  /** The whole thing as one string, e.g. "23,145 MW". */
  text: string;
}

function unitText(symbol: UnitSymbol): string {
  return !symbol || symbol === "1" ? "" : symbol;
}

/**
 * Units Chinese officials write in a larger customary unit: grid load is reported in 万千瓦
 * (10 MW), as the power authorities' bulletins do, not in MW.
 */
const ZH_CUSTOMARY: Record<string, { unit: string; per: number }> = { MW: { unit: "万千瓦", per: 10 } };

/** A value and unit as a Chinese reader expects them (22,145 MW → 2,214.5 万千瓦); others as they are. */
export function customaryUnit(value: number, unit: UnitSymbol, locale: Locale): { value: number; unit: UnitSymbol } {
  const c = locale === "zh" && unit ? ZH_CUSTOMARY[unit] : undefined;
  return c ? { value: value / c.per, unit: c.unit } : { value, unit };
}

/**
 * A value with its unit. Large counts are shortened (en from a million: "8.5 M trips";
 * zh from 10万: "48.7万", "850万"); use `compact: false` where precision matters more than glanceability.
 * A missing value is an en dash, never 0.
 */
export function formatQuantity(
  value: number | null | undefined,
  unit: UnitSymbol,
  locale: Locale,
  opts: { compact?: boolean; digits?: number } = {},
): QuantityParts {
  const shown = value === null || value === undefined || !Number.isFinite(value) ? null : customaryUnit(value, unit, locale);
  if (shown && shown.unit && shown.unit !== unit) {
    // As the bulletins write it: "2214.5万千瓦", one decimal, no grouping, no space.
    const v = numberFormat(INTL_LOCALE[locale], { maximumFractionDigits: opts.digits ?? 1, useGrouping: false }).format(shown.value);
    return { value: v, unit: shown.unit, text: `${v}${shown.unit}` };
  }
  const u = unitText(unit);
  let v: string;
  if (value === null || value === undefined || !Number.isFinite(value)) v = "–";
  // Chinese readers count in 万: 48.7万 reads faster than 486,867, so shorten from 10万 on.
  else if ((opts.compact ?? true) && Math.abs(value) >= (locale === "zh" ? 1e5 : 1e6)) v = formatCompact(value, locale);
  else v = formatNumber(value, locale, opts.digits ?? autoDigits(value));
  const joiner = u === "" || NO_SPACE_UNITS.has(u) ? "" : "\u00a0";
  return { value: v, unit: u, text: `${v}${joiner}${u}` };
}
