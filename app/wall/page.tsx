/**
 * The list of wall boards, for whoever sets a wall up: each board's address, a rotating
 * playlist, a multi-screen example, and the address options. Static: boards are config.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { BOARDS } from "@/lib/config/boards";
import { wt } from "@/lib/views/wall/messages";
import { parseLocale, pick } from "@/lib/i18n/locale";
import { TEST_IDS } from "@/lib/test-ids";

export const metadata: Metadata = { title: "Wall boards" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WallIndexPage({ searchParams }: { searchParams: SearchParams }) {
  const locale = parseLocale((await searchParams).lang);
  const lang = locale === "zh" ? "&lang=zh" : "";
  const all = BOARDS.map((b) => b.id).join(",");
  return (
    <main id="main" className="mx-auto max-w-3xl p-8 text-base" lang={locale === "zh" ? "zh-Hans" : "en"}>
      <h1 className="mb-3 text-2xl font-semibold">{wt(locale, "boardsTitle")}</h1>
      <p className="mb-6 text-muted">{wt(locale, "boardsIntro")}</p>
      <ul data-testid={TEST_IDS.wallBoardList} className="mb-8 flex flex-col gap-2">
        {BOARDS.map((b) => (
          <li key={b.id}>
            <Link className="text-accent underline underline-offset-2" href={`/wall/${b.id}${lang ? `?${lang.slice(1)}` : ""}`}>
              {pick(b.title, locale)}
            </Link>{" "}
            <code className="text-sm text-muted">/wall/{b.id}</code>
          </li>
        ))}
      </ul>
      <h2 className="mb-2 text-lg font-semibold">{wt(locale, "playlist")}</h2>
      <p className="mb-6">
        <Link className="text-accent underline underline-offset-2" href={`/wall/city?rotate=${all}&every=45s${lang}`}>
          <code>/wall/city?rotate={all}&amp;every=45s</code>
        </Link>
      </p>
      <h2 className="mb-2 text-lg font-semibold">{wt(locale, "tiled")}</h2>
      <ul className="mb-6 flex flex-col gap-1 text-sm">
        {["0,0", "1,0", "0,1", "1,1"].map((tile) => (
          <li key={tile}>
            <code>
              /wall/city?rotate={all}&amp;tiles=2x2&amp;tile={tile}
            </code>
          </li>
        ))}
      </ul>
      <h2 className="mb-2 text-lg font-semibold">{wt(locale, "options")}</h2>
      <ul className="list-disc pl-6 text-sm text-muted">
        <li>{wt(locale, "optRotate")}</li>
        <li>{wt(locale, "optEvery")}</li>
        <li>{wt(locale, "optTiles")}</li>
        <li>{wt(locale, "optQuiet")}</li>
        <li>{wt(locale, "optSound")}</li>
        <li>{wt(locale, "optLang")}</li>
      </ul>
    </main>
  );
}
