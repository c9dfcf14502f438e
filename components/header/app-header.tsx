"use client";
/**
 * The command-center header: city (en + 中文), the city's local time, how fresh the data is,
 * whether it is simulated, and whether the live stream is up.
 */
import Link from "next/link";
import { useLive } from "@/components/live/live-context";
import { useTwinNow, useView } from "@/components/live/view-context";
import { newestDataAsOf } from "@/lib/views/overview/freshness";
import { useKpis } from "@/lib/twin-client/hooks";
import { formatClock, formatDateTime, formatZone } from "@/lib/format/time";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS } from "@/lib/test-ids";
import { ConnectionBadge } from "./connection-badge";
import { SectionNav, useOtherLanguageHref } from "./section-nav";
import { SessionMenu } from "./session-menu";

export function AppHeader() {
  const { locale, timezone, city, simulated, empty, session } = useView();
  const { lastDataAt } = useLive();
  // The same key the energy panel uses: no extra request, and it moves on with every refresh.
  // (A viewer scoped to other domains reads its first one.)
  const { data: kpis } = useKpis({ domain: session?.domains[0] ?? "energy" });
  const now = useTwinNow(1000);
  // Data times only (KPI values, stream events), never the response's fetch time: a frozen
  // simulator must not look live. The seeded energy KPIs give the server-rendered value.
  const asOf = newestDataAsOf(kpis?.kpis ?? [], [lastDataAt]);
  const otherLang = locale === "zh" ? "en" : "zh";
  const otherLangHref = useOtherLanguageHref();
  return (
    <header data-testid={TEST_IDS.header} className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-line bg-surface px-4 py-2">
      <div className="flex items-baseline gap-3">
        <span className="text-xs font-semibold tracking-[0.2em] text-muted uppercase">{t(locale, "appName")}</span>
        <h1 data-testid={TEST_IDS.cityName} className="text-lg font-semibold text-fg">
          <span lang="en">{city.name.en}</span> <span lang="zh-Hans">{city.name.zh}</span>
        </h1>
        <span className="hidden text-sm text-muted md:inline">{t(locale, "commandCenter")}</span>
      </div>
      <SectionNav />
      <dl className="m-0 flex flex-wrap items-center gap-x-5 gap-y-1 text-sm">
        <div className="flex items-baseline gap-1.5">
          <dt className="text-xs text-muted">{t(locale, "localTime")}</dt>
          <dd className="tabular m-0 font-medium text-fg" data-testid={TEST_IDS.localTime}>
            <time dateTime={new Date(now).toISOString()} suppressHydrationWarning>
              {formatDateTime(now, timezone, locale)}:{formatClock(now, timezone, locale, true).slice(-2)}
            </time>{" "}
            <span className="text-xs text-muted">{formatZone(now, timezone, locale)}</span>
          </dd>
        </div>
        <div className="flex items-baseline gap-1.5">
          <dt className="text-xs text-muted">{t(locale, "dataAsOf")}</dt>
          <dd className="tabular m-0 text-fg" data-testid={TEST_IDS.dataAsOf}>
            {asOf ? <time dateTime={asOf}>{formatClock(asOf, timezone, locale, true)}</time> : "–"}
          </dd>
        </div>
      </dl>
      <div className="ml-auto flex items-center gap-3">
        {empty ? (
          <span data-testid={TEST_IDS.noData} role="status" className="rounded-sm border border-warning/60 bg-warning/10 px-2 py-0.5 text-xs font-medium text-fg">
            {t(locale, "noDataYet")}
          </span>
        ) : null}
        {simulated ? (
          <span
            data-testid={TEST_IDS.simulatedBadge}
            title={t(locale, "simulatedHint")}
            className="rounded-sm border border-accent/60 bg-accent/10 px-2 py-0.5 text-xs font-medium text-accent"
          >
            {t(locale, "simulated")}
          </span>
        ) : null}
        <ConnectionBadge />
        <Link data-testid="language-switch" href={otherLangHref} hrefLang={otherLang === "zh" ? "zh-Hans" : "en"} className="text-xs text-muted underline-offset-2 hover:text-fg hover:underline">
          {t(locale, "language")}
        </Link>
        <SessionMenu />
      </div>
    </header>
  );
}
