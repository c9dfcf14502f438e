/**
 * One wall board (or a playlist starting from it). A Server Component: the first paint already
 * carries every figure (the overview's seeded SWR `fallback`), then the client runtime keeps it
 * live, rotates and heals itself. The board and playlist come from typed config and the URL.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WallAssignment } from "@/components/wall/wall-assignment";
import { WallRuntime } from "@/components/wall/wall-runtime";
import { getBoard } from "@/lib/config/boards";
import { loadCityPack } from "@/lib/city/pack";
import { renderClock } from "@/lib/views/overview/clock";
import { getOverview } from "@/lib/views/overview/server";
import { parseWallParams, rotationAt } from "@/lib/views/wall/params";
import { htmlLang, pick } from "@/lib/i18n/locale";
import { Providers } from "../../providers";
import { pagePath, requirePage, sessionView } from "@/lib/auth/page";
import { canOpenBoard } from "@/lib/auth/roles";
import { scopeOf } from "@/lib/auth/scope";

// Live data: never prerender or cache.
export const dynamic = "force-dynamic";

type Params = Promise<{ board: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { board: id } = await params;
  const board = getBoard(id);
  const wall = parseWallParams(id, await searchParams);
  return { title: board ? `Wall · ${pick(board.title, wall.locale)}` : "Wall", robots: { index: false } };
}

export default async function WallBoardPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { board: id } = await params;
  if (!getBoard(id)) notFound();
  const sp = await searchParams;
  const principal = await requirePage(pagePath(`/wall/${id}`, sp), { board: id });
  const parsed = parseWallParams(id, sp);
  // A device token rotates only through the boards it is bound to.
  const playlist = parsed.playlist.filter((b) => canOpenBoard(principal, b));
  const wall = { ...parsed, playlist: playlist.length > 0 ? playlist : [id] };
  const overview = await getOverview(scopeOf(principal));
  const { landing } = overview;
  const pack = loadCityPack(landing.city.id);
  const view = {
    locale: wall.locale,
    timezone: landing.city.timezone,
    city: { id: landing.city.id, name: landing.city.name },
    simulated: landing.simulated,
    empty: landing.empty,
    // One reading of the server's clocks; the browser measures its own offset from it.
    ...renderClock(overview.now, overview.renderedAt),
    districts: landing.districts.map((d) => ({ id: d.id, name: d.name })),
    session: await sessionView(principal),
  };
  const initialIndex = rotationAt(overview.renderedAt, wall.everyMs, wall.playlist.length).index;
  return (
    <Providers fallback={overview.fallback} view={view}>
      <div lang={htmlLang(wall.locale)}>
        <WallRuntime
          params={wall}
          initialIndex={initialIndex}
          map={{ cityId: pack.id, files: pack.basemap, center: pack.center, zoom: pack.zoom, bounds: pack.bounds }}
        />
        {principal.kind === "device" ? <WallAssignment boards={principal.boards} /> : null}
      </div>
    </Providers>
  );
}
