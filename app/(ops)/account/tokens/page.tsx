/**
 * My account → API tokens: a signed-in person's own read tokens (create with a name and an
 * optional expiry, the secret shown once; list with last use; revoke). Checked here in the page;
 * the API (/api/account/tokens) checks again. In English or 简体中文 (`?lang=zh`).
 */
import type { Metadata } from "next";
import { TokenManager } from "@/components/account/token-manager";
import { pagePath, requirePage, sessionView } from "@/lib/auth/page";
import { acm } from "@/lib/i18n/account-messages";
import { parseLocale } from "@/lib/i18n/locale";
import { getOpsStore } from "@/lib/ops/runtime";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: acm(parseLocale(one((await searchParams).lang)), "title") };
}

/** Server time of this render: tokens are shown as expired or not against it. */
const renderTime = () => Date.now();

export default async function AccountTokensPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const principal = await requirePage(pagePath("/account/tokens", sp));
  const locale = parseLocale(one(sp.lang));
  const session = await sessionView(principal);
  const mine = principal.kind === "user" ? (await (await getOpsStore()).listTokens("read")).filter((t) => t.ownerId === principal.id) : [];
  return <TokenManager locale={locale} renderedAt={renderTime()} me={session.name} csrf={session.csrf ?? ""} tokens={mine} />;
}
