/**
 * The alarm history: every alarm the caller may read, filtered by domain, district, severity,
 * state and time (all in the URL), paged, with response times and a CSV download, and the
 * operators' actions on each row. A Server Component seeding the list's SWR keys.
 */
import type { Metadata } from "next";
import { AlarmHistory } from "@/components/alarms/alarm-history";
import { scopeOf } from "@/lib/auth/scope";
import { getHistoryPage } from "@/lib/views/alarms/server";
import { historyHref } from "@/lib/views/alarms/view";
import { renderClock } from "@/lib/views/overview/clock";
import { am } from "@/lib/i18n/alarm-messages";
import { OpsFrame, opsPage, pageLocale, type SearchParams } from "../_components/ops-frame";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: am(await pageLocale(searchParams), "title") };
}

export default async function AlarmsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const prelude = await opsPage("/alarms", sp);
  const { locale } = prelude;
  const data = await getHistoryPage(sp, scopeOf(prelude.principal));
  return (
    <OpsFrame prelude={prelude} seed={{ ...data, clock: renderClock(data.now, data.renderedAt) }}>
      <main id="main" className="flex flex-1 flex-col gap-3 p-3">
        {/* A new view is a new list: SWR's keepPreviousData would otherwise keep showing the old
            page instead of the new one the server seeded (it prefers cached over fallback data). */}
        <AlarmHistory key={historyHref(data.view, locale)} view={data.view} filter={data.filter} query={data.query} />
      </main>
    </OpsFrame>
  );
}
