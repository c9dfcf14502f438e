import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { asOfText, cadenceText, figureText, formatValue } from "@/lib/public/present";
import type { PublicFigure } from "@/lib/public/schemas";

/** One headline figure with its meaning, method, cadence, source and age, all in the HTML. */
export function FigureCard({ figure, locale, timeZone, detailed }: { figure: PublicFigure; locale: Locale; timeZone: string; detailed: boolean }) {
  const d = figure.definition;
  const id = `fig-${d.id.replace(/\./g, "-")}`;
  return (
    <article aria-labelledby={id} className="rounded-md border border-line bg-surface p-4" data-testid={`public-figure-${d.id}`}>
      <h3 id={id} className="text-sm font-medium text-muted">
        {pick(d.name, locale)}
      </h3>
      <p className="tabular mt-1 text-3xl font-semibold" data-testid="public-figure-value">
        {figureText(figure, locale)}
      </p>
      <p className="mt-1 text-sm text-muted">
        {pt(locale, "asOf")} <time dateTime={figure.asOf}>{asOfText(figure.asOf, timeZone, locale)}</time>
        {figure.previous !== null ? ` · ${pt(locale, "vsYesterday", { value: formatValue(figure.previous, d.unit.symbol, locale) })}` : ""}
      </p>
      {figure.suppression ? <p className="mt-1 text-sm">{pt(locale, "withheldTotal")}</p> : null}
      {detailed ? (
        <dl className="mt-3 grid grid-cols-1 gap-1 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-3">
          <dt className="font-medium">{pt(locale, "definition")}</dt>
          <dd>{pick(d.definition, locale)}</dd>
          <dt className="font-medium">{pt(locale, "method")}</dt>
          <dd>
            <code className="text-xs">{d.formula}</code>
          </dd>
          <dt className="font-medium">{pt(locale, "cadence")}</dt>
          <dd>{cadenceText(d.cadenceSeconds, locale)}</dd>
          <dt className="font-medium">{pt(locale, "publisher")}</dt>
          <dd>{pick(d.owner, locale)}</dd>
          <dt className="font-medium">{pt(locale, "source")}</dt>
          <dd>{pick(d.source, locale)}</dd>
        </dl>
      ) : (
        <p className="mt-2 text-sm">{pick(d.definition, locale)}</p>
      )}
    </article>
  );
}
