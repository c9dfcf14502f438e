/**
 * What the signed-in consoles (administration, My account → API tokens) share: the page header
 * (title, way back, who is signed in, the other language), form control styles, and the call to
 * their JSON API with the session's CSRF token, whose failures carry the problem document's fields.
 */
import Link from "next/link";
import type { ParameterError } from "@/lib/api/errors";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";

export const inputClass = "rounded border border-line bg-bg px-2 py-1.5 text-sm";
export const buttonClass = "min-h-8 rounded border border-line px-3 text-sm hover:bg-surface-2";
export const primaryClass = "min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg";

/** What a failed call answered (status 0: the server was not reached). */
export interface Failure {
  status: number;
  code: string | undefined;
  detail: string | undefined;
  errors: ParameterError[];
}

/** The fields of a problem document (RFC 9457) the screen shows; anything else as a bare status. */
export function failureOf(status: number, body: unknown): Failure {
  const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return {
    status,
    code: typeof o.code === "string" ? o.code : undefined,
    detail: "detail" in o ? String(o.detail) : undefined,
    errors: Array.isArray(o.errors) ? (o.errors as ParameterError[]) : [],
  };
}

/** Thrown by a failed call. */
export class CallFailed extends Error {
  constructor(readonly failure: Failure) {
    super([failure.detail ?? `HTTP ${failure.status}`, ...failure.errors.map((e) => `${e.parameter}: ${e.message}`)].join(" "));
  }
}

/** A change (or read) through the console's API with the session's CSRF token; CallFailed when refused. */
export async function callJson(csrf: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method,
    headers: { "x-csrf-token": csrf, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new CallFailed(failureOf(res.status, json));
  return json;
}

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
