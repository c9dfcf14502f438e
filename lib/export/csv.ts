/**
 * CSV files of what a panel shows, for people who open them in a spreadsheet: UTF-8 with a
 * byte-order mark, RFC 4180 (CRLF, quoting), a header row and the rows only — times in the city's
 * local time with its UTC offset, numbers rounded to their unit's precision, text guarded against
 * formulas. What the numbers are (title, district, window, comparison, as-of, source, simulated)
 * goes in a CSV on the Web (W3C CSVW) metadata sidecar, not in `#` lines a spreadsheet would take
 * for data. Pure; the browser download is in download.ts.
 */
import { formatLocalIso } from "@/lib/format/time";

export type Cell = string | number | boolean | null | undefined;

/** One field, quoted when it holds a comma, quote, or line break; null is an empty field. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
 * leading apostrophe, so an alert text or a name typed by someone opens as text (OWASP "CSV
 * injection"). Numbers are numbers and stay as they are.
 */
export function guardFormula(v: Cell): Cell {
  return typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * A CSV file for people to open in a spreadsheet: UTF-8 with a byte-order mark (Excel then reads
 * Chinese correctly), every text cell guarded against formulas, RFC 4180 otherwise as `toCsv`.
 */
export function toSpreadsheetCsv(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${toCsv(
    head.map((h) => String(guardFormula(h))),
    rows.map((r) => r.map(guardFormula)),
  )}`;
}

/** The CSV text: a header and the rows; CRLF line ends. */
export function toCsv(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [head.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** An instant as the API writes it (ISO 8601 in UTC). */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

/**
 * Fraction digits a unit's figures are given to: what the twin's sensors and KPI definitions
 * resolve (a tenth of a megawatt, of a percent, of a degree), whole counts for counts. Anything
 * else keeps two. A shown "11775.46833333333" is an average's float noise, not precision.
 */
const UNIT_DIGITS: Record<string, number> = {
  "%": 1,
  pp: 1,
  MW: 1,
  MWh: 1,
  kW: 1,
  "°C": 1,
  "µg/m³": 1,
  "dB(A)": 1,
  min: 1,
  s: 0,
  "km/h": 1,
  t: 1,
  A: 1,
  pax: 0,
  "veh/h": 0,
  TEU: 0,
};

export function unitDigits(unit: string | null): number {
  if (unit === null || unit === "" || unit === "1") return 2;
  return UNIT_DIGITS[unit] ?? 2;
}

/** The unit in a column name written as `name [unit]`, or null. */
export function columnUnit(name: string): string | null {
  return /\[([^\]]*)\]\s*$/.exec(name)?.[1] ?? null;
}

/** A number rounded to `digits` fraction digits, without "-0" or float tails. */
export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : Number(r.toFixed(digits));
}

/**
 * A panel's rows as a spreadsheet CSV: ISO instants become the city's local time with its offset
 * ("2026-07-15 09:00:00+08:00"), numbers are rounded to their column's unit precision (columns
 * without a unit, e.g. counts, keep whole numbers whole), then `toSpreadsheetCsv`.
 */
export function panelCsv(head: readonly string[], rows: readonly (readonly Cell[])[], timezone: string): string {
  const digits = head.map((h) => unitDigits(columnUnit(h)));
  const cell = (v: Cell, i: number): Cell => {
    if (typeof v === "number") return Number.isFinite(v) ? roundTo(v, digits[i] ?? 2) : null;
    if (typeof v === "string" && ISO_INSTANT.test(v)) return formatLocalIso(v, timezone);
    return v;
  };
  return toSpreadsheetCsv(
    head,
    rows.map((r) => r.map(cell)),
  );
}

/** A file name part: lower case letters, digits and dashes. */
export function fileSlug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** What a department panel's file says about itself, above its rows. */
export interface PanelExport {
  department: string;
  panelId: string;
  title: { en: string; zh: string };
  /** Data time of what the panel shows (ISO), if anything loaded. */
  asOf: string | undefined;
  district: string | null;
  window: { from: Date; to: Date };
  cursor: Date | null;
  timezone: string;
  simulated: boolean;
  /** What the view compares with, in words ("vs last week"), or absent for none. */
  comparison?: string;
  /** Where the figures come from (the KPI's source), in the file's language. */
  source?: string;
  /** The panel's own lines (unit, metric, aggregate…). */
  meta?: Record<string, string>;
}

/** `<department>-<panel id>-<as-of>`, e.g. `energy-feeders-2026-07-15t02-05-00-000z` (add the extension). */
export function exportBaseName(p: Pick<PanelExport, "department" | "panelId" | "asOf">): string {
  return `${p.department}-${p.panelId}-${fileSlug(p.asOf ?? "no-data")}`;
}

/**
 * The panel file's sidecar: CSV on the Web metadata (W3C CSVW, https://www.w3.org/TR/tabular-metadata/)
 * naming the CSV, its title in both languages, the view it was taken from (district, window,
 * cursor, comparison) in local time with offset, as-of, source, whether simulated, and each
 * column with its unit.
 */
export function panelMetadata(p: PanelExport, head: readonly { en: string; zh: string }[]): Record<string, unknown> {
  const local = (t: Date | string) => formatLocalIso(t, p.timezone);
  return {
    "@context": "http://www.w3.org/ns/csvw",
    url: `${exportBaseName(p)}.csv`,
    "dc:title": [
      { "@value": p.title.en, "@language": "en" },
      { "@value": p.title.zh, "@language": "zh-Hans" },
    ],
    "dc:source": p.source ?? "TwinOps twin API",
    "dc:modified": p.asOf ? local(p.asOf) : null,
    "twinops:department": p.department,
    "twinops:district": p.district ?? "whole city",
    "twinops:window": `${local(p.window.from)} / ${local(p.window.to)}`,
    "twinops:cursor": p.cursor ? local(p.cursor) : "live",
    "twinops:comparison": p.comparison ?? "none",
    "twinops:timeZone": p.timezone,
    "twinops:data": p.simulated ? "simulated (embedded TwinOps simulator, not live city sensors)" : "live",
    ...(p.meta ? { "twinops:panel": p.meta } : {}),
    dialect: { encoding: "utf-8", header: true, lineTerminators: ["\r\n"] },
    tableSchema: {
      columns: head.map((h) => {
        const unit = columnUnit(h.en);
        return {
          name: fileSlug(h.en) || "column",
          titles: [
            { "@value": h.en, "@language": "en" },
            { "@value": h.zh, "@language": "zh-Hans" },
          ],
          ...(unit ? { "twinops:unit": unit } : {}),
        };
      }),
    },
  };
}
