import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import type { Cell, Dataset } from "@/lib/public/open-data";

/** Address of a dataset's page. */
export const datasetPage = (locale: Locale, id: string) => `/public/${locale}/data/${id}`;

/** "every 5 min" / "每 5分钟"; a fixed archive has none. */
export function updateText(ds: Pick<Dataset, "updateSeconds">, locale: Locale): string {
  return ds.updateSeconds === null ? pt(locale, "none") : ppt(locale, "updateEvery", { every: formatDuration(ds.updateSeconds, locale) });
}

/** A dataset in the portal's list: its page, meaning and update frequency. */
export function DatasetListItem({ ds, locale }: { ds: Dataset; locale: Locale }) {
  return (
    <li className="mt-4" data-testid={`public-dataset-${ds.id}`}>
      <Link href={datasetPage(locale, ds.id)} className="public-link text-lg font-semibold">
        {pick(ds.title, locale)}
      </Link>
      <p className="mt-1 text-sm">{pick(ds.description, locale)}</p>
      <p className="mt-1 text-sm text-muted">
        {ppt(locale, "updateFrequency")}: {updateText(ds, locale)}
      </p>
    </li>
  );
}

function cellOut(v: Cell, locale: Locale): string {
  if (v === null || v === "") return pt(locale, "none");
  return String(v);
}

/** The first rows of a dataset exactly as the CSV holds them. */
export function PreviewTable({ ds, rows, locale }: { ds: Dataset; rows: number; locale: Locale }) {
  const shown = ds.rows.slice(0, rows);
  return (
    <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-labelledby="preview">
      <table className="public-table" data-testid="public-preview">
        <caption className="text-left text-sm text-muted">{ppt(locale, "previewCaption", { n: shown.length, total: ds.rows.length })}</caption>
        <thead>
          <tr>
            {ds.columns.map((c) => (
              <th key={c.name} scope="col">
                <code>{c.name}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              {ds.columns.map((c, j) => (
                <td key={c.name} className={c.type === "number" || c.type === "integer" ? "tabular text-right" : undefined}>
                  {cellOut(r[j] ?? null, locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The data dictionary of a dataset: every column with its type, unit and meaning. */
export function FieldsTable({ ds, locale }: { ds: Dataset; locale: Locale }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="public-table" data-testid="public-fields">
        <caption className="sr-only">
          {pt(locale, "dictionary")}: {pick(ds.title, locale)}
        </caption>
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
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>{c.type}</td>
              <td>{c.unit ?? pt(locale, "none")}</td>
              <td>{pick(c.description, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A titled section of a portal page (its h2 labels it). */
export function Section({ id, title, children, className = "mt-8" }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
