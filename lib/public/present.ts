/**
 * Words and numbers of the public pages: the same figure reads "22,756 MW" in English and
 * "2.3万 MW" in Chinese, a suppressed count reads "fewer than 11", never a number. Pure.
 */
import { DOMAIN_MODULES } from "@/domains";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime, formatDuration, formatZone } from "@/lib/format/time";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import type { Locale } from "@/lib/i18n/locale";
import type { PublicDistrictCell, PublicFigure } from "./schemas";

/** A count is shown in full in tables (precision over glanceability); headline figures are shortened. */
export function formatValue(value: number | null, unit: string, locale: Locale, compact = true): string {
  return formatQuantity(value, localUnit(unit, locale), locale, { compact }).text;
}

/** Units written in words in Chinese; SI symbols such as MW and km/h read the same in both. */
const ZH_UNITS: Record<string, string> = { min: "分钟", pax: "人次" };

export function localUnit(unit: string, locale: Locale): string {
  return locale === "zh" ? (ZH_UNITS[unit] ?? unit) : unit;
}

/** The text of one district cell: its value, or why there is none. */
export function cellText(cell: PublicDistrictCell, unit: string, locale: Locale): string {
  switch (cell.suppression) {
    case "small":
      return pt(locale, "fewerThan11");
    case "secondary":
      return pt(locale, "secondary");
    case "few":
      return pt(locale, "tooFew");
    default:
      return formatValue(cell.value, unit, locale, false);
  }
}

export function figureText(f: PublicFigure, locale: Locale): string {
  if (f.value === null && f.suppression) return pt(locale, "withheld");
  return formatValue(f.value, f.definition.unit.symbol, locale);
}

/** "15 Jul 11:50 GMT+8" / "7月15日 11:50 北京时间", in the city's zone. */
export function asOfText(t: string, timeZone: string, locale: Locale): string {
  return `${formatDateTime(t, timeZone, locale)} ${formatZone(t, timeZone, locale)}`;
}

/** "every 5 min" / "每 5分钟". */
export function cadenceText(seconds: number, locale: Locale): string {
  return pt(locale, "cadenceEvery", { every: formatDuration(seconds, locale) });
}

/** "Usual at this time: 19,800 to 23,400 MW", or one value when every earlier day agreed. */
export function usualText(f: PublicFigure, locale: Locale): string {
  const u = f.usual;
  if (!u) return ppt(locale, "usualNone");
  const unit = f.definition.unit.symbol;
  if (u.low === u.high) return ppt(locale, "usualOne", { value: formatValue(u.low, unit, locale) });
  // One unit after the range ("19,800 to 23,400 MW"), not after both ends.
  return ppt(locale, "usualRange", { low: formatValue(u.low, "", locale), high: formatValue(u.high, unit, locale) });
}

/** How now compares with what is usual, in words, or null when there is nothing to compare. */
export function verdictText(f: PublicFigure, locale: Locale): string | null {
  const u = f.usual;
  if (!u?.verdict || f.value === null) return null;
  if (u.verdict === "usual") return ppt(locale, "verdictUsual");
  const higher = f.value > u.high;
  const better = u.verdict === "better";
  return ppt(locale, higher ? (better ? "higherBetter" : "higherWorse") : better ? "lowerBetter" : "lowerWorse");
}

/**
 * The registry's domains in running text, "energy, transport, … and logistics" / "能源、交通、…和物流"
 * (`or` / `或` as a `disjunction`), so no page or dictionary names a fixed set of domains.
 */
export function domainList(locale: Locale, type: "conjunction" | "disjunction" = "conjunction"): string {
  const names = DOMAIN_MODULES.map((m) => (locale === "zh" ? m.name.zh : m.name.en.toLowerCase()));
  return new Intl.ListFormat(locale === "zh" ? "zh-CN" : "en", { type }).format(names);
}
