import { ChartTable } from "@/components/charts/chart-table";
import { trendChartTable, trendSummary } from "@/components/charts/summary";
import type { TrendFrame } from "@/lib/views/department/frames";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import type { PublicHourly } from "@/lib/public/schemas";
import { Downloads } from "./downloads";
import { HourlyChart } from "./hourly-chart";

/** Frame the shared chart builders and text alternatives understand. */
export function hourlyFrame(h: PublicHourly, timeZone: string): TrendFrame {
  return {
    kind: "trend",
    unit: h.unit.symbol,
    timezone: timeZone,
    t: h.t,
    series: [{ id: h.id, name: h.title, values: h.values, role: "actual" }],
  };
}

/** Last 24 hours: a text summary, the chart (enhancement) and the full data table, in that order. */
export function HourlyBlock({ hourly, locale, timeZone }: { hourly: PublicHourly; locale: Locale; timeZone: string }) {
  const frame = hourlyFrame(hourly, timeZone);
  const title = pick(hourly.title, locale);
  const table = trendChartTable(frame, title, locale);
  return (
    <section aria-labelledby={`h-${hourly.id}`} className="mt-8" data-testid={`public-hourly-${hourly.id}`}>
      <h3 id={`h-${hourly.id}`} className="text-lg font-semibold">
        {title} · {pt(locale, "last24h")}
      </h3>
      <p className="mt-1 text-sm" data-testid="public-hourly-summary">
        {trendSummary(frame, title, locale)}
      </p>
      <HourlyChart frame={frame} title={title} locale={locale} />
      <details className="mt-2">
        <summary className="public-link cursor-pointer text-sm">{table.caption}: {pt(locale, "hour")} / {pt(locale, "value")}</summary>
        <div className="mt-2 overflow-x-auto">
          <ChartTable table={table} className="public-table" captionClassName="sr-only" valueClassName="tabular text-right" />
        </div>
      </details>
      <Downloads id={hourly.id} title={title} locale={locale} />
    </section>
  );
}
