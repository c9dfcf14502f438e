import type { Metadata } from "next";
import { formatDuration } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { datasetsOf, LICENCE } from "@/lib/public/open-data";
import { getPublicSnapshot } from "@/lib/public/read-model";
import { Downloads } from "../_components/downloads";
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
  const delay = formatDuration(snap.delayMinutes * 60, locale);
  const datasets = datasetsOf(snap);
  const sources = [...new Map(snap.figures.map((f) => [pick(f.definition.owner, locale), pick(f.definition.source, locale)])).entries()];
  return (
    <PublicShell locale={locale} path="/data" snap={snap}>
      <h1 className="text-2xl font-semibold">{pt(locale, "aboutData")}</h1>
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
        <h2 id="delay" className="text-xl font-semibold">{pt(locale, "delay")}</h2>
        <p className="mt-2">{pt(locale, "delayText", { delay })}</p>
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
      <section aria-labelledby="datasets" className="mt-8">
        <h2 id="datasets" className="text-xl font-semibold">{pt(locale, "datasets")}</h2>
        <p className="mt-2 max-w-prose">
          {pt(locale, "apiText", { url: "/api/public/v1" })}{" "}
          <a href="/api/public/v1" className="public-link">/api/public/v1</a>
        </p>
        {datasets.map((ds) => (
          <section key={ds.id} aria-labelledby={`ds-${ds.id}`} className="mt-6">
            <h3 id={`ds-${ds.id}`} className="text-lg font-semibold">{pick(ds.title, locale)}</h3>
            <p className="mt-1 text-sm">{pick(ds.description, locale)}</p>
            <Downloads id={ds.id} title={pick(ds.title, locale)} locale={locale} />
            <details className="mt-2">
              <summary className="public-link cursor-pointer text-sm">{pt(locale, "dictionary")}</summary>
              <div className="mt-2 overflow-x-auto">
                <table className="public-table">
                  <caption className="sr-only">{pt(locale, "dictionary")}: {pick(ds.title, locale)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{pt(locale, "column")}</th>
                      <th scope="col">{pt(locale, "typeCol")}</th>
                      <th scope="col">{pt(locale, "unit")}</th>
                      <th scope="col">{pt(locale, "meaning")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ds.columns.map((c) => (
                      <tr key={c.name}>
                        <th scope="row"><code>{c.name}</code></th>
                        <td>{c.type}</td>
                        <td>{c.unit ?? pt(locale, "none")}</td>
                        <td>{pick(c.description, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
        ))}
      </section>
    </PublicShell>
  );
}
