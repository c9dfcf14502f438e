import Link from "next/link";
import type { ReactNode } from "react";
import { domainModule } from "@/domains";
import { pick, type Locale } from "@/lib/i18n/locale";
import { pt } from "@/lib/i18n/public-messages";
import { LICENCE } from "@/lib/public/open-data";
import type { PublicSnapshot } from "@/lib/public/schemas";
import { DOMAINS } from "@/lib/twin/types";
import { TEST_IDS } from "@/lib/test-ids";
import { UpdateStatement } from "./update-statement";

interface Props {
  locale: Locale;
  /** Path after `/public/<locale>`, e.g. "" or "/energy": the language switch keeps the page. */
  path: string;
  snap: PublicSnapshot;
  children: ReactNode;
}

/** Header (navigation, language, as-of), main landmark and footer (licence) of every public page. */
export function PublicShell({ locale, path, snap, children }: Props) {
  const other: Locale = locale === "en" ? "zh" : "en";
  const base = `/public/${locale}`;
  const nav = [
    { href: base, label: pt(locale, "glance"), current: path === "" },
    ...DOMAINS.map((d) => ({ href: `${base}/${d}`, label: pick(domainModule(d).name, locale), current: path === `/${d}` })),
    { href: `${base}/data`, label: pt(locale, "aboutData"), current: path === "/data" },
  ];
  return (
    <div className="public mx-auto max-w-5xl px-4 pb-12">
      <header className="public-header border-b border-line py-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p className="text-lg font-semibold">
            <Link href={base} className="underline-offset-4 hover:underline">
              {pt(locale, "siteName")}
            </Link>
          </p>
          <a href={`/public/${other}${path}`} hrefLang={other === "zh" ? "zh-Hans" : "en"} lang={other === "zh" ? "zh-Hans" : "en"} className="public-link public-lang">
            {other === "zh" ? "简体中文" : "English"}
          </a>
        </div>
        <nav aria-label={pt(locale, "nav")} className="public-nav mt-3">
          <ul className="flex flex-wrap gap-x-4 gap-y-2">
            {nav.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={n.current ? "page" : undefined} className="public-link">
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <UpdateStatement snap={snap} locale={locale} className="mt-3 max-w-prose text-sm text-muted" />
        {snap.simulated ? <p className="mt-2 rounded border border-line bg-surface-2 px-3 py-2 text-sm">{pt(locale, "simulated")}</p> : null}
        {snap.empty ? (
          <p role="status" data-testid={TEST_IDS.noData} className="mt-2 rounded border border-line bg-surface-2 px-3 py-2 text-sm">
            {pt(locale, "noData")}
          </p>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="pt-6 focus:outline-none">
        {children}
      </main>
      <footer className="mt-12 border-t border-line pt-4 text-sm text-muted">
        <p>
          {pt(locale, "licence")}:{" "}
          <a href={LICENCE.url} rel="license" className="public-link">
            CC BY 4.0
          </a>
          . {pt(locale, "licenceText")}
        </p>
      </footer>
    </div>
  );
}
