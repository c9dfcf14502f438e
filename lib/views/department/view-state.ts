/**
 * The view state of a department page, as it lives in the URL: one schema parses the search
 * params (bad values fall back to defaults, so an old or hand-edited link still opens a page),
 * one function writes them back in a fixed order (so a shared link reads the same everywhere),
 * and pure functions turn the state into the time window, comparison window and series step
 * the panels ask the API for. Client-safe and tested.
 */
import { chooseStepSeconds } from "@/lib/twin-client/steps";
import { zoneOffsetMs } from "@/lib/format/zone";

/** Presets of the time control. `live` is the city's day so far; the others end now. */
export const RANGE_PRESETS = ["live", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeKind = RangePreset | "custom";

export const COMPARE_MODES = ["none", "previous", "week"] as const;
/** `previous`: the period just before; `week`: the same window seven days earlier. */
export type CompareMode = (typeof COMPARE_MODES)[number];

const PRESET_SECONDS: Record<Exclude<RangePreset, "live">, number> = {
  "24h": 86_400,
  "7d": 7 * 86_400,
  "30d": 30 * 86_400,
};

/** Longest custom range a department page asks for (the twin keeps this much metric history). */
export const MAX_CUSTOM_DAYS = 62;

export interface DepartmentViewState {
  range: RangeKind;
  /** Custom range only: start (inclusive) and end (exclusive). */
  from: Date | null;
  to: Date | null;
  compare: CompareMode;
  /** District filter (a district id), or null for the whole city. */
  district: string | null;
  /** Selected asset (its id), highlighted and zoomed on the map. */
  asset: string | null;
  /** The time cursor; null means "now" (live). */
  at: Date | null;
  /** Visible map layer ids; null means the page's defaults. */
  layers: string[] | null;
}

export const DEFAULT_VIEW: DepartmentViewState = {
  range: "24h",
  from: null,
  to: null,
  compare: "none",
  district: null,
  asset: null,
  at: null,
  layers: null,
};

// Plain validators rather than zod: this module runs in every department page's client bundle.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
type Field<T> = (raw: string) => T | undefined;
const Instant: Field<Date> = (raw) => {
  if (!INSTANT_RE.test(raw)) return undefined;
  const t = Date.parse(raw);
  return Number.isFinite(t) ? new Date(t) : undefined;
};
const DistrictId: Field<string> = (raw) => (/^[a-z0-9-]{1,64}$/.test(raw) ? raw : undefined);
const AssetId: Field<string> = (raw) => (raw.length <= 200 && /^[^,\s]+$/.test(raw) ? raw : undefined);
const LayerList: Field<string[]> = (raw) => {
  if (raw.length > 300) return undefined;
  const list = raw === "" ? [] : raw.split(",");
  return list.length <= 16 && list.every((l) => /^[a-z0-9-]{1,32}$/.test(l)) ? list : undefined;
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function first(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses one field; a value that does not parse is dropped (the default applies). */
function field<T>(parse: Field<T>, raw: string | undefined): T | undefined {
  return raw === undefined ? undefined : parse(raw);
}

/**
 * Reads the view from search params. Never throws: a link with a bad value opens the page with
 * that value at its default. `districts` (when given) limits `district` to known ids.
 */
export function parseViewState(params: Params, districts?: readonly string[]): DepartmentViewState {
  const rangeRaw = first(params, "range");
  let from = field(Instant, first(params, "from")) ?? null;
  let to = field(Instant, first(params, "to")) ?? null;
  let range: RangeKind = (RANGE_PRESETS as readonly string[]).includes(rangeRaw ?? "") ? (rangeRaw as RangePreset) : DEFAULT_VIEW.range;
  // A custom range needs both ends, in order, and not longer than the history we keep.
  const customOk = from !== null && to !== null && from < to && to.getTime() - from.getTime() <= MAX_CUSTOM_DAYS * 86_400_000;
  if ((rangeRaw === "custom" || rangeRaw === undefined) && customOk) range = "custom";
  if (range !== "custom") {
    from = null;
    to = null;
  }
  const compareRaw = first(params, "compare");
  const compare = (COMPARE_MODES as readonly string[]).includes(compareRaw ?? "") ? (compareRaw as CompareMode) : "none";
  let district = field(DistrictId, first(params, "district")) ?? null;
  if (district !== null && districts && !districts.includes(district)) district = null;
  return {
    range,
    from,
    to,
    compare,
    district,
    asset: field(AssetId, first(params, "asset")) ?? null,
    at: field(Instant, first(params, "at")) ?? null,
    layers: field(LayerList, first(params, "layers")) ?? null,
  };
}

/** Writes the view as a query string (without `?`), defaults left out, keys in a fixed order. */
export function serializeViewState(v: DepartmentViewState, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  if (v.range === "custom" && v.from && v.to) {
    p.set("range", "custom");
    p.set("from", v.from.toISOString());
    p.set("to", v.to.toISOString());
  } else if (v.range !== DEFAULT_VIEW.range && v.range !== "custom") p.set("range", v.range);
  if (v.compare !== "none") p.set("compare", v.compare);
  if (v.district) p.set("district", v.district);
  if (v.asset) p.set("asset", v.asset);
  if (v.at) p.set("at", v.at.toISOString());
  if (v.layers) p.set("layers", v.layers.join(","));
  for (const [k, val] of Object.entries(extra)) if (val !== undefined) p.set(k, val);
  // Commas and colons are list separators and URN parts: keep them readable in a shared link.
  return p.toString().replace(/%2C/g, ",").replace(/%3A/gi, ":");
}

export interface TimeWindow {
  from: Date;
  to: Date;
  /** True when the window follows the twin's clock (presets); false for a fixed custom range. */
  live: boolean;
}

/** Width of the slot a live window's end is rounded up to, so keys change once per slot. */
export function windowSlotSeconds(range: RangeKind): number {
  return range === "30d" ? 3600 : range === "7d" ? 900 : 300;
}

/**
 * The time window of the view at the twin's `now`. Live windows end at the end of the current
 * slot (not at `now` itself) so every panel asks with the same, slowly changing key.
 * `dayStart` is the city's midnight of `now` (for the `live` preset).
 */
export function resolveWindow(v: DepartmentViewState, now: Date, dayStart: Date): TimeWindow {
  if (v.range === "custom" && v.from && v.to) return { from: v.from, to: v.to, live: false };
  const slot = windowSlotSeconds(v.range) * 1000;
  const end = Math.ceil((now.getTime() + 1) / slot) * slot;
  if (v.range === "live" || v.range === "custom") return { from: dayStart, to: new Date(end), live: true };
  return { from: new Date(end - PRESET_SECONDS[v.range] * 1000), to: new Date(end), live: true };
}

/** How far back the comparison window lies, ms (0 for none). */
export function compareShiftMs(v: DepartmentViewState, w: TimeWindow): number {
  if (v.compare === "none") return 0;
  if (v.compare === "week") return 7 * 86_400_000;
  // "live" compares with the same hours of the day before, not with a day-sized gap.
  if (v.range === "live") return 86_400_000;
  return w.to.getTime() - w.from.getTime();
}

/** The comparison window, or null when the view compares nothing. */
export function compareWindow(v: DepartmentViewState, w: TimeWindow): TimeWindow | null {
  const shift = compareShiftMs(v, w);
  if (shift === 0) return null;
  if (v.range === "live") {
    // The whole previous day, so its curve runs past "now" and shows what is still to come.
    return { from: new Date(w.from.getTime() - shift), to: new Date(w.from.getTime() - shift + 86_400_000), live: false };
  }
  return { from: new Date(w.from.getTime() - shift), to: new Date(w.to.getTime() - shift), live: false };
}

/**
 * Points a chart of `pixels` width asks the server for, rounded DOWN to a bucket so a resize by a
 * few pixels does not change the key, and never more than one point per pixel.
 */
export function pointsForWidth(pixels: number): number {
  const buckets = [100, 200, 300, 600, 1200, 2400];
  let best = buckets[0]!;
  for (const b of buckets) if (b <= pixels) best = b;
  return best;
}

/** The step (seconds) the server will use for a window at `maxPoints`, or null if none fits. */
export function stepFor(w: TimeWindow, maxPoints: number): number | null {
  return chooseStepSeconds((w.to.getTime() - w.from.getTime()) / 1000, undefined, maxPoints);
}

/** The cursor clamped into the window; null (live) stays null. */
export function clampCursor(at: Date | null, w: TimeWindow): Date | null {
  if (at === null) return null;
  const t = Math.min(Math.max(at.getTime(), w.from.getTime()), w.to.getTime() - 1000);
  return new Date(t);
}

/** The instant the view describes: the cursor, else `now`. */
export function viewInstant(v: DepartmentViewState, now: Date): Date {
  return v.at ?? now;
}

/**
 * The cursor's instant rounded down to the data's 5-minute grid, so a dragged cursor asks
 * for one key per slot rather than one per pixel.
 */
export function snapCursor(at: Date, slotSeconds = 300): Date {
  const slot = slotSeconds * 1000;
  return new Date(Math.floor(at.getTime() / slot) * slot);
}

/** An instant as the value of an `<input type="datetime-local">` in the city's zone. */
export function toZonedInput(at: Date, timeZone: string): string {
  return new Date(at.getTime() + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value names in the city's zone, or null if it is not one. */
export function fromZonedInput(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const asUtc = Date.parse(`${value}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guessed instant, then once more at the corrected one (a DST edge).
  const guess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  return new Date(asUtc - zoneOffsetMs(new Date(guess), timeZone));
}
