/**
 * Wall display set-up: the screen shows a pairing code (and QR code) that an admin confirms, and
 * then opens its board by itself; pasting a device token still works below it.
 */
import type { Metadata } from "next";
import { parseLocale } from "@/lib/i18n/locale";
import { at } from "@/lib/i18n/auth-messages";
import { pm } from "@/lib/i18n/pairing-messages";
import { WallPairing } from "@/components/device/wall-pairing";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up a wall display" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DevicePage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const locale = parseLocale(typeof sp.lang === "string" ? sp.lang : undefined);
  return (
    <main id="main" lang={locale === "zh" ? "zh-Hans" : "en"} className="flex min-h-screen flex-col items-center justify-center gap-[4vh] p-6">
      <WallPairing locale={locale} />
      <section aria-labelledby="token-title" className="flex w-full max-w-lg flex-col gap-3">
      <h2 id="token-title" className="text-lg font-semibold text-fg">{pm(locale, "orToken")}</h2>
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
      </section>
    </main>
  );
}
