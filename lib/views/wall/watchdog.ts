/**
 * The wall's watchdog decision, pure so it can be tested without a browser: a soft reload
 * (remount the board, keep the data cache and the playlist position) once a day at the quiet
 * hour or when the JS heap passes its budget; a full page reload only if a soft reload did not
 * bring the heap back under budget, and only while the server answers (a reload during an outage
 * would trade the last good data for an error page).
 */
export type WatchdogAction = "none" | "soft" | "hard";

export interface WatchdogInput {
  nowMs: number;
  /** Hour of the city's day now (0–23). */
  cityHour: number;
  quietHour: number | null;
  /** Used JS heap in bytes, null where the browser does not tell. */
  heapBytes: number | null;
  budgetBytes: number;
  /** When the last soft reload ran (ms), null if never. */
  lastSoftAt: number | null;
  /** Whether the server answered the last health probe. */
  serverUp: boolean;
}

/** A soft reload needs this long to show whether it freed memory. */
export const SETTLE_MS = 60_000;
/** The quiet-hour reload runs at most once per this period. */
const QUIET_COOLDOWN_MS = 2 * 3_600_000;
/**
 * Over budget, a soft reload runs at most once per this period: while the server is down (no
 * page reload possible) the wall waits instead of rebuilding its map and charts every few minutes.
 */
export const MEMORY_SOFT_COOLDOWN_MS = 30 * 60_000;

export function watchdogAction(i: WatchdogInput): WatchdogAction {
  const sinceSoft = i.lastSoftAt === null ? Number.POSITIVE_INFINITY : i.nowMs - i.lastSoftAt;
  if (i.heapBytes !== null && i.heapBytes > i.budgetBytes) {
    if (sinceSoft < SETTLE_MS) return "none";
    // Still over budget after a soft reload: the leak is outside React; start afresh.
    if (sinceSoft < MEMORY_SOFT_COOLDOWN_MS) return i.serverUp ? "hard" : "none";
    return "soft";
  }
  if (i.quietHour !== null && i.cityHour === i.quietHour && sinceSoft > QUIET_COOLDOWN_MS) return "soft";
  return "none";
}

/** Hour (0–23) of an instant in a time zone. */
export function hourIn(nowMs: number, timeZone: string): number {
  const h = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(nowMs);
  return Number(h) % 24;
}
