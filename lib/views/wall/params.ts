/**
 * The wall's view state, all in the URL (a wall is configured by the address it is pointed at):
 * `?rotate=city,energy&every=45s` plays boards in turn, `?tiles=2x2&tile=1,0` shows one screen's
 * part of a multi-screen wall, `?quietHour=4&memoryMb=768` tune the watchdog, `?sound=on` lets
 * a new critical alarm sound. Pure and tested.
 */
import { BOARDS } from "@/lib/config/boards";
import { parseLocale, type Locale } from "@/lib/i18n/locale";

export const DEFAULT_EVERY_MS = 45_000;
const MIN_EVERY_MS = 5_000;
const MAX_EVERY_MS = 3_600_000;
export const DEFAULT_QUIET_HOUR = 4;
export const DEFAULT_MEMORY_BUDGET_MB = 768;

export interface Tiling {
  cols: number;
  rows: number;
  /** This screen's column and row, from 0. */
  x: number;
  y: number;
}

export interface WallParams {
  locale: Locale;
  /** Boards to play, in order; one entry means no rotation. */
  playlist: string[];
  everyMs: number;
  tiling: Tiling | null;
  /** Hour of the city's day (0–23) for the daily soft reload; null turns it off. */
  quietHour: number | null;
  memoryBudgetMb: number;
  /** `sound=on`: a new critical alarm also sounds a tone (made by WebAudio, no file). */
  sound: boolean;
}

type Search = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** "45s", "2m", "1h", "PT45S" or a bare number of seconds; out of range or garbage gives null. */
export function parseEvery(value: string | undefined): number | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const m = /^(?:pt)?(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  const ms = unit === "ms" ? n : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n * 3_600_000;
  return ms >= MIN_EVERY_MS && ms <= MAX_EVERY_MS ? Math.round(ms) : null;
}

/** "2x2" + "1,0": a grid of screens and this screen's place in it. */
export function parseTiling(tiles: string | undefined, tile: string | undefined): Tiling | null {
  const g = tiles ? /^(\d{1,2})x(\d{1,2})$/.exec(tiles.trim()) : null;
  if (!g) return null;
  const cols = Number(g[1]);
  const rows = Number(g[2]);
  const p = tile ? /^(\d{1,2}),(\d{1,2})$/.exec(tile.trim()) : null;
  const x = p ? Number(p[1]) : 0;
  const y = p ? Number(p[2]) : 0;
  if (cols < 1 || rows < 1 || x >= cols || y >= rows || cols * rows === 1) return null;
  return { cols, rows, x, y };
}

/** Reads the wall's URL. Unknown boards are dropped; the board in the path is always in the playlist. */
export function parseWallParams(board: string, search: Search): WallParams {
  const known = new Set(BOARDS.map((b) => b.id));
  const listed = (one(search.rotate) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => known.has(s));
  const playlist = [...new Set(listed.includes(board) ? listed : [board, ...listed])];
  const qh = one(search.quietHour);
  const quietHour = qh === "off" ? null : qh !== undefined && /^\d{1,2}$/.test(qh) && Number(qh) < 24 ? Number(qh) : DEFAULT_QUIET_HOUR;
  const mem = Number(one(search.memoryMb));
  return {
    locale: parseLocale(one(search.lang)),
    playlist,
    everyMs: parseEvery(one(search.every)) ?? DEFAULT_EVERY_MS,
    tiling: parseTiling(one(search.tiles), one(search.tile)),
    quietHour,
    memoryBudgetMb: Number.isFinite(mem) && mem >= 64 ? mem : DEFAULT_MEMORY_BUDGET_MB,
    sound: ["on", "1", "true", "yes"].includes((one(search.sound) ?? "").trim().toLowerCase()),
  };
}

/**
 * Which playlist entry shows at `nowMs`, and when the next change is due. Derived from the wall
 * clock alone, so every screen of a tiled wall (NTP-synced) changes board at the same instant
 * without talking to the others, and a reloaded screen rejoins the rotation in step.
 */
export function rotationAt(nowMs: number, everyMs: number, count: number): { index: number; nextAt: number } {
  if (count <= 1) return { index: 0, nextAt: Number.POSITIVE_INFINITY };
  const slot = Math.floor(nowMs / everyMs);
  return { index: ((slot % count) + count) % count, nextAt: (slot + 1) * everyMs };
}
