/**
 * Times are always shown in the city's own time zone (a Shenzhen wall in a Berlin office still
 * shows Shenzhen time), and ages are short and language-aware ("2 min ago", "2分钟前").
 */
import type { Locale } from "@/lib/i18n/locale";
import { dateTimeFormat } from "./intl-cache";

const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", zh: "zh-CN" };

/** IANA zones that keep China Standard Time (all of mainland China, whatever the city). */
const CHINA_ZONES = new Set(["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"]);

function toDate(t: string | Date | number): Date {
  return t instanceof Date ? t : new Date(t);
}

/** "14:05" in the city's zone. */
export function formatClock(t: string | Date | number, timeZone: string, locale: Locale, seconds = false): string {
  return dateTimeFormat(INTL_LOCALE[locale], {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: seconds ? "2-digit" : undefined,
    hourCycle: "h23",
  }).format(toDate(t));
}

/** "24 Nov 14:05" (en) / "11月24日 14:05" (zh) in the city's zone. */
export function formatDateTime(t: string | Date | number, timeZone: string, locale: Locale): string {
  const d = toDate(t);
  const date = dateTimeFormat(INTL_LOCALE[locale], { timeZone, day: "numeric", month: "short" }).format(d);
  return `${date} ${formatClock(d, timeZone, locale)}`;
}

/**
 * "2026-07-15 14:05:00+08:00": the city's local time with its UTC offset, for files people open
 * in a spreadsheet (readable, and still one exact instant).
 */
export function formatLocalIso(t: string | Date | number, timeZone: string): string {
  const parts = dateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(toDate(t));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? "";
  const zone = p("timeZoneName").replace(/^GMT/, "");
  return `${p("year")}-${p("month")}-${p("day")} ${p("hour")}:${p("minute")}:${p("second")}${zone === "" ? "+00:00" : zone}`;
}

/**
 * Short label of the zone at that instant: "GMT+8" in English; in Chinese the name people use,
 * 北京时间 for China's zone (UTC+8 without daylight saving), else "GMT+8" as well.
 */
export function formatZone(t: string | Date | number, timeZone: string, locale: Locale = "en"): string {
  if (locale === "zh" && CHINA_ZONES.has(timeZone)) return "北京时间";
  const parts = dateTimeFormat("en-GB", { timeZone, timeZoneName: "short" }).formatToParts(toDate(t));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** Whole seconds from `then` to `now`, never negative (clocks of server and browser differ a little). */
export function ageSeconds(then: string | Date | number, now: Date | number): number {
  const ms = (now instanceof Date ? now.getTime() : now) - toDate(then).getTime();
  return Math.max(0, Math.floor(ms / 1000));
}

/** A short duration: "45 s", "12 min", "3 h", "2 d" / "45秒", "12分钟", "3小时", "2天". */
export function formatDuration(seconds: number, locale: Locale): string {
  const s = Math.max(0, Math.floor(seconds));
  const zh = locale === "zh";
  if (s < 60) return zh ? `${s}秒` : `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return zh ? `${min}分钟` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return zh ? `${h}小时` : `${h} h`;
  const d = Math.floor(h / 24);
  return zh ? `${d}天` : `${d} d`;
}

/** "just now", "2 min ago", "3 h ago" / "刚刚", "2分钟前". */
export function formatAge(seconds: number, locale: Locale): string {
  if (seconds < 10) return locale === "zh" ? "刚刚" : "just now";
  return locale === "zh" ? `${formatDuration(seconds, locale)}前` : `${formatDuration(seconds, locale)} ago`;
}
