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
