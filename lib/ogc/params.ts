/**
 * Query parameters of OGC API Features (Part 1: Core) items requests, parsed with zod into what
 * the collections need: `bbox` (4 or 6 numbers, CRS84), `limit` (1 to ITEMS_LIMIT.max; larger
 * values are served as the maximum, as the standard asks), `datetime` (an RFC 3339 instant or an
 * interval with `..` or empty open ends) and the opaque paging `cursor` of our `next`/`prev`
 * links. Anything else, or a malformed value, is a 400 in the twin API's problem envelope: the
 * standard requires an exception for a parameter the API does not define.
 */
import { z } from "zod";
import type { BBox } from "@/lib/twin/source";

export const ITEMS_LIMIT = { default: 100, max: 1000 } as const;

/** A plain decimal or exponent number, as clients (GDAL, QGIS) write coordinates. */
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** `minLon,minLat,maxLon,maxLat` or `minLon,minLat,minZ,maxLon,maxLat,maxZ` (heights ignored) in CRS84. */
export const OgcBBoxParam = z.string().transform((s, ctx): BBox => {
  const nums = s.split(",").map((p) => (NUMBER.test(p) ? Number(p) : Number.NaN));
  if ((nums.length !== 4 && nums.length !== 6) || nums.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: "custom", message: "must be 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with heights)" });
    return z.NEVER;
  }
  const [w, south, e, n] = (nums.length === 6 ? [nums[0], nums[1], nums[3], nums[4]] : nums) as [number, number, number, number];
  if (w < -180 || e > 180 || w > e) {
    ctx.addIssue({ code: "custom", message: "longitudes must lie in [-180, 180] with min <= max (boxes across the antimeridian are not supported)" });
    return z.NEVER;
  }
  if (south < -90 || n > 90 || south > n) {
    ctx.addIssue({ code: "custom", message: "latitudes must lie in [-90, 90] with min <= max" });
    return z.NEVER;
  }
  return [w, south, e, n];
});

/** A time filter: an instant, or an interval whose ends may be open (null). */
export type DateTimeFilter = { instant: Date } | { start: Date | null; end: Date | null };

const Instant = z.iso.datetime({ offset: true });
const OPEN = new Set(["", ".."]);

/** RFC 3339 instant (`2026-07-15T10:00:00Z`), or interval `start/end` with `..` or an empty end for open. */
export const DateTimeParam = z.string().transform((s, ctx): DateTimeFilter => {
  const bad = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  const instant = (v: string) => (Instant.safeParse(v).success ? new Date(v) : undefined);
  const parts = s.split("/");
  if (parts.length === 1) {
    const t = instant(s);
    return t ? { instant: t } : bad("must be an RFC 3339 instant with offset (2026-07-15T10:00:00Z) or an interval start/end (`..` for open)");
  }
  if (parts.length !== 2) return bad("an interval has one `/`: start/end");
  const ends = parts.map((p) => (OPEN.has(p) ? null : (instant(p) ?? undefined)));
  const [start, end] = ends as [Date | null | undefined, Date | null | undefined];
  if (start === undefined || end === undefined) return bad("each end of an interval must be an RFC 3339 instant with offset, `..` or empty");
  if (start && end && start.getTime() > end.getTime()) return bad("the interval's start must not be after its end");
  return { start, end };
});

/** Whether `[from, to)` (to null: still going on) meets the filter; with no `from`, the thing is timeless and always does. */
export function meetsTime(f: DateTimeFilter, from: number | null, to: number | null): boolean {
  if (from === null) return true;
  if ("instant" in f) {
    const t = f.instant.getTime();
    return from <= t && (to === null || to > t);
  }
  return (f.end === null || from <= f.end.getTime()) && (f.start === null || to === null || to > f.start.getTime());
}

/** Our paging cursor: `n.<key>` for the page after an item, `p.<key>` for the page before one. */
export interface PageCursor {
  dir: "next" | "prev";
  key: string;
}

const CursorParam = z
  .string()
  .regex(/^[np]\.[A-Za-z0-9_-]{1,400}$/, "is not a cursor this API returned")
  .transform((s): PageCursor => ({ dir: s[0] === "n" ? "next" : "prev", key: s.slice(2) }));

export const encodePageCursor = (c: PageCursor) => `${c.dir === "next" ? "n" : "p"}.${c.key}`;

const LimitParam = z
  .string()
  .regex(/^\d{1,9}$/, "must be a positive integer")
  .transform(Number)
  .pipe(z.number().int().min(1, "must be at least 1"))
  .transform((n) => Math.min(n, ITEMS_LIMIT.max));

/** `f`: the only encodings served are JSON and GeoJSON. */
const FormatParam = z.enum(["json", "geojson"], { message: "only json (or geojson for items) is served" });

export const ItemsQuerySchema = z
  .object({
    bbox: OgcBBoxParam.optional(),
    limit: LimitParam.optional(),
    datetime: DateTimeParam.optional(),
    cursor: CursorParam.optional(),
    f: FormatParam.optional(),
  })
  .strict();
export type ItemsQuery = z.output<typeof ItemsQuerySchema>;

/** Metadata resources (landing, conformance, collections, one item) take only `f`. */
export const FormatQuerySchema = z.object({ f: FormatParam.optional() }).strict();

export const COLLECTION_IDS = ["assets", "alerts", "districts"] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

/** The collection id is checked by the handler: an unknown one is a 404, as the standard asks. */
export const CollectionParamsSchema = z.object({ collection: z.string().min(1).max(100) });
export const ItemParamsSchema = CollectionParamsSchema.extend({ id: z.string().min(1).max(300) });
