/**
 * One district across the four departments: its headline KPIs, one trend per department over the
 * chosen window, its assets by status, its active alerts, and links into each department page
 * filtered to it. Server-rendered with SWR seeded under the hooks' keys.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppHeader } from "@/components/header/app-header";
import { OfflineBanner } from "@/components/header/connection-badge";
import { seedDistrictPage } from "@/lib/views/department/server";
import { getLanding } from "@/lib/twin-client/server";
import { htmlLang, parseLocale, pick } from "@/lib/i18n/locale";
import { DEPT_IDS } from "@/lib/test-ids";
import { Providers } from "../../../providers";
import { DistrictView } from "./_components/district-view";
import { pagePath, requirePage, sessionView } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const locale = parseLocale((await searchParams).lang);
  const id = (await params).id;
  const d = (await getLanding()).districts.find((x) => x.id === id);
  return { title: d ? `${pick(d.name, locale)}` : "Not found" };
}

export default async function DistrictPage({ params, searchParams }: Props) {
  const id = (await params).id;
  const sp = await searchParams;
  const principal = await requirePage(pagePath(`/districts/${id}`, sp), { allDomains: true });
  const locale = parseLocale(sp.lang);
  const page = await seedDistrictPage(id, sp);
  const district = page?.landing.districts.find((d) => d.id === id);
  if (!page || !district) notFound();
  const { landing } = page;
  const view = {
    locale,
    timezone: landing.city.timezone,
    city: { id: landing.city.id, name: landing.city.name },
    simulated: landing.simulated,
    empty: landing.empty,
    ...page.clock,
    districts: landing.districts.map((d) => ({ id: d.id, name: d.name })),
    session: await sessionView(principal),
  };
  return (
    <Providers fallback={page.fallback} view={view}>
        <div lang={htmlLang(locale)} data-testid={DEPT_IDS.districtPage} className="flex min-h-screen flex-col">
          <AppHeader />
          <OfflineBanner />
          <DistrictView district={district} range={page.state.range} from={page.window.from.toISOString()} to={page.window.to.toISOString()} />
        </div>
    </Providers>
  );
}
