import { describe, expect, it } from "vitest";
import { acm } from "./account-messages";
import { am as adminMessages } from "./admin-messages";
import { am as alarmMessages } from "./alarm-messages";
import { at } from "./auth-messages";
import { englishLeftIn } from "./english-words";
import { t } from "./messages";
import { nm } from "./notify-messages";
import { ot } from "./ops-messages";
import { pm } from "./pairing-messages";
import { pt } from "./public-messages";
import { ppt } from "./public-portal-messages";
import { wt } from "@/lib/views/wall/messages";
import type { Locale } from "./locale";
import { defineMessages, fill } from "./table";

/** What the checks read of a table, whatever its keys. */
interface AnyTable {
  readonly keys: readonly string[];
  readonly table: Readonly<Record<Locale, Readonly<Record<string, string>>>>;
}

/** Every message table of the app: a new one belongs here, so the parity checks cover it. */
const TABLES: Record<string, AnyTable> = {
  messages: t,
  ops: ot,
  admin: adminMessages,
  account: acm,
  alarms: alarmMessages,
  auth: at,
  notify: nm,
  pairing: pm,
  public: pt,
  portal: ppt,
  wall: wt,
};

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
