import type { Metadata } from "next";
import Link from "next/link";
import { domainModule } from "@/domains";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import { domainList } from "@/lib/public/present";
import { getPublicSnapshot } from "@/lib/public/read-model";
import { DOMAINS } from "@/lib/twin/types";
import { FigureCard } from "./_components/figure-card";
import { localeOf, publicMetadata } from "./_components/params";
import { PublicShell } from "./_components/public-shell";

// Rendered on first request, then served from the cache and refreshed every snapshot slot.
export const revalidate = 300;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = localeOf((await params).locale);
  return publicMetadata(pt(locale, "glance"), pt(locale, "siteName"), pt(locale, "siteTagline"), "");
}

export default async function PublicHome({ params }: Props) {
  const locale = localeOf((await params).locale);
  const snap = await getPublicSnapshot();
  return (
    <PublicShell locale={locale} path="" snap={snap}>
      <h1 className="text-2xl font-semibold">{pt(locale, "glance")}</h1>
      <p className="mt-2 max-w-prose">{ppt(locale, "glanceIntro", { domains: domainList(locale) })}</p>
      {DOMAINS.map((domain) => (
        <section key={domain} aria-labelledby={`d-${domain}`} className="mt-8">
          <h2 id={`d-${domain}`} className="text-xl font-semibold">
            {pick(domainModule(domain).name, locale)}
          </h2>
          <p className="mt-1 text-sm">{pick(domainModule(domain).public.intro, locale)}</p>
          <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {snap.figures
              .filter((f) => f.definition.domain === domain)
              .map((f) => (
                <FigureCard key={f.definition.id} figure={f} locale={locale} timeZone={snap.city.timezone} detailed={false} />
              ))}
          </div>
          <p className="mt-3">
            <Link href={`/public/${locale}/${domain}`} className="public-link">
              {pt(locale, "moreOn", { domain: pick(domainModule(domain).name, locale) })}
            </Link>
          </p>
        </section>
      ))}
    </PublicShell>
  );
}
