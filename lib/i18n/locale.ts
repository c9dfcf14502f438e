/** The interface languages. Chinese is Simplified (简体中文), as used in the default city. */
export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Reads `?lang=` (view state lives in the URL); anything unknown falls back to English. */
export function parseLocale(value: string | string[] | undefined | null): Locale {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "zh" || v === "zh-CN" || v === "zh-Hans" ? "zh" : DEFAULT_LOCALE;
}

/** The BCP 47 tag for `<html lang>`. */
export function htmlLang(locale: Locale): string {
  return locale === "zh" ? "zh-Hans" : "en";
}

/** Picks one side of an en/zh pair. */
export function pick(text: { en: string; zh: string }, locale: Locale): string {
  return locale === "zh" ? text.zh : text.en;
}
