/**
 * Free text people type (alert comments, names of accounts and tokens) is stored and shown to
 * others in the audit trail, so it must not lie about itself: control characters (NUL, ESC,
 * backspace...) and the Unicode bidirectional controls that reorder what follows them (LRE RLE
 * PDF LRO RLO U+202A-E, the isolates U+2066-9, the marks LRM RLM ALM) are removed on input,
 * "Trojan Source" style (CVE-2021-42574). Joiners (ZWJ, ZWNJ), which some scripts and emoji
 * need, stay. One sanitiser, used by every schema that takes such text. Client-safe.
 */
import { z } from "zod";

/** Bidi embeddings, overrides, isolates and marks. */
const BIDI = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";
/** Everything unsafe but line breaks and tabs, which are turned into spaces or kept below. */
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI}]`, "g");

/**
 * `text` without control and bidi control characters. One line: tabs and line breaks become
 * spaces. `multiline`: line breaks are kept (as \n), tabs become spaces.
 */
export function cleanText(text: string, options: { multiline?: boolean } = {}): string {
  const lines = text.replace(UNSAFE, "").replace(/\r\n?|\u2028|\u2029/g, "\n").replace(/\t/g, " ");
  return options.multiline ? lines : lines.replace(/\n/g, " ");
}

/** A zod string of free text, cleaned (`cleanText`) before its length and other checks. */
export function freeText(options: { multiline?: boolean } = {}) {
  return z.string().overwrite((s) => cleanText(s, options));
}
