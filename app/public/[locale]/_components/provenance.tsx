import type { PublishedFigure } from "@/domains/types";
import { formatStatistic } from "@/lib/format/number";
import { pick, type Locale } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";

/**
 * "Scale of the simulation": each published figure with its value, unit, year and a link to its
 * source, as a plain table (no script needed). Nothing when there are none.
 */
export function Provenance({ figures, locale }: { figures: readonly PublishedFigure[]; locale: Locale }) {
  if (figures.length === 0) return null;
  return (
    <section aria-labelledby="provenance" className="mt-10" data-testid="public-provenance">
      <h2 id="provenance" className="text-xl font-semibold">
        {pt(locale, "provenance")}
      </h2>
      <p className="mt-2 max-w-prose">{pt(locale, "provenanceIntro")}</p>
      <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-labelledby="provenance">
        <table className="public-table">
          <thead>
            <tr>
              <th scope="col">{pt(locale, "publishedFigure")}</th>
              <th scope="col" className="text-right">
                {pt(locale, "value")}
              </th>
              <th scope="col">{pt(locale, "unit")}</th>
              <th scope="col">{pt(locale, "year")}</th>
              <th scope="col">{pt(locale, "source")}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => {
              const value = formatStatistic(f.value, locale);
              return (
                <tr key={f.id} data-testid={`public-provenance-${f.id}`}>
                  <th scope="row">
                    {pick(f.what, locale)}
                    {f.note ? <span className="mt-1 block text-sm font-normal">{pick(f.note, locale)}</span> : null}
                  </th>
                  <td className="tabular text-right">{f.atLeast ? pt(locale, "atLeast", { value }) : value}</td>
                  <td>{pick(f.unit, locale)}</td>
                  <td className="tabular">{f.year}</td>
                  <td>
                    <a href={f.url} className="public-link" rel="external noreferrer">
                      {pick(f.source, locale)}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
