import { formatClock, formatDuration } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { ppt } from "@/lib/i18n/public-portal-messages";
import { asOfText } from "@/lib/public/present";
import type { PublicSnapshot } from "@/lib/public/schemas";

/**
 * The one statement of delay and update cadence, the same words on every public page (header
 * and "About the data"), built from the snapshot so it cannot drift from what is published.
 */
export function UpdateStatement({ snap, locale, className }: { snap: PublicSnapshot; locale: Locale; className?: string }) {
  const tz = snap.city.timezone;
  const text = ppt(locale, "updateRule", {
    asOf: "\u0000",
    delay: formatDuration(snap.delayMinutes * 60, locale),
    next: formatClock(snap.nextUpdate, tz, locale),
  });
  // The as-of instant as a <time> element inside the sentence, whatever the word order.
  const [before = "", after = ""] = text.split("\u0000");
  return (
    <p className={className} data-testid="public-update-statement">
      {before}
      <time dateTime={snap.asOf}>{asOfText(snap.asOf, tz, locale)}</time>
      {after}
    </p>
  );
}
