/**
 * One asset: its record, every datastream with a chart over the chosen window, latest values with
 * units and as-of, and its alert history. Server-rendered with SWR seeded under the hooks' keys.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { seedAssetPage } from "@/lib/views/department/server";
import { getAsset } from "@/lib/twin-client/server";
import { pick } from "@/lib/i18n/locale";
import { DEPT_IDS } from "@/lib/test-ids";
import { OpsFrame, opsPage, pageLocale, type SearchParams } from "../../_components/ops-frame";
import { AssetView } from "./_components/asset-view";
import { canRead } from "@/lib/auth/roles";
import { pagePrincipal } from "@/lib/auth/server";
import { redirect } from "next/navigation";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

/** The asset, or null for an id the twin does not know (a 404 page, never a 500). */
function findAsset(id: string) {
  return getAsset(id).catch(() => null);
}

/**
 * The asset's name as the title only for a person who may read it: metadata renders even for a
 * caller the page then redirects, and the title must not tell a stranger which assets exist.
 */
export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const locale = await pageLocale(searchParams);
  const p = await pagePrincipal();
  if (p?.kind !== "user") return { title: "Asset" };
  const a = await findAsset(decodeURIComponent((await params).id));
  if (a && !canRead(p, a.properties.domain)) return { title: "Asset" };
  return { title: a ? `${pick(a.properties.name, locale)}` : "Not found" };
}

export default async function AssetPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const sp = await searchParams;
  const prelude = await opsPage(`/assets/${encodeURI(id)}`, sp);
  const page = await seedAssetPage(id, sp);
  if (!page) notFound();
  if (!canRead(prelude.principal, page.detail.properties.domain))
    redirect(`/signin?error=forbidden&next=${encodeURIComponent(`/assets/${id}`)}`);
  return (
    <OpsFrame prelude={prelude} seed={page} testId={DEPT_IDS.assetPage}>
      <AssetView id={id} range={page.state.range} from={page.window.from.toISOString()} to={page.window.to.toISOString()} />
    </OpsFrame>
  );
}
