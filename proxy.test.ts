import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy, withoutTrailingSlash } from "./proxy";

describe("proxy", () => {
  it("answers a trailing slash with a 308 to the path without it, query kept", () => {
    const res = proxy(new NextRequest("http://127.0.0.1:3310/energy/?range=7d"));
    expect(res.status).toBe(308);
    const location = new URL(res.headers.get("location")!);
    expect(location.pathname + location.search).toBe("/energy?range=7d");
  });

  it("never turns a path into a scheme-relative URL on the way", () => {
    expect(withoutTrailingSlash("//evil.example/")).toBe("/evil.example");
    expect(withoutTrailingSlash("/assets//x//")).toBe("/assets/x");
    expect(withoutTrailingSlash("///")).toBe("/");
    const location = new URL(proxy(new NextRequest("http://127.0.0.1:3310//evil.example/")).headers.get("location")!);
    // (NextRequest names 127.0.0.1 localhost; Next relativises the Location to the request's origin.)
    expect([location.hostname, location.pathname]).toEqual(["localhost", "/evil.example"]);
  });

  it("passes other paths on, and answers a malformed percent-escape with a 400 problem", () => {
    expect(proxy(new NextRequest("http://127.0.0.1:3310/energy")).headers.get("x-middleware-next")).toBe("1");
    const bad = proxy(new NextRequest("http://127.0.0.1:3310/assets/%ZZ"));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });
});
