import type { Metadata } from "next";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import { BOUNDARIES_URL, datasetsOf, LICENCE } from "@/lib/public/open-data";
import { getPublicSnapshot } from "@/lib/public/read-model";
import { DatasetListItem, Section } from "../_components/dataset-parts";
import { UpdateStatement } from "../_components/update-statement";
import { localeOf, publicMetadata } from "../_components/params";
import { PublicShell } from "../_components/public-shell";

export const revalidate = 300;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = localeOf((await params).locale);
  return publicMetadata(pt(locale, "aboutData"), pt(locale, "siteName"), pt(locale, "aggregationText"), "/data");
}

export default async function AboutTheData({ params }: Props) {
  const locale = localeOf((await params).locale);
  const snap = await getPublicSnapshot();
  const datasets = datasetsOf(snap);
  const sources = [...new Map(snap.figures.map((f) => [pick(f.definition.owner, locale), pick(f.definition.source, locale)])).entries()];
  return (
    <PublicShell locale={locale} path="/data" snap={snap}>
      <h1 className="text-2xl font-semibold">{pt(locale, "aboutData")}</h1>
      <p className="mt-2 max-w-prose">{ppt(locale, "portalIntro")}</p>
      <Section id="datasets" title={pt(locale, "datasets")} className="mt-6">
        <ul>
          {datasets.map((ds) => (
            <DatasetListItem key={ds.id} ds={ds} locale={locale} />
          ))}
        </ul>
      </Section>
      <Section id="boundaries" title={ppt(locale, "boundaries")} className="mt-8 max-w-prose">
        <p className="mt-2">{ppt(locale, "boundariesText", { note: ppt(locale, "schematicNote") })}</p>
        <p className="mt-2">
          <a href={BOUNDARIES_URL} className="public-link" type="application/geo+json" data-testid="public-boundaries">
            {ppt(locale, "boundariesLink")}
          </a>
        </p>
      </Section>
      <Section id="api" title={pt(locale, "api")} className="mt-8 max-w-prose">
        <p className="mt-2">
          {pt(locale, "apiText", { url: "/api/public/v1" })}{" "}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- the API's landing document, not a page (the top-level [domain] route makes every path look like one) */}
          <a href="/api/public/v1" className="public-link">/api/public/v1</a>
        </p>
        <p className="mt-2">
          <a href="/api/public/v1/catalog.jsonld" className="public-link" type="application/ld+json">
            {ppt(locale, "catalogue")}
          </a>
        </p>
      </Section>
      <section aria-labelledby="sources" className="mt-6 max-w-prose">
        <h2 id="sources" className="text-xl font-semibold">{pt(locale, "sources")}</h2>
        <ul className="mt-2 list-disc pl-5">
          {sources.map(([owner, source]) => (
            <li key={owner}>
              {owner}: {source}
            </li>
          ))}
        </ul>
        {snap.simulated ? <p className="mt-2">{pt(locale, "simulated")}</p> : null}
      </section>
      <section aria-labelledby="delay" className="mt-6 max-w-prose">
        <h2 id="delay" className="text-xl font-semibold">{ppt(locale, "updateRuleTitle")}</h2>
        <UpdateStatement snap={snap} locale={locale} className="mt-2" />
      </section>
      <section aria-labelledby="aggregation" className="mt-6 max-w-prose">
        <h2 id="aggregation" className="text-xl font-semibold">{pt(locale, "aggregation")}</h2>
        <p className="mt-2">{pt(locale, "aggregationText")}</p>
      </section>
      <section aria-labelledby="suppression" className="mt-6 max-w-prose">
        <h2 id="suppression" className="text-xl font-semibold">{pt(locale, "suppression")}</h2>
        <p className="mt-2">{pt(locale, "suppressionText")}</p>
      </section>
      <section aria-labelledby="licence" className="mt-6 max-w-prose">
        <h2 id="licence" className="text-xl font-semibold">{pt(locale, "licence")}</h2>
        <p className="mt-2">
          <a href={LICENCE.url} rel="license" className="public-link">{LICENCE.name} ({LICENCE.id})</a>. {pt(locale, "licenceText")}
        </p>
      </section>
    </PublicShell>
  );
}
