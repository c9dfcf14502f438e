import { describe, expect, it } from "vitest";
import { ACCOUNT_MESSAGE_KEYS, acm } from "./account-messages";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("account (API token) messages", () => {
  it("has every English message in Chinese: not empty, not left in English, same placeholders", () => {
    for (const key of ACCOUNT_MESSAGE_KEYS) {
      const zh = acm("zh", key);
      expect(zh.trim(), key).not.toBe("");
      expect(zh, key).not.toBe(acm("en", key));
      expect(placeholders(zh), key).toEqual(placeholders(acm("en", key)));
    }
  });
  it("fills placeholders", () => {
    expect(acm("en", "revokedOne", { name: "qgis" })).toBe("Token qgis revoked: it no longer works.");
    expect(acm("zh", "days", { n: 90 })).toBe("90 天");
  });
});
