/**
 * What a notification says, in English or 简体中文 (the channel chooses): the alarm, its
 * severity, asset, district, value with unit, the time with its UTC offset in the city's zone,
 * and a link to the alarm in TwinOps. Pure: the payload is a snapshot taken when the notification
 * was queued, so a retry an hour later says what the first attempt said.
 */
import { zoneOffsetMs } from "@/lib/format/zone";
import { nameOf } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import type { AlertSeverity, Domain, LocalizedText } from "@/lib/twin/types";
import type { NotifyKind } from "./schemas";

/** The alarm as the notification shows it, resolved (names, unit, link) when queued. */
export interface AlarmSnapshot {
  id: string;
  severity: AlertSeverity;
  domain: Domain;
  /** Alert rule id (`feederOverload`, …). */
  rule: string;
  description: LocalizedText;
  assetId: string;
  assetName: LocalizedText;
  district: string;
  districtName: LocalizedText;
  value: number;
  threshold: number;
  unit: string;
  /** ISO 8601 start of the alarm. */
  start: string;
  /** IANA zone of the city, for the time shown. */
  timeZone: string;
  link: string;
}

export interface NotifyPayload {
  kind: NotifyKind;
  /** Null for a test notification. */
  alarm: AlarmSnapshot | null;
  /** For `unacknowledged`: the minutes it stayed unacknowledged. */
  minutes?: number | undefined;
  /** For `test`: who asked for it. */
  requestedBy?: string | undefined;
  /** When it was queued (ISO 8601). */
  queuedAt: string;
}

export interface RenderedMessage {
  /** One line: subject of an e-mail, title of a robot card. */
  title: string;
  /** Label and value pairs, in order. */
  fields: [string, string][];
  link: string | null;
}

/**
 * Units of the values alert rules measure (rules.ts `measure`), by rule id. The congestion index is
 * a dimensionless number.
 */
const RULE_UNITS: Record<string, string> = { feederOverload: "%", bedOccupancy: "%", dustExceedance: "µg/m³", congestion: "" };
export const ruleUnit = (rule: string) => RULE_UNITS[rule] ?? "";

/** Severity words: English as the API spells them, Chinese in the customary alarm levels. */
const SEVERITY: Record<AlertSeverity, LocalizedText> = {
  critical: { en: "Critical", zh: "紧急" },
  major: { en: "Major", zh: "重要" },
  minor: { en: "Minor", zh: "次要" },
  info: { en: "Info", zh: "提示" },
};

const LABELS = {
  en: { alarm: "Alarm", severity: "Severity", asset: "Asset", district: "District", domain: "Domain", value: "Value", threshold: "Threshold", since: "Since", link: "Open in TwinOps", requested: "Requested by", queued: "Queued" },
  zh: { alarm: "告警", severity: "级别", asset: "设施", district: "辖区", domain: "领域", value: "数值", threshold: "阈值", since: "发生时间", link: "在 TwinOps 中查看", requested: "发起人", queued: "时间" },
} as const;

/** "2026-12-07 08:05:00 +08:00": the instant in `timeZone`, with its offset from UTC. */
export function formatWithOffset(iso: string, timeZone: string): string {
  const t = new Date(iso);
  const offset = zoneOffsetMs(t, timeZone);
  // The wall-clock time in the zone, read off a UTC rendering shifted by the offset.
  const local = new Date(Math.floor(t.getTime() / 1000) * 1000 + offset).toISOString();
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `${local.slice(0, 10)} ${local.slice(11, 19)} ${offset < 0 ? "-" : "+"}${hhmm}`;
}

const withUnit = (v: number, unit: string) => (unit ? `${v} ${unit}` : String(v));

/** The link to an alarm in TwinOps: its asset's page, with the alarm selected. */
export function alarmLink(baseUrl: string, assetId: string, alertId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/assets/${encodeURIComponent(assetId)}?alert=${encodeURIComponent(alertId)}`;
}

function title(p: NotifyPayload, locale: Locale): string {
  const a = p.alarm;
  if (!a) return locale === "zh" ? "TwinOps 测试通知" : "TwinOps test notification";
  const sev = SEVERITY[a.severity][locale];
  const what = a.description[locale];
  if (locale === "zh") {
    if (p.kind === "unacknowledged") return `【${sev}】告警已 ${p.minutes ?? "?"} 分钟未确认：${what}`;
    if (p.kind === "escalated") return `【${sev}】告警升级：${what}`;
    return `【${sev}】新告警：${what}`;
  }
  if (p.kind === "unacknowledged") return `[${sev}] Unacknowledged for ${p.minutes ?? "?"} min: ${what}`;
  if (p.kind === "escalated") return `[${sev}] Alarm escalated: ${what}`;
  return `[${sev}] New alarm: ${what}`;
}

export function renderMessage(p: NotifyPayload, locale: Locale): RenderedMessage {
  const L = LABELS[locale];
  const a = p.alarm;
  if (!a) {
    return {
      title: title(p, locale),
      fields: [
        [L.requested, p.requestedBy ?? "–"],
        [L.queued, formatWithOffset(p.queuedAt, "UTC")],
      ],
      link: null,
    };
  }
  return {
    title: title(p, locale),
    fields: [
      [L.alarm, a.id],
      [L.severity, SEVERITY[a.severity][locale]],
      [L.asset, `${a.assetName[locale]} (${a.assetId})`],
      [L.district, a.districtName[locale]],
      [L.domain, nameOf(locale, "domain", a.domain)],
      [L.value, withUnit(a.value, a.unit)],
      [L.threshold, withUnit(a.threshold, a.unit)],
      [L.since, formatWithOffset(a.start, a.timeZone)],
    ],
    link: a.link,
  };
}

/** Plain text: title, one "label: value" line per field, the link. */
export function plainText(m: RenderedMessage, locale: Locale): string {
  const colon = locale === "zh" ? "：" : ": ";
  const lines = [m.title, "", ...m.fields.map(([k, v]) => `${k}${colon}${v}`)];
  if (m.link) lines.push("", `${LABELS[locale].link}${colon}${m.link}`);
  return lines.join("\n");
}

/** Markdown (the subset WeCom and DingTalk robots render: headings, bold, links). */
export function markdownText(m: RenderedMessage, locale: Locale): string {
  const colon = locale === "zh" ? "：" : ": ";
  const lines = [`### ${m.title}`, ...m.fields.map(([k, v]) => `> **${k}**${colon}${v}`)];
  if (m.link) lines.push("", `[${LABELS[locale].link}](${m.link})`);
  return lines.join("\n");
}
