/**
 * The prelude every internal page shares, written once: the guard (sign-in, and the domain, role
 * or admin right the page needs), the language of `?lang=`, and the frame — the client context
 * (SWR seeded with the page's data, the view settings, the one live stream), the command-center
 * header and the offline banner. A page reads its own data between `opsPage` and `<OpsFrame>`.
 *
 * Not in `app/(ops)/layout.tsx`: a layout gets no search params (the language, the `next` of the
 * sign-in redirect) and is not rendered again when a link changes only the page, so the guard
 * and the view it would hold would go stale; the page renders them on every request.
 */
import type { ReactNode } from "react";
import { AppHeader } from "@/components/header/app-header";
import { OfflineBanner } from "@/components/header/connection-badge";
import { pagePath, requirePage, sessionView, type PageNeeds } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/roles";
import { htmlLang, parseLocale, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { SKIP_LINK_CLASS } from "@/components/ui/skip-link-class";
import { getLanding } from "@/lib/twin-client/server";
import type { LandingResponse } from "@/lib/twin-client/schemas";
import { renderClock, type RenderClock } from "@/lib/views/overview/clock";
import { getTwin } from "@/lib/twin/runtime";
import { loadCityPack } from "@/lib/city/pack";
import type { CityMapFrame } from "@/components/map/map-panel";
import { Providers } from "../../providers";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
export type Query = Awaited<SearchParams>;

/** The language a page is asked in (`?lang=zh`), for its metadata. */
export async function pageLocale(searchParams: SearchParams): Promise<Locale> {
  return parseLocale((await searchParams).lang);
}

/** Who asks for the page, and in which language. */
export interface Prelude {
  principal: Principal;
  locale: Locale;
}

/**
 * The caller of the page at `path` (a redirect to /signin when it has no right to it, coming back
 * to the same path and query) and the language asked for.
 */
export async function opsPage(path: string, query: Query, needs?: PageNeeds): Promise<Prelude> {
  const principal = await requirePage(pagePath(path, query), needs);
  return { principal, locale: parseLocale(query.lang) };
}

/**
 * What the frame shows of the twin: the city, one reading of the clocks, and the SWR answers the
 * page read (keyed by their API URLs).
 */
export interface Seed {
  landing: LandingResponse;
  clock: RenderClock;
  fallback?: Record<string, unknown>;
}

/** The city and one clock reading, for a page that reads nothing else of the twin. */
export async function landingNow(): Promise<Seed> {
  const renderedAt = Date.now();
  const [landing, now] = await Promise.all([getLanding(), getTwin().now()]);
  return { landing, clock: renderClock(now.toISOString(), renderedAt) };
}

/** Where the city pack puts the map (its files, centre, zoom and bounds). */
export function cityMapFrame(landing: LandingResponse): CityMapFrame {
  const pack = loadCityPack(landing.city.id);
  return { cityId: pack.id, files: pack.basemap, center: pack.center, zoom: pack.zoom, bounds: pack.bounds };
}

interface FrameProps {
  prelude: Prelude;
  seed: Seed;
  className?: string;
  testId?: string;
  department?: string;
  /** Client context of the page's own, between the frame's and the page (around header and body). */
  wrap?: (frame: ReactNode) => ReactNode;
  children: ReactNode;
}

export async function OpsFrame({ prelude, seed, className, testId, department, wrap, children }: FrameProps) {
  const { principal, locale } = prelude;
  const { landing, clock, fallback = {} } = seed;
  const view = {
    locale,
    timezone: landing.city.timezone,
    city: { id: landing.city.id, name: landing.city.name },
    simulated: landing.simulated,
    empty: landing.empty,
    ...clock,
    districts: landing.districts.map((d) => ({ id: d.id, name: d.name })),
    session: await sessionView(principal),
  };
  const frame = (
    <div
      lang={htmlLang(locale)}
      data-testid={testId}
      data-department={department}
      className={`flex min-h-screen flex-col ${className ?? ""}`}
    >
      <a href="#main" className={SKIP_LINK_CLASS}>
        {t(locale, "skipToMain")}
      </a>
      <AppHeader />
      <OfflineBanner />
      {children}
    </div>
  );
  return (
    <Providers fallback={fallback} view={view}>
      {wrap ? wrap(frame) : frame}
    </Providers>
  );
}
