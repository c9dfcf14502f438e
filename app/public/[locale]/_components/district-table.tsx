import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { asOfText, cellText, formatValue } from "@/lib/public/present";
import type { PublicDistrictTable } from "@/lib/public/schemas";
import { Downloads } from "./downloads";

/** A district table as a real, visible table with district names in the page's language. */
export function DistrictTable({ table, locale, timeZone }: { table: PublicDistrictTable; locale: Locale; timeZone: string }) {
  const unit = table.unit.symbol;
  const title = pick(table.title, locale);
  const flagged = table.cells.some((c) => c.suppression !== null) || table.total === null;
  return (
    <section aria-labelledby={`t-${table.id}`} className="mt-8" data-testid={`public-table-${table.id}`}>
      <h3 id={`t-${table.id}`} className="text-lg font-semibold">
        {title}
      </h3>
      <p className="mt-1 text-sm">{pick(table.description, locale)}</p>
      <div className="mt-2 overflow-x-auto">
        <table className="public-table">
          <caption className="sr-only">
            {title}, {pt(locale, "asOf")} {asOfText(table.asOf, timeZone, locale)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{pt(locale, "district")}</th>
              <th scope="col" className="text-right">
                {pt(locale, "value")}
                {unit ? ` (${unit})` : ""}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.cells.map((c) => (
              <tr key={c.district}>
                <th scope="row">{pick(c.name, locale)}</th>
                <td className="tabular text-right">{cellText(c, "", locale)}</td>
              </tr>
            ))}
          </tbody>
          {table.kind === "count" ? (
            <tfoot>
              <tr>
                <th scope="row">{pt(locale, "cityTotal")}</th>
                <td className="tabular text-right">{table.total === null ? pt(locale, "secondary") : formatValue(table.total, "", locale, false)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <p className="mt-1 text-sm text-muted">
        {pt(locale, "asOf")} <time dateTime={table.asOf}>{asOfText(table.asOf, timeZone, locale)}</time>
      </p>
      {flagged ? (
        <ul className="mt-1 text-sm text-muted">
          <li>{pt(locale, "footnoteSmall")}</li>
          <li>{pt(locale, "footnoteSecondary")}</li>
          {table.kind === "level" ? <li>{pt(locale, "footnoteFew")}</li> : null}
        </ul>
      ) : null}
      <Downloads id={table.id} title={title} locale={locale} />
    </section>
  );
}
