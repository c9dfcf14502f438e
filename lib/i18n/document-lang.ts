/**
 * The `<html lang>` of a route, from its layout segments: public pages carry their language in the
 * URL (`/public/zh/...`); every other page is English at the document level. Pure.
 */
import { htmlLang, LOCALES, type Locale } from "./locale";

export function documentLang(segments: readonly string[]): string {
  const [first, second] = segments;
  if (first === "public" && second && (LOCALES as readonly string[]).includes(second)) return htmlLang(second as Locale);
  return htmlLang("en");
}
