/**
 * Sign-in for people: a plain HTML form (works without JavaScript) posting to /api/auth/signin,
 * and the city's single sign-on when an OpenID Connect issuer is configured.
 */
import Link from "next/link";
import type { Metadata } from "next";
import { safeNext } from "@/lib/auth/server";
import { oidcConfigured } from "@/lib/auth/oidc-config";
import { parseLocale } from "@/lib/i18n/locale";
import { at, type AuthMessage } from "@/lib/i18n/auth-messages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

const ERRORS: Record<string, AuthMessage> = {
  invalid: "errorInvalid",
  locked: "errorLocked",
  forbidden: "errorForbidden",
  sso: "errorSso",
};

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const locale = parseLocale(one(sp.lang));
  const next = safeNext(one(sp.next));
  const error = one(sp.error);
  const until = one(sp.until);
  const message = error && ERRORS[error] ? at(locale, ERRORS[error]) : null;
  const untilText = until && !Number.isNaN(Date.parse(until)) ? new Date(until).toISOString().slice(11, 16) + " UTC" : null;
  return (
    <main id="main" lang={locale === "zh" ? "zh-Hans" : "en"} className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div>
        <p className="text-xs font-semibold tracking-[0.2em] text-muted uppercase">TwinOps</p>
        <h1 className="text-2xl font-semibold text-fg">{at(locale, "title")}</h1>
      </div>
      {message && (
        <p role="alert" data-testid="signin-error" className="rounded border border-line bg-surface-2 p-3 text-sm text-fg">
          {message}
          {error === "locked" && untilText ? ` ${at(locale, "lockedUntil")} ${untilText}.` : ""}
        </p>
      )}
      {one(sp.signedOut) && !message && <p className="text-sm text-muted">{at(locale, "signedOut")}</p>}
      <form method="post" action="/api/auth/signin" className="flex flex-col gap-4 rounded border border-line bg-surface p-5">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col gap-1 text-sm text-fg">
          {at(locale, "username")}
          <input name="username" autoComplete="username" required maxLength={100} className="rounded border border-line bg-bg px-3 py-2 text-base" />
        </label>
        <label className="flex flex-col gap-1 text-sm text-fg">
          {at(locale, "password")}
          <input name="password" type="password" autoComplete="current-password" required maxLength={256} className="rounded border border-line bg-bg px-3 py-2 text-base" />
        </label>
        <button type="submit" className="min-h-11 rounded bg-accent px-4 py-2 font-semibold text-bg">
          {at(locale, "submit")}
        </button>
      </form>
      {oidcConfigured() && (
        <a
          href={`/api/auth/oidc/start?${new URLSearchParams({ next })}`}
          data-testid="signin-sso"
          className="flex min-h-11 w-full items-center justify-center rounded border border-line bg-surface px-4 py-2 font-semibold text-fg"
        >
          {at(locale, "sso")}
        </a>
      )}
      <p className="text-sm text-muted">
        {at(locale, "wallHint")}{" "}
        <Link className="text-accent underline underline-offset-2" href="/device">
          /device
        </Link>
        {" · "}
        <a className="text-accent underline underline-offset-2" href={`/public/${locale}`}>
          {at(locale, "publicLink")}
        </a>
      </p>
    </main>
  );
}
