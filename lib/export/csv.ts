/**
 * CSV files of what a panel shows (RFC 4180): a `#` comment block saying what the numbers are
 * (title, units, as-of, filter, window, whether simulated), then a header row and the rows as the
 * API gave them. Pure; the browser download is in download.ts.
 */

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
  return `\uFEFF${toCsv({}, head.map((h) => String(guardFormula(h))), rows.map((r) => r.map(guardFormula)))}`;
}

/** The CSV text: comment lines (`# key: value`), a header, the rows; CRLF line ends. */
export function toCsv(meta: Record<string, string>, head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [
    ...Object.entries(meta).map(([k, v]) => `# ${k}: ${v.replace(/[\r\n]+/g, " ")}`),
    head.map(csvField).join(","),
    ...rows.map((r) => r.map(csvField).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
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
  /** The panel's own lines (unit, metric, aggregate…). */
  meta?: Record<string, string>;
}

/** `<department>-<panel id>-<as-of>`, e.g. `energy-feeders-2026-07-15t02-05-00-000z` (add the extension). */
export function exportBaseName(p: Pick<PanelExport, "department" | "panelId" | "asOf">): string {
  return `${p.department}-${p.panelId}-${fileSlug(p.asOf ?? "no-data")}`;
}

/** The comment block of a panel's CSV: title in both languages, as-of, filter, window, source. */
export function panelCsvMeta(p: PanelExport): Record<string, string> {
  return {
    title: `${p.title.en} (${p.title.zh})`,
    department: p.department,
    "as of": p.asOf ?? "",
    district: p.district ?? "whole city",
    window: `${p.window.from.toISOString()} / ${p.window.to.toISOString()}`,
    cursor: p.cursor ? p.cursor.toISOString() : "live",
    "time zone": p.timezone,
    ...p.meta,
    data: p.simulated ? "simulated (embedded TwinOps simulator, not live city sensors)" : "live",
  };
}
