import { describe, expect, it } from "vitest";
import { NOTIFY_MESSAGE_KEYS, nm } from "./notify-messages";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("notification screen messages", () => {
  it("has every message in Chinese with the same placeholders", () => {
    for (const key of NOTIFY_MESSAGE_KEYS) {
      expect(nm("zh", key).trim(), key).not.toBe("");
      expect(placeholders(nm("zh", key)), key).toEqual(placeholders(nm("en", key)));
    }
    expect(nm("zh", "escalateAfter", { minutes: 10, channels: "值班经理" })).toBe("10 分钟未确认 → 值班经理");
  });
});
