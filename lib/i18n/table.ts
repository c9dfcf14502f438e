/**
 * The one message-table factory: every table of interface strings (overview, operations,
 * admin, account, alarms, notifications, pairing, sign-in, public pages) is an English object
 * and a Chinese object with the same keys, looked up through the function this returns. The
 * Chinese object's type is the English one's keys, so a missing translation is a type error;
 * the parity test (table.test.ts) checks what types cannot: no English left in Chinese strings
 * and the same `{placeholders}` in both. Pure: safe everywhere.
 */
import type { Locale } from "./locale";

export type MessageVars = Record<string, string | number>;

export interface MessageTable<K extends string> {
  /** One message, with `{name}` placeholders filled in (an unknown placeholder stays as written). */
  (locale: Locale, key: K, vars?: MessageVars): string;
  /** Every key, in the English table's order. */
  readonly keys: readonly K[];
  /** Both languages' strings, for the parity test and for components that need the whole table. */
  readonly table: Readonly<Record<Locale, Readonly<Record<K, string>>>>;
  /** Whether a string is a key of this table (for ids that name a message, such as `role.admin`). */
  has(key: string): key is K;
}

/** Fills `{name}` placeholders; one that `vars` does not name stays as written. */
export function fill(raw: string, vars?: MessageVars): string {
  if (!vars) return raw;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** A message table from its English strings and their Chinese translations (same keys). */
export function defineMessages<K extends string>(en: Record<K, string>, zh: NoInfer<Record<K, string>>): MessageTable<K> {
  const table = { en, zh } as const;
  const lookup = (locale: Locale, key: K, vars?: MessageVars) => fill(table[locale][key], vars);
  return Object.assign(lookup, {
    keys: Object.keys(en) as K[],
    table,
    has: (key: string): key is K => Object.hasOwn(en, key),
  });
}
