import { describe, expect, it } from "vitest";
import { safeNext } from "./server";

describe("safeNext", () => {
  it("keeps paths on this site, normalised", () => {
    expect(safeNext("/energy?range=7d#map")).toBe("/energy?range=7d#map");
    expect(safeNext("/a/./b/../c")).toBe("/a/c");
    expect(safeNext("/assets/urn:ngsi-ld:Feeder:shenzhen:futian-001")).toBe("/assets/urn:ngsi-ld:Feeder:shenzhen:futian-001");
  });

  it("refuses anything that resolves to another host or is not a path, after normalising", () => {
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example/x",
      "/..//evil.example/phish",
      "/.%2e//evil.example/x",
      "/%2e%2e//evil.example/x",
      "/./..//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe("/");
    }
  });
});
