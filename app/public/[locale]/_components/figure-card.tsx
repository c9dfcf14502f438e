import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { ppt } from "@/lib/i18n/public-portal-messages";
import { plainMethod } from "@/lib/public/methods";
import { asOfText, cadenceText, figureText, formatValue, usualText, verdictText } from "@/lib/public/present";
import type { PublicFigure } from "@/lib/public/schemas";

/** Marks a verdict in shape and words, never colour alone: ● usual, ▲/▼ above or below the range. */
function verdictMark(f: PublicFigure): string {
  const u = f.usual;
  if (!u?.verdict || f.value === null) return "";
  return u.verdict === "usual" ? "●" : f.value > u.high ? "▲" : "▼";
}

/**
 * One headline figure with what is usual at this time of day and how now compares, its meaning
 * and how it is worked out (in plain words), cadence, source and age, all in the HTML.
 */
export function FigureCard({ figure, locale, timeZone, detailed }: { figure: PublicFigure; locale: Locale; timeZone: string; detailed: boolean }) {
  const d = figure.definition;
  const id = `fig-${d.id.replace(/\./g, "-")}`;
  const plain = plainMethod(d.id);
  const verdict = verdictText(figure, locale);
  return (
    <article aria-labelledby={id} className="public-card rounded-md border border-line bg-surface p-4" data-testid={`public-figure-${d.id}`}>
      <h3 id={id} className="text-sm font-medium text-muted">
        {pick(d.name, locale)}
      </h3>
      <p className="tabular mt-1 text-3xl font-semibold" data-testid="public-figure-value">
        {figureText(figure, locale)}
      </p>
      {verdict ? (
        <p className="mt-1 text-sm font-medium" data-testid="public-figure-verdict" data-verdict={figure.usual?.verdict ?? undefined}>
          <span aria-hidden="true">{verdictMark(figure)} </span>
          {verdict}
        </p>
      ) : null}
      <p className="mt-1 text-sm" data-testid="public-figure-usual">
        {usualText(figure, locale)}
        {figure.usual ? <span className="text-muted"> · {ppt(locale, "usualBasis", { days: figure.usual.days })}</span> : null}
      </p>
      {plain?.note ? <p className="mt-1 text-sm">{pick(plain.note, locale)}</p> : null}
      <p className="mt-1 text-sm text-muted">
        {pt(locale, "asOf")} <time dateTime={figure.asOf}>{asOfText(figure.asOf, timeZone, locale)}</time>
        {figure.previous !== null ? ` · ${pt(locale, "vsYesterday", { value: formatValue(figure.previous, d.unit.symbol, locale) })}` : ""}
      </p>
      {figure.suppression ? <p className="mt-1 text-sm">{pt(locale, "withheldTotal")}</p> : null}
      {detailed ? (
        <dl className="mt-3 grid grid-cols-1 gap-1 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-3">
          <dt className="font-medium">{pt(locale, "definition")}</dt>
          <dd>{pick(d.definition, locale)}</dd>
          <dt className="font-medium">{ppt(locale, "how")}</dt>
          <dd>{pick(plain?.method ?? d.definition, locale)}</dd>
          <dt className="font-medium">{ppt(locale, "measured")}</dt>
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
