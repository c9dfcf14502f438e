import { describe, expect, it } from "vitest";
import { acm } from "./account-messages";

describe("account (API token) messages", () => {
  it("fills placeholders", () => {
    expect(acm("en", "revokedOne", { name: "qgis" })).toBe("Token qgis revoked: it no longer works.");
    expect(acm("zh", "days", { n: 90 })).toBe("90 天");
  });
});
