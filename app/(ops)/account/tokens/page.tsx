/**
 * My account → API tokens: a signed-in person's own read tokens (create with a name and an
 * optional expiry, the secret shown once; list with last use; revoke). Checked here in the page;
 * the API (/api/account/tokens) checks again. In English or 简体中文 (`?lang=zh`).
 */
import type { Metadata } from "next";
import { TokenManager } from "@/components/account/token-manager";
import { sessionView } from "@/lib/auth/page";
import { acm } from "@/lib/i18n/account-messages";
import { getOpsStore } from "@/lib/ops/runtime";
import { landingNow, OpsFrame, opsPage, pageLocale, type SearchParams } from "../../_components/ops-frame";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: acm(await pageLocale(searchParams), "title") };
}

/** Server time of this render: tokens are shown as expired or not against it. */
const renderTime = () => Date.now();

export default async function AccountTokensPage({ searchParams }: { searchParams: SearchParams }) {
  const prelude = await opsPage("/account/tokens", await searchParams);
  const { principal, locale } = prelude;
  const session = await sessionView(principal);
  const mine = principal.kind === "user" ? (await (await getOpsStore()).listTokens("read")).filter((t) => t.ownerId === principal.id) : [];
  const seed = await landingNow();
  return (
    <OpsFrame prelude={prelude} seed={seed}>
      <TokenManager locale={locale} renderedAt={renderTime()} me={session.name} csrf={session.csrf ?? ""} tokens={mine} />
    </OpsFrame>
  );
}
