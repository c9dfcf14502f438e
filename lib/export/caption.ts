/**
 * What an exported chart says about itself, drawn into the image and written into its text
 * chunks: title and district, period in city time with the zone, comparison, unit, source,
 * as-of, and — for simulated data — the simulated label. Pure, so the words are tested.
 */
import { formatDateTime, formatZone } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import type { CaptionLine } from "./png";

export interface CaptionInput {
  title: string;
  /** District name, or the whole city. */
  scope: string;
  window: { from: Date; to: Date };
  timezone: string;
  unit: string | null;
  /** "vs last week", or absent without a comparison. */
  comparison?: string;
  source: string;
  asOf: string | undefined;
  simulated: boolean;
}

export function captionLines(c: CaptionInput, locale: Locale): CaptionLine[] {
  const when = (d: Date | string) => formatDateTime(d, c.timezone, locale);
  const sep = " · ";
  const title = c.title.includes(c.scope) ? c.title : `${c.title}${sep}${c.scope}`;
  const period = `${ot(locale, "captionPeriod")}: ${ot(locale, "windowSummary", { from: when(c.window.from), to: when(c.window.to) })} (${formatZone(c.window.to, c.timezone)})`;
  const facts = [
    c.unit && c.unit !== "1" ? `${ot(locale, "explainUnit")}: ${c.unit}` : null,
    `${ot(locale, "explainSource")}: ${c.source}`,
    c.asOf ? `${t(locale, "asOf")} ${when(c.asOf)}` : null,
  ].filter((x): x is string => x !== null);
  return [
    { text: title, tone: "title" },
    { text: c.comparison ? `${period}${sep}${c.comparison}` : period },
    { text: facts.join(sep) },
    ...(c.simulated ? [{ text: `${t(locale, "simulated")}: ${t(locale, "simulatedHint")}`, tone: "alert" as const }] : []),
  ];
}

/** The same facts as PNG text chunks (standard keywords: Title, Description, Source, Warning…). */
export function captionText(c: CaptionInput, locale: Locale): Record<string, string> {
  const lines = captionLines(c, locale);
  return {
    Title: lines[0]!.text,
    Description: lines
      .slice(1)
      .map((l) => l.text)
      .join("\n"),
    Source: c.source,
    ...(c.asOf ? { "Creation Time": c.asOf } : {}),
    ...(c.simulated ? { Warning: t(locale, "simulated") } : {}),
    Software: "TwinOps",
  };
}
