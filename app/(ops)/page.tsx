/**
 * The overview: the city command center. A Server Component: it reads the twin through the
 * domain calls (never its own /api) and hands the answers to SWR as `fallback`, so the HTML
 * already carries every headline figure; the client then keeps them live over SSE.
 */
import type { Metadata } from "next";
import { CityMap } from "@/components/map/city-map";
import { AlertListPanel } from "@/components/panels/alerts/alert-list";
import { DomainCell } from "@/components/panels/domain-cell";
import { ScorecardPanel } from "@/components/panels/scorecard/scorecard-panel";
import { scopeOf } from "@/lib/auth/scope";
import { seedScorecard } from "@/lib/views/scorecard/server";
import { renderClock } from "@/lib/views/overview/clock";
import { getOverview } from "@/lib/views/overview/server";
import { getLanding } from "@/lib/twin-client/server";
import { DOMAINS } from "@/lib/twin/types";
import { cityMapFrame, OpsFrame, opsPage, pageLocale, type SearchParams } from "./_components/ops-frame";

// Live data: never prerender or cache this page.
export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const locale = await pageLocale(searchParams);
  const landing = await getLanding();
  return { title: locale === "zh" ? `${landing.city.name.zh}城市运行指挥中心` : `${landing.city.name.en} command center` };
}

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const prelude = await opsPage("/", await searchParams, { allDomains: true });
  const [{ landing, fallback, now, renderedAt }, scorecard] = await Promise.all([getOverview(), seedScorecard(scopeOf(prelude.principal))]);
  Object.assign(fallback, scorecard);
  return (
    // One reading of the server's clocks; the browser measures its own offset from it.
    <OpsFrame prelude={prelude} seed={{ landing, fallback, clock: renderClock(now, renderedAt) }} className="xl:h-screen">
      <main
        id="main"
        className="grid min-h-0 flex-1 grid-cols-1 gap-3 p-3 md:grid-cols-2 xl:grid-cols-4 xl:grid-rows-[minmax(22rem,1fr)_auto]"
      >
        <CityMap className="h-[60vh] md:col-span-2 xl:col-span-3 xl:h-auto" {...cityMapFrame(landing)} />
        <AlertListPanel className="max-h-[60vh] md:col-span-2 xl:col-span-1 xl:max-h-none xl:min-h-0" />
        {DOMAINS.map((d) => (
          <DomainCell key={d} domain={d} />
        ))}
        {/* Below the live picture: which district is worst, and why. */}
        <ScorecardPanel className="md:col-span-2 xl:col-span-4" />
      </main>
    </OpsFrame>
  );
}
