import { describe, expect, it } from "vitest";
import { cleanText, freeText } from "./text";

describe("cleanText", () => {
  it("removes bidi embeddings, overrides, isolates and marks, so text reads as it is stored", () => {
    const bidi = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
    for (const c of bidi) expect(cleanText(`ok${c}fed by ops`), `U+${c.codePointAt(0)!.toString(16)}`).toBe("okfed by ops");
    expect(cleanText("Crew dispatched \u202Edevlos\u202C")).toBe("Crew dispatched devlos");
  });

  it("removes NUL and other control characters; one line turns breaks and tabs into spaces, multiline keeps breaks", () => {
    expect(cleanText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Bg")).toBe("abcdefg");
    expect(cleanText("one\ttwo\r\nthree\nfour\u2028five")).toBe("one two three four five");
    expect(cleanText("one\ttwo\r\nthree\rfour", { multiline: true })).toBe("one two\nthree\nfour");
  });

  it("keeps ordinary text of every script, joiners and emoji", () => {
    for (const t of ["福田区 变电站 过载", "مرحبا بالعالم", "שלום", "می‌خواهم", "👩‍🔧 on site", "O'Brien & Co. <ops>"]) expect(cleanText(t)).toBe(t);
  });

  it("cleans in a zod schema before the length check", () => {
    const s = freeText().min(1).max(5);
    expect(s.parse("ab\u202Ecd")).toBe("abcd");
    expect(s.safeParse("\u202E\u0000").success).toBe(false);
    expect(s.parse("\u202Eabcde")).toBe("abcde");
  });
});
