import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { englishLeftIn } from "./english-words";
import type { Locale } from "./locale";
import { defineMessages, fill } from "./table";

/** What the checks read of a table, whatever its keys. */
interface AnyTable {
  readonly keys: readonly string[];
  readonly table: Readonly<Record<Locale, Readonly<Record<string, string>>>>;
}

const ROOT = join(__dirname, "../..");

/** Source files (tests aside) that build a message table: found, not listed, so a new table is checked without anyone adding it here. */
function tableModules(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tableModules(path);
    return /\.tsx?$/.test(e.name) && !/\.(test|spec|contract)\./.test(e.name) && /\bdefineMessages\(/.test(readFileSync(join(ROOT, path), "utf8")) ? [path] : [];
  });
}

const isTable = (v: unknown): v is AnyTable =>
  typeof v === "function" && Array.isArray((v as Partial<AnyTable>).keys) && typeof (v as Partial<AnyTable>).table === "object";

const MODULES = ["app", "components", "lib", "domains"].flatMap(tableModules).filter((p) => p !== relative(ROOT, join(__dirname, "table.ts")));

/** Every message table of the app: each module that calls defineMessages, and the tables it exports (or keeps, as messages.ts does behind `t`). */
const TABLES: Record<string, AnyTable> = Object.fromEntries(
  (
    await Promise.all(
      MODULES.map(async (path) => Object.entries((await import(join(ROOT, path))) as Record<string, unknown>).filter(([, v]) => isTable(v)).map(([name, v]) => [`${path} ${name}`, v as AnyTable] as const)),
    )
  ).flat(),
);

describe("the table list", () => {
  it("finds every module that defines a table, and a table in each", () => {
    // Known tables at the time of writing: a lower count means the search lost some.
    expect(MODULES.length).toBeGreaterThanOrEqual(12);
    for (const path of MODULES) expect(Object.keys(TABLES).some((k) => k.startsWith(`${path} `)), `${path} exports no table`).toBe(true);
  });
});

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(TABLES))("message table %s", (_name, { keys, table: both }) => {
  const msg = (locale: Locale, key: string) => both[locale][key] ?? "";
  it("has every key in both languages, none empty", () => {
    expect(Object.keys(both.zh).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(msg("en", key).trim(), key).not.toBe("");
      expect(msg("zh", key).trim(), key).not.toBe("");
    }
  });
  it("leaves no English in Chinese strings but names, units and codes", () => {
    const left = keys.flatMap((key) => englishLeftIn(msg("zh", key).replace(/\{\w+\}/g, " ")).map((w) => `${key}: ${w}`));
    expect(left).toEqual([]);
  });
  it("has the same placeholders in both languages", () => {
    for (const key of keys) expect(placeholders(msg("zh", key)), key).toEqual(placeholders(msg("en", key)));
  });
});

describe("defineMessages", () => {
  const m = defineMessages({ hello: "Hello {name}, {n} new" }, { hello: "{name}，您好，新增 {n} 条" });
  it("fills placeholders and leaves unknown ones as written", () => {
    expect(m("en", "hello", { name: "Li", n: 3 })).toBe("Hello Li, 3 new");
    expect(m("zh", "hello", { name: "李" })).toBe("李，您好，新增 {n} 条");
    expect(fill("{constructor}", {})).toBe("{constructor}");
  });
  it("knows its keys", () => {
    expect(m.keys).toEqual(["hello"]);
    expect(m.has("hello")).toBe(true);
    expect(m.has("toString")).toBe(false);
  });
});

describe("English left in Chinese text", () => {
  it("finds English prose but not names, units, identifiers or asset codes", () => {
    expect(englishLeftIn("馈线 baoan-3 负载率 95 %，超过 90 MW")).toEqual([]);
    expect(englishLeftIn("资产 urn:ngsi-ld:Feeder:shenzhen:baoan-3 · TwinOps")).toEqual([]);
    expect(englishLeftIn("跳到 Skip to main content")).toEqual(["Skip", "to", "main", "content"]);
  });
});
