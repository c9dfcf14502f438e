import { describe, expect, it } from "vitest";
import { documentLang } from "./document-lang";

describe("documentLang", () => {
  it("follows the locale segment of public pages", () => {
    expect(documentLang(["public", "zh", "energy"])).toBe("zh-Hans");
    expect(documentLang(["public", "en"])).toBe("en");
  });
  it("is English elsewhere and for unknown locales", () => {
    expect(documentLang([])).toBe("en");
    expect(documentLang(["public", "fr"])).toBe("en");
    expect(documentLang(["wall", "zh"])).toBe("en");
  });
});
