import { describe, expect, it } from "vitest";
import { parseLocale } from "./locale";
import { messages, t } from "./messages";

describe("messages", () => {
  it("has every English message translated to Chinese, none left empty", () => {
    const en = messages("en");
    const zh = messages("zh");
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(zh[key].length, key).toBeGreaterThan(0);
  });
  it("fills placeholders", () => {
    expect(t("en", "staleFor", { age: "12 min" })).toBe("stale · 12 min");
    expect(t("zh", "staleFor", { age: "12分钟" })).toBe("已过时 · 12分钟");
  });
  it("reads the language from ?lang= and falls back to English", () => {
    expect(parseLocale("zh")).toBe("zh");
    expect(parseLocale(["zh-CN"])).toBe("zh");
    expect(parseLocale("fr")).toBe("en");
    expect(parseLocale(undefined)).toBe("en");
  });
});
