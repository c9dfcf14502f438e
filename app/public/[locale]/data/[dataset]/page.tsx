import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { publicOrigin } from "@/lib/auth/server";
import { env } from "@/lib/config/env";
import { pick, type Locale } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import { ARCHIVE_MAX_DAYS, archiveUrl, archiveWindow, datesBetween, type ArchiveWindow } from "@/lib/public/archive";
import { hasArchive } from "@/lib/public/district-archive";
import { citation, csvBytes, publisherOf } from "@/lib/public/metadata";
import { plainMethod } from "@/lib/public/methods";
import { datasetsOf, datasetUrls, LICENCE, type Dataset } from "@/lib/public/open-data";
import { asOfText } from "@/lib/public/present";
import { getPublicSnapshot } from "@/lib/public/read-model";
import type { PublicSnapshot } from "@/lib/public/schemas";
import { FieldsTable, PreviewTable, Section, updateText } from "../../_components/dataset-parts";
import { localeOf, publicMetadata } from "../../_components/params";
import { provenanceOf } from "@/lib/public/provenance";
import { Provenance } from "../../_components/provenance";
import { PublicShell } from "../../_components/public-shell";

// The citation names the host the reader asked for: rendered per request (the snapshot it reads is cached per slot).
export const dynamic = "force-dynamic";
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ locale: string; dataset: string }> };

const PREVIEW_ROWS = 10;
/** Single-day links offered under the range form. */
const RECENT_DAYS = 7;

async function load(p: { locale: string; dataset: string }) {
  const locale = localeOf(p.locale);
  const snap = await getPublicSnapshot();
  const ds = datasetsOf(snap).find((d) => d.id === p.dataset);
  if (!ds) notFound();
  return { locale, snap, ds };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, ds } = await load(await params);
  return publicMetadata(pick(ds.title, locale), pt(locale, "siteName"), pick(ds.description, locale), `/data/${ds.id}`);
}

