import type { Locale } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { datasetUrls } from "@/lib/public/open-data";

/** CSV and JSON links of one dataset, named so a screen reader says which data they fetch. */
export function Downloads({ id, title, locale }: { id: string; title: string; locale: Locale }) {
  const urls = datasetUrls(id);
  return (
    <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
      <span>{pt(locale, "downloads")}:</span>
      <a href={urls.csv} className="public-link" type="text/csv" aria-label={`${title} (${pt(locale, "downloadCsv")})`}>
        {pt(locale, "downloadCsv")}
      </a>
      <a href={urls.json} className="public-link" type="application/json" aria-label={`${title} (${pt(locale, "downloadJson")})`}>
        {pt(locale, "downloadJson")}
      </a>
    </p>
  );
}
