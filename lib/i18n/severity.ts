/**
 * The one alarm severity vocabulary of TwinOps: API codes (`critical` … `info`), the words every
 * screen, wall and export shows, and the level number and colour the Chinese words go with.
 *
 * Chinese city operations centres grade monitoring alarms in four levels, level 1 the highest,
 * and colour them red, orange, yellow and blue as the national early-warning signals do. The
 * words 紧急 / 严重 / 一般 / 提示 are the customary alarm words of such platforms; the
 * 特别重大 / 重大 / 较大 / 一般 grades of the Emergency Response Law are for declared incidents,
 * which a sensor alarm is not, so they are not used here.
 */
import type { AlertSeverity } from "@/lib/twin/types";

export interface SeverityWords {
  en: string;
  zh: string;
  /** 1 (highest) to 4. */
  level: 1 | 2 | 3 | 4;
  colour: { en: string; zh: string };
}

export const SEVERITY: Record<AlertSeverity, SeverityWords> = {
  critical: { en: "Critical", zh: "紧急", level: 1, colour: { en: "red", zh: "红色" } },
  major: { en: "Major", zh: "严重", level: 2, colour: { en: "orange", zh: "橙色" } },
  minor: { en: "Minor", zh: "一般", level: 3, colour: { en: "yellow", zh: "黄色" } },
  info: { en: "Info", zh: "提示", level: 4, colour: { en: "blue", zh: "蓝色" } },
};

/** The name shown for a severity (`pick(SEVERITY_NAME[s], locale)`). */
export const SEVERITY_NAME: Record<AlertSeverity, { en: string; zh: string }> = {
  critical: { en: SEVERITY.critical.en, zh: SEVERITY.critical.zh },
  major: { en: SEVERITY.major.en, zh: SEVERITY.major.zh },
  minor: { en: SEVERITY.minor.en, zh: SEVERITY.minor.zh },
  info: { en: SEVERITY.info.en, zh: SEVERITY.info.zh },
};

/** "Level 1 · Critical" / "一级 · 紧急": the long form (legends, exports). */
export function severityLong(s: AlertSeverity, locale: "en" | "zh"): string {
  const w = SEVERITY[s];
  return locale === "zh" ? `${"一二三四"[w.level - 1]}级 · ${w.zh}` : `Level ${w.level} · ${w.en}`;
}
