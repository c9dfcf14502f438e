/**
 * The twin's clock as the browser sees it. Ages and stale marks compare data times with the
 * twin's "now"; the browser only has its own `Date.now()`, which may be minutes off the server's.
 * So the page carries one reading of the server (its wall clock and the twin's offset from it)
 * and the browser measures against its own clock:
 *
 *   twin now (browser) = Date.now() + offset,
 *   offset = server wall time + (twin − server wall) − Date.now() when that server time arrived.
 *
 * The reading comes from the page payload at hydration and is refreshed by every SSE heartbeat
 * (`data: {"t":"<server ISO time>"}`), so browser clock skew or a sleeping laptop is corrected.
 * Assumes the twin runs at speed 1 (`TWINOPS_CLOCK_SPEED`, the default): the twin-minus-server
 * offset taken at render then stays constant. At other speeds it drifts by (speed − 1) × elapsed;
 * that is a demo setting and the data events' own times bound what it shows.
 * Transit time (render → hydration, server → heartbeat) makes the twin look up to that much
 * younger, i.e. ages read a second or two short, never stale too early. Client-safe and tested.
 */
import { cityDayStart } from "@/lib/format/zone";

/** One reading of the server, made when the page was rendered. */
export interface RenderClock {
  /** Server wall time at render (ms since epoch). */
  renderedAt: number;
  /** Twin clock minus server wall clock at render (ms). Zero for real feeds. */
  twinOffsetMs: number;
}

/** The reading the page carries, from the twin's now and the server's wall time at render. */
export function renderClock(twinNow: string, renderedAt: number): RenderClock {
  return { renderedAt, twinOffsetMs: Date.parse(twinNow) - renderedAt };
}

/** Twin clock minus browser clock (ms), from a server wall time seen at `browserNowMs`. */
export function browserTwinOffsetMs(render: RenderClock, serverWallMs: number, browserNowMs: number): number {
  return serverWallMs + render.twinOffsetMs - browserNowMs;
}

/** Server wall time (ms) of a heartbeat's data (`{"t":"<ISO>"}`), or null if it has none. */
export function heartbeatServerMs(data: unknown): number | null {
  if (typeof data !== "string" || data === "") return null;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null || !("t" in parsed) || typeof parsed.t !== "string") return null;
    const ms = Date.parse(parsed.t);
    return Number.isNaN(ms) ? null : ms;
  } catch {
    return null;
  }
}

/**
 * The twin's now. Before the browser has measured anything (server render and the hydrating
 * render) it is the twin's time at render, so both renders agree; then the browser's clock plus
 * the offset.
 */
export function twinNowMs(render: RenderClock, browser: { offsetMs: number; nowMs: number } | null): number {
  return browser ? browser.nowMs + browser.offsetMs : render.renderedAt + render.twinOffsetMs;
}

/**
 * Start of "today" in the city (ISO), from the twin's now, or from newer data if the stream
 * has already delivered some (data times are twin times too). Keys of the "today" series are
 * built from it, so it must be the same on the server and in the browser's first render.
 */
export function cityDayStartIso(twinNow: number, timeZone: string, lastDataAt?: string | null): string {
  const data = lastDataAt ? Date.parse(lastDataAt) : NaN;
  const at = Number.isNaN(data) ? twinNow : Math.max(twinNow, data);
  return cityDayStart(new Date(at), timeZone).toISOString();
}

/** SWR cache keys that belong to the day starting at `dayStart` (ISO), to drop after it ends. */
export function keysOfDay(keys: Iterable<string>, dayStart: string): string[] {
  const encoded = encodeURIComponent(dayStart);
  return [...keys].filter((k) => k.includes(encoded) || k.includes(dayStart));
}
