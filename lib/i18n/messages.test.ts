import { describe, expect, it } from "vitest";
import { parseLocale } from "./locale";
import { t } from "./messages";

describe("messages", () => {
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
