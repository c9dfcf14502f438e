import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import { DOMAINS, type Domain } from "@/lib/twin/types";

/** The locale of a public URL; anything else is a 404 rather than a silent fallback. */
export function localeOf(value: string): Locale {
  if (!(LOCALES as readonly string[]).includes(value)) notFound();
  return value as Locale;
}

export function domainOf(value: string): Domain {
  if (!(DOMAINS as readonly string[]).includes(value)) notFound();
  return value as Domain;
}

/**
 * Metadata of a public page: its title under the site name, and the same page in the other
 * language (`path` after the locale, e.g. "/energy"; "" for the front page).
 */
export function publicMetadata(title: string, siteName: string, description: string, path: string): Metadata {
  return {
    title: `${title} · ${siteName}`,
    description,
    alternates: { languages: { en: `/public/en${path}`, "zh-Hans": `/public/zh${path}` } },
  };
}
