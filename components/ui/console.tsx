/**
 * What the signed-in consoles (administration, My account → API tokens) share: the page header
 * (title, way back, who is signed in, the other language) and form control styles. Their calls go
 * through components/ui/mutate.ts.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";

export const inputClass = "rounded border border-line bg-bg px-2 py-1.5 text-sm";
export const buttonClass = "min-h-8 rounded border border-line px-3 text-sm hover:bg-surface-2";
export const primaryClass = "min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg";

/** Title, the way back to the command center, who is signed in, and this page in the other language. */
export function ConsoleHeader(props: { locale: Locale; path: string; title: string; back: string; signedIn: string }) {
  const { locale, path } = props;
  return (
    <header className="flex flex-wrap items-baseline gap-4">
      <h1 className="text-2xl font-semibold">{props.title}</h1>
      <Link href={locale === "zh" ? "/?lang=zh" : "/"} className="text-sm text-accent underline underline-offset-2">
        {props.back}
      </Link>
      <span className="ml-auto text-sm text-muted">{props.signedIn}</span>
      {/* The other language, same page: the label is in that language (中文 / English). */}
      <Link
        href={locale === "zh" ? path : `${path}?lang=zh`}
        hrefLang={locale === "zh" ? "en" : "zh-Hans"}
        lang={locale === "zh" ? "en" : "zh-Hans"}
        className="text-sm text-muted underline-offset-2 hover:text-fg hover:underline"
      >
        {t(locale, "language")}
      </Link>
    </header>
  );
}

/**
 * The consoles' list table: a head row, the rows given as children, and one muted row saying the
 * list is empty (`empty`, or null when there are rows). `sticky` keeps the head in view in a
 * scrolling log; `small` is the log's denser text.
 */
export function ConsoleTable(props: {
  testId: string;
  head: readonly string[];
  empty?: string | null;
  caption?: string;
  small?: boolean;
  sticky?: boolean;
  children: ReactNode;
}) {
  return (
    <table className={`w-full text-left ${props.small ? "text-xs" : "text-sm"}`} data-testid={props.testId}>
      {props.caption ? <caption className="caption-bottom pt-2 text-left text-xs text-muted">{props.caption}</caption> : null}
      <thead className={props.sticky ? "sticky top-0 bg-surface text-muted" : "text-muted"}>
        <tr>
          {props.head.map((h, i) => (
            <th key={i} className={i === 0 ? (props.sticky ? "px-2 py-1" : "py-1") : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.children}
        {props.empty ? (
          <tr className="border-t border-line">
            <td colSpan={props.head.length} className="py-1.5 text-muted">
              {props.empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
