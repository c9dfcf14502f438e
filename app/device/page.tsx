/** Wall display set-up: paste a device token once; the wall PC then needs no person's account. */
import type { Metadata } from "next";
import { parseLocale } from "@/lib/i18n/locale";
import { at } from "@/lib/i18n/auth-messages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up a wall display" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DevicePage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const locale = parseLocale(typeof sp.lang === "string" ? sp.lang : undefined);
  return (
    <main id="main" lang={locale === "zh" ? "zh-Hans" : "en"} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-5 p-6">
      <h1 className="text-2xl font-semibold text-fg">{at(locale, "deviceTitle")}</h1>
      <p className="text-muted">{at(locale, "deviceIntro")}</p>
      {sp.error === "invalid" && (
        <p role="alert" className="rounded border border-line bg-surface-2 p-3 text-sm text-fg">
          {at(locale, "deviceInvalid")}
        </p>
      )}
      <form method="post" action="/api/auth/device" className="flex flex-col gap-4 rounded border border-line bg-surface p-5">
        <label className="flex flex-col gap-1 text-sm text-fg">
          {at(locale, "deviceToken")}
          <input name="token" required autoComplete="off" spellCheck={false} maxLength={100} className="rounded border border-line bg-bg px-3 py-2 font-mono text-sm" />
        </label>
        <button type="submit" className="min-h-11 rounded bg-accent px-4 py-2 font-semibold text-bg">
          {at(locale, "deviceSubmit")}
        </button>
      </form>
    </main>
  );
}
