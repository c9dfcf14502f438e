"use client";
import { formatDuration } from "@/lib/format/time";
import { t } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locale";

/** Amber "stale · 12 min" mark: old data is shown, but never as if it were current. */
export function StaleBadge({ ageSeconds, locale }: { ageSeconds: number; locale: Locale }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-sm border border-warning/60 bg-warning/10 px-1.5 py-px text-xs font-medium text-warning">
      <span aria-hidden="true">◷</span>
      {t(locale, "staleFor", { age: formatDuration(ageSeconds, locale) })}
    </span>
  );
}
