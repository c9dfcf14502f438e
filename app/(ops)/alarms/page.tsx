/**
 * The alarm history: every alarm the caller may read, filtered by domain, district, severity,
 * state and time (all in the URL), paged, with response times and a CSV download, and the
 * operators' actions on each row. A Server Component seeding the list's SWR keys.
 */
import type { Metadata } from "next";
import { AlarmHistory } from "@/components/alarms/alarm-history";
import { AppHeader } from "@/components/header/app-header";
import { OfflineBanner } from "@/components/header/connection-badge";
import { pagePath, requirePage, sessionView } from "@/lib/auth/page";
import { scopeOf } from "@/lib/auth/scope";
import { getHistoryPage } from "@/lib/views/alarms/server";
import { historyHref } from "@/lib/views/alarms/view";
import { renderClock } from "@/lib/views/overview/clock";
import { am } from "@/lib/i18n/alarm-messages";
import { htmlLang, parseLocale } from "@/lib/i18n/locale";
import { Providers } from "../../providers";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: am(parseLocale((await searchParams).lang), "title") };
}

export default async function AlarmsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const principal = await requirePage(pagePath("/alarms", sp));
  const locale = parseLocale(sp.lang);
  const data = await getHistoryPage(sp, scopeOf(principal));
  const { landing } = data;
  const view = {
    locale,
    timezone: landing.city.timezone,
    city: { id: landing.city.id, name: landing.city.name },
    simulated: landing.simulated,
    ...renderClock(data.now, data.renderedAt),
    districts: landing.districts.map((d) => ({ id: d.id, name: d.name })),
    session: await sessionView(principal),
  };
  return (
    <Providers fallback={data.fallback} view={view}>
      <div lang={htmlLang(locale)} className="flex min-h-screen flex-col">
        <AppHeader />
        <OfflineBanner />
        <main id="main" className="flex flex-1 flex-col gap-3 p-3">
          {/* A new view is a new list: SWR's keepPreviousData would otherwise keep showing the old
              page instead of the new one the server seeded (it prefers cached over fallback data). */}
          <AlarmHistory key={historyHref(data.view, locale)} view={data.view} filter={data.filter} query={data.query} />
        </main>
      </div>
    </Providers>
  );
}
