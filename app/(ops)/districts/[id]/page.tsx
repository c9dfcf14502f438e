/**
 * One district across the four departments: its headline KPIs, one trend per department over the
 * chosen window, its assets by status, its active alerts, and links into each department page
 * filtered to it. Server-rendered with SWR seeded under the hooks' keys.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { seedDistrictPage } from "@/lib/views/department/server";
import { seedScorecard } from "@/lib/views/scorecard/server";
import { scopeOf } from "@/lib/auth/scope";
import { getLanding } from "@/lib/twin-client/server";
import { pick } from "@/lib/i18n/locale";
import { DEPT_IDS } from "@/lib/test-ids";
import { OpsFrame, opsPage, pageLocale, type SearchParams } from "../../_components/ops-frame";
import { DistrictView } from "./_components/district-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const locale = await pageLocale(searchParams);
  const id = (await params).id;
  const d = (await getLanding()).districts.find((x) => x.id === id);
  return { title: d ? `${pick(d.name, locale)}` : "Not found" };
}

export default async function DistrictPage({ params, searchParams }: Props) {
  const id = (await params).id;
  const sp = await searchParams;
  const prelude = await opsPage(`/districts/${id}`, sp, { allDomains: true });
  const [page, scorecard] = await Promise.all([seedDistrictPage(id, sp), seedScorecard(scopeOf(prelude.principal))]);
  const district = page?.landing.districts.find((d) => d.id === id);
  if (!page || !district) notFound();
  return (
    <OpsFrame prelude={prelude} seed={{ ...page, fallback: { ...page.fallback, ...scorecard } }} testId={DEPT_IDS.districtPage}>
      <DistrictView district={district} range={page.state.range} from={page.window.from.toISOString()} to={page.window.to.toISOString()} />
    </OpsFrame>
  );
}