/** Date-range form and single days of a dataset's daily archive (hourly city series, daily district rows): plain links and a GET form, no script needed. */
function Archive({ id, window, locale }: { id: string; window: ArchiveWindow; locale: Locale }) {
  const days = datesBetween(window.first, window.last).slice(-RECENT_DAYS).reverse();
  const defaultFrom = days[Math.min(days.length, RECENT_DAYS) - 1] ?? window.last;
  return (
    <section aria-labelledby="archive" className="mt-8" data-testid="public-archive">
      <h2 id="archive" className="text-xl font-semibold">
        {ppt(locale, "archive")}
      </h2>
      <p className="mt-2 max-w-prose">{ppt(locale, "archiveIntro", { first: window.first, last: window.last, max: ARCHIVE_MAX_DAYS })}</p>
      <form method="get" action={`/api/public/v1/archive/${id}.csv`} className="mt-3 flex flex-wrap items-end gap-3" aria-labelledby="archive-form">
        <p id="archive-form" className="w-full font-medium">
          {ppt(locale, "archiveForm")}
        </p>
        <label className="flex flex-col text-sm">
          {ppt(locale, "from")}
          <input type="date" name="from" required min={window.first} max={window.last} defaultValue={defaultFrom} className="public-input" />
        </label>
        <label className="flex flex-col text-sm">
          {ppt(locale, "to")}
          <input type="date" name="to" required min={window.first} max={window.last} defaultValue={window.last} className="public-input" />
        </label>
        <button type="submit" className="public-button">
          {ppt(locale, "download")} CSV
        </button>
        <button type="submit" formAction={`/api/public/v1/archive/${id}.json`} className="public-button">
          {ppt(locale, "download")} JSON
        </button>
      </form>
      <h3 className="mt-4 font-medium">{ppt(locale, "archiveDays")}</h3>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {days.map((d) => (
          <li key={d}>
            <a href={archiveUrl(id, { from: d, to: d })} className="public-link" type="text/csv" aria-label={`${d} (CSV)`}>
              {d}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Plain method and exact formula of every public indicator: where the formulas live. */
function Indicators({ snap, locale }: { snap: PublicSnapshot; locale: Locale }) {
  return (
    <Section id="indicators" title={ppt(locale, "indicators")}>
      <div className="mt-2 overflow-x-auto">
        <table className="public-table" data-testid="public-formulas">
          <thead>
            <tr>
              <th scope="col">{ppt(locale, "indicator")}</th>
              <th scope="col">{ppt(locale, "how")}</th>
              <th scope="col">{ppt(locale, "formula")}</th>
            </tr>
          </thead>
          <tbody>
            {snap.figures.map((f) => (
              <tr key={f.definition.id}>
                <th scope="row">
                  {pick(f.definition.name, locale)} <code className="text-xs">{f.definition.id}</code>
                </th>
                <td>{pick(plainMethod(f.definition.id)?.method ?? f.definition.definition, locale)}</td>
                <td>
                  <code className="text-xs">{f.definition.formula}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

/** The origin the citation names: TWINOPS_PUBLIC_URL, else the host this page was asked for (so the page renders per request). */
async function citationOrigin(): Promise<string> {
  return publicOrigin(new Request("http://localhost/", { headers: await headers() }));
}

function Facts({ ds, snap, locale, origin }: { ds: Dataset; snap: PublicSnapshot; locale: Locale; origin: string }) {
  const kb = Math.max(1, Math.round(csvBytes(ds) / 1024));
  return (
    <dl className="mt-4 grid max-w-prose grid-cols-1 gap-1 sm:grid-cols-[max-content_1fr] sm:gap-x-4" data-testid="public-dataset-facts">
      <dt className="font-medium">{ppt(locale, "publisher")}</dt>
      <dd>{pick(publisherOf(snap), locale)}</dd>
      <dt className="font-medium">{ppt(locale, "updateFrequency")}</dt>
      <dd>{updateText(ds, locale)}</dd>
      <dt className="font-medium">{pt(locale, "asOf")}</dt>
      <dd>
        <time dateTime={ds.asOf}>{asOfText(ds.asOf, snap.city.timezone, locale)}</time>
      </dd>
      <dt className="font-medium">{ppt(locale, "size")}</dt>
      <dd>{ppt(locale, "sizeText", { rows: ds.rows.length, kb })}</dd>
      <dt className="font-medium">{ppt(locale, "licence")}</dt>
      <dd>
        <a href={LICENCE.url} rel="license" className="public-link">
          {LICENCE.name} ({LICENCE.id})
        </a>
      </dd>
      <dt className="font-medium">{ppt(locale, "citeAs")}</dt>
      <dd data-testid="public-citation">{citation(ds, snap, locale, origin)}</dd>
    </dl>
  );
}

export default async function DatasetPage({ params }: Props) {
  const { locale, snap, ds } = await load(await params);
  const urls = datasetUrls(ds.id);
  const title = pick(ds.title, locale);
  return (
    <PublicShell locale={locale} path={`/data/${ds.id}`} snap={snap}>
      <p className="text-sm">
        <Link href={`/public/${locale}/data`} className="public-link">
          {ppt(locale, "allDatasets")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-2 max-w-prose">{pick(ds.description, locale)}</p>
      <Section id="about" title={ppt(locale, "about")} className="mt-6">
        <Facts ds={ds} snap={snap} locale={locale} origin={await citationOrigin()} />
      </Section>
      <Section id="formats" title={ppt(locale, "formats")} className="mt-6">
        <ul className="mt-2 list-disc pl-5">
          {(
            [
              [urls.csv, "text/csv", "CSV"],
              [urls.json, "application/json", pt(locale, "downloadJson")],
              [urls.datapackage, "application/json", ppt(locale, "datapackage")],
              [urls.dcat, "application/ld+json", ppt(locale, "dcat")],
            ] as const
          ).map(([href, type, label]) => (
            <li key={href}>
              <a href={href} className="public-link" type={type}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="preview" title={ppt(locale, "preview")}>
        <PreviewTable ds={ds} rows={PREVIEW_ROWS} locale={locale} />
      </Section>
      <Section id="fields" title={ppt(locale, "fields")}>
        <FieldsTable ds={ds} locale={locale} />
      </Section>
      {hasArchive(ds.id) ? <Archive id={ds.id} window={archiveWindow(snap, env().TWINOPS_HISTORY_DAYS)} locale={locale} /> : null}
      {ds.id === "city-figures" ? <Indicators snap={snap} locale={locale} /> : null}
      <Provenance figures={provenanceOf(ds.domain)} locale={locale} />
    </PublicShell>
  );
}
