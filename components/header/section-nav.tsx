"use client";
/**
 * Navigation between the internal screens: the overview and the four department pages (which
 * keep the time range and district of the view when moving between them), plus the walls and
 * the public pages.
 */
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useView } from "@/components/live/view-context";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { am } from "@/lib/i18n/alarm-messages";
import { DEPARTMENTS } from "@/lib/config/departments";
import { DOMAINS } from "@/lib/twin/types";

/** View params that mean the same on every department page (selection and layers do not). */
const SHARED = ["range", "from", "to", "compare", "district", "at", "lang"] as const;

export function SectionNav() {
  const { locale, session } = useView();
  const domains = session ? DOMAINS.filter((d) => session.domains.includes(d)) : DOMAINS;
  const path = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const k of SHARED) {
    const v = params.get(k);
    if (v !== null) keep.set(k, v);
  }
  const kept = keep.toString().replace(/%2C/g, ",").replace(/%3A/gi, ":");
  const langOnly = locale === "zh" ? "?lang=zh" : "";
  const items = [
    ...(domains.length === DOMAINS.length ? [{ href: `/${langOnly}`, label: ot(locale, "overview"), active: path === "/" }] : []),
    ...domains.map((d) => ({ href: `/${d}${kept ? `?${kept}` : ""}`, label: pick(DEPARTMENTS[d].title, locale), active: path === `/${d}` })),
    { href: `/alarms${langOnly}`, label: am(locale, "navAlarms"), active: path === "/alarms" },
    { href: "/wall", label: ot(locale, "wall"), active: false },
    { href: `/public/${locale}`, label: ot(locale, "publicPages"), active: false },
  ];
  return (
    <nav aria-label={ot(locale, "navLabel")} className="flex flex-wrap items-center gap-1 text-sm">
      {items.map((i) => (
        <Link
          key={i.href}
          href={i.href}
          aria-current={i.active ? "page" : undefined}
          className={`rounded px-2 py-1 ${i.active ? "bg-surface-2 font-semibold text-fg" : "text-muted hover:bg-surface-2 hover:text-fg"}`}
        >
          {i.label}
        </Link>
      ))}
    </nav>
  );
}

/** Link to the same view in the other language (path and view params kept). */
export function useOtherLanguageHref(): string {
  const { locale } = useView();
  const path = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  if (locale === "zh") params.delete("lang");
  else params.set("lang", "zh");
  const qs = params.toString().replace(/%2C/g, ",").replace(/%3A/gi, ":");
  return `${path}${qs ? `?${qs}` : ""}`;
}
