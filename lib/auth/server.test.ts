import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getOpsStore, setOpsStoreForTesting } from "@/lib/ops/runtime";
import { safeNext, sameOrigin } from "./server";

/** No public URL configured, no proxy in front. */
const NO_PROXY = { TWINOPS_PUBLIC_URL: undefined, TWINOPS_TRUST_PROXY: 0 };

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

describe("sameOrigin without Sec-Fetch-Site (the Origin fallback)", () => {
  // `next start` builds request.url from the address it listens on, whatever name the browser used.
  const req = (headers: Record<string, string>) => new Request("http://localhost:3310/api/auth/signin", { method: "POST", headers });

  it("compares with the host the browser sent the request to, not the address the server listens on", () => {
    expect(sameOrigin(req({ host: "127.0.0.1:3310", origin: "http://127.0.0.1:3310" }), NO_PROXY)).toBe(true);
    expect(sameOrigin(req({ host: "127.0.0.1:3310", origin: "http://localhost:3310" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "ops.city.example", origin: "http://ops.city.example" }), NO_PROXY)).toBe(true);
    expect(sameOrigin(req({ host: "ops.city.example", origin: "https://ops.city.example" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "ops.city.example", "x-forwarded-proto": "https", origin: "https://ops.city.example" }), NO_PROXY)).toBe(true);
  });

  it("accepts the configured public origin", () => {
    const env = { TWINOPS_PUBLIC_URL: "https://ops.city.example/", TWINOPS_TRUST_PROXY: 0 };
    expect(sameOrigin(req({ host: "10.0.0.5:3000", origin: "https://ops.city.example" }), env)).toBe(true);
    expect(sameOrigin(req({ host: "10.0.0.5:3000", origin: "https://evil.example" }), env)).toBe(false);
  });

  it("honours X-Forwarded-Host only behind trusted proxies", () => {
    const headers = { host: "app:3000", "x-forwarded-host": "ops.city.example", origin: "http://ops.city.example" };
    expect(sameOrigin(req(headers), NO_PROXY)).toBe(false);
    expect(sameOrigin(req(headers), { TWINOPS_TRUST_PROXY: 0 })).toBe(false);
    expect(sameOrigin(req(headers), { TWINOPS_TRUST_PROXY: 1 })).toBe(true);
    expect(sameOrigin(req({ ...headers, "x-forwarded-host": "evil.example, ops.city.example" }), { TWINOPS_TRUST_PROXY: 1 })).toBe(true);
    expect(sameOrigin(req({ ...headers, "x-forwarded-host": "ops.city.example, evil.example" }), { TWINOPS_TRUST_PROXY: 1 })).toBe(false);
  });

  it("refuses other sites, opaque origins and malformed hosts; lets non-browser clients (no Origin) through", () => {
    expect(sameOrigin(req({ host: "127.0.0.1:3310", origin: "https://evil.example" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "127.0.0.1:3310", origin: "null" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "evil.example/x@127.0.0.1:3310", origin: "http://evil.example" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "127.0.0.1:3310" }), NO_PROXY)).toBe(true);
  });

  it("follows Sec-Fetch-Site when the browser sends it", () => {
    expect(sameOrigin(req({ host: "127.0.0.1:3310", "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:3310" }), NO_PROXY)).toBe(false);
    expect(sameOrigin(req({ host: "127.0.0.1:3310", "sec-fetch-site": "same-origin", origin: "http://localhost:3310" }), NO_PROXY)).toBe(true);
  });
});

describe("getOpsStore", () => {
  afterEach(() => {
    setOpsStoreForTesting(undefined);
    vi.unstubAllEnvs();
  });

  it("signs with TWINOPS_SESSION_SECRET and verifies with TWINOPS_SESSION_SECRET_PREVIOUS too", async () => {
    const secret = "s".repeat(40);
    const previous = "p".repeat(40);
    vi.stubEnv("TWINOPS_DB_PATH", ":memory:");
    vi.stubEnv("TWINOPS_SESSION_SECRET", secret);
    vi.stubEnv("TWINOPS_SESSION_SECRET_PREVIOUS", previous);
    setOpsStoreForTesting(undefined);
    const store = await getOpsStore();
    expect(store.backend).toBe("sqlite");
    expect(await store.sign("x")).toBe(createHmac("sha256", secret).update("x").digest("base64url"));
    expect(await store.verifySignature("x", createHmac("sha256", previous).update("x").digest("base64url"))).toBe(true);
  });
});
