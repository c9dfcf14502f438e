import type { Metadata } from "next";
import { domainModule } from "@/domains";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { getPublicSnapshot } from "@/lib/public/read-model";
import { DistrictTable } from "../_components/district-table";
import { Downloads } from "../_components/downloads";
import { FigureCard } from "../_components/figure-card";
import { HourlyBlock } from "../_components/hourly-block";
import { domainOf, localeOf, publicMetadata } from "../_components/params";
import { provenanceOf } from "@/lib/public/provenance";
import { Provenance } from "../_components/provenance";
import { PublicShell } from "../_components/public-shell";

export const revalidate = 300;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string; domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  const locale = localeOf(p.locale);
  const domain = domainOf(p.domain);
  return publicMetadata(pick(domainModule(domain).name, locale), pt(locale, "siteName"), pick(domainModule(domain).public.intro, locale), `/${domain}`);
}

export default async function PublicDomainPage({ params }: Props) {
  const p = await params;
  const locale = localeOf(p.locale);
  const domain = domainOf(p.domain);
  const snap = await getPublicSnapshot();
  const tz = snap.city.timezone;
  return (
    <PublicShell locale={locale} path={`/${domain}`} snap={snap}>
      <h1 className="text-2xl font-semibold">{pick(domainModule(domain).name, locale)}</h1>
      <p className="mt-2 max-w-prose">{pick(domainModule(domain).public.intro, locale)}</p>
      <section aria-labelledby="figures" className="mt-6">
        <h2 id="figures" className="text-xl font-semibold">
          {pt(locale, "figuresFor", { domain: pick(domainModule(domain).name, locale) })}
        </h2>
        <div className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-2">
          {snap.figures
            .filter((f) => f.definition.domain === domain)
            .map((f) => (
              <FigureCard key={f.definition.id} figure={f} locale={locale} timeZone={tz} detailed />
            ))}
        </div>
        <Downloads id="city-figures" title={pt(locale, "figuresFor", { domain: pick(domainModule(domain).name, locale) })} locale={locale} />
      </section>
      <section aria-labelledby="districts" className="mt-10">
        <h2 id="districts" className="text-xl font-semibold">
          {pt(locale, "byDistrict")}
        </h2>
        {snap.districtTables
          .filter((t) => t.domain === domain)
          .map((t) => (
            <DistrictTable key={t.id} table={t} locale={locale} timeZone={tz} />
          ))}
      </section>
      <section aria-labelledby="hours" className="mt-10">
        <h2 id="hours" className="text-xl font-semibold">
          {pt(locale, "last24h")}
        </h2>
        {snap.hourly
          .filter((h) => h.domain === domain)
          .map((h) => (
            <HourlyBlock key={h.id} hourly={h} locale={locale} timeZone={tz} />
          ))}
      </section>
      <Provenance figures={provenanceOf(domain)} locale={locale} />
    </PublicShell>
  );
}
