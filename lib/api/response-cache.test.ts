import { describe, expect, it } from "vitest";
import { ResponseCache, SLOT_MS, cacheKey, cachedBody, cachedResponse, etagOf, stableJson } from "./response-cache";

const parts = { twin: 1, version: 7, now: 1_000_000, scope: ["energy"], method: "GET", path: "/api/twin/v1/kpis", input: { query: { domain: "energy" } } };

describe("cacheKey", () => {
  it("is the same for the same request however its query was spelled, and differs by scope, version, slot and twin", () => {
    const k = cacheKey(parts);
    expect(cacheKey({ ...parts, input: { query: { domain: "energy", at: undefined } } })).toBe(k);
    expect(cacheKey({ ...parts, scope: ["transport", "energy"] })).toBe(cacheKey({ ...parts, scope: ["energy", "transport"] }));
    for (const other of [
      { scope: ["energy", "transport"] },
      { version: 8 },
      { now: parts.now + SLOT_MS },
      { twin: 2 },
      { method: "POST" },
      { input: { query: { domain: "health" } } },
    ]) {
      expect(cacheKey({ ...parts, ...other }), JSON.stringify(other)).not.toBe(k);
    }
  });

  it("sorts object keys but keeps array order (the order of ids can change an answer)", () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: new Date(0) } })).toBe('{"a":{"c":"1970-01-01T00:00:00.000Z","d":[2,1]},"b":1}');
  });
});

describe("ResponseCache", () => {
  it("computes a key once for any number of concurrent callers and serves the same bytes and ETag", async () => {
    const cache = new ResponseCache(1 << 20);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return '{"v":1}';
    };
    const got = await Promise.all(Array.from({ length: 20 }, () => cache.get("k", compute)));
    expect(runs).toBe(1);
    expect(new Set(got.map((g) => g.etag)).size).toBe(1);
    expect(cache.snapshot()).toMatchObject({ misses: 1, joined: 19, hits: 0, entries: 1 });
    await cache.get("k", compute);
    expect(cache.snapshot().hits).toBe(1);
  });

  it("does not keep a failed computation: every waiter gets the error and the next caller computes again", async () => {
    const cache = new ResponseCache(1 << 20);
    const failing = async () => {
      await Promise.resolve();
      throw new Error("store away");
    };
    const settled = await Promise.allSettled([cache.get("k", failing), cache.get("k", failing)]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(Buffer.from((await cache.get("k", async () => "ok")).bytes).toString()).toBe("ok");
  });

  it("stays within its size, dropping the least recently used entries first", async () => {
    const cache = new ResponseCache(4000);
    const body = "x".repeat(800); // ~0.9 KB each as counted
    for (const k of ["a", "b", "c", "d"]) await cache.get(k, async () => body);
    await cache.get("a", async () => "recomputed"); // a is now the most recently used
    await cache.get("e", async () => body);
    expect(cache.snapshot().bytes).toBeLessThanOrEqual(4000);
    expect(Buffer.from((await cache.get("a", async () => "again")).bytes).toString()).toBe(body);
    expect(Buffer.from((await cache.get("b", async () => "new b")).bytes).toString()).toBe("new b");
  });

  it("does not cache one answer larger than a quarter of its size", async () => {
    const cache = new ResponseCache(4000);
    await cache.get("big", async () => "y".repeat(1000));
    expect(cache.snapshot().entries).toBe(0);
  });
});

describe("cachedResponse", () => {
  const json = JSON.stringify({ values: Array.from({ length: 50 }, (_, i) => ({ id: `urn:ngsi-ld:Substation:shenzhen:${i}`, name: "福田 220kV", v: i / 7 })) });
  const entry = cachedBody(json);
  const ask = (headers: Record<string, string>) =>
    cachedResponse(new Request("http://x/api/twin/v1/kpis", { headers }), entry, "application/json", "private, no-cache");

  it("sends every caller the entry's own bytes (encoded once) with its strong ETag", async () => {
    const res = ask({});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect(res.headers.get("etag")).toBe(etagOf(json));
    expect(await res.text()).toBe(json);
    expect(Buffer.from(entry.bytes).equals(Buffer.from(json, "utf8"))).toBe(true);
  });

  it("answers 304 with no body to a caller holding the ETag", async () => {
    for (const inm of [entry.etag, `"other", W/${entry.etag}`, "*"]) {
      const res = ask({ "if-none-match": inm });
      expect(res.status).toBe(304);
      expect(res.headers.get("etag")).toBe(entry.etag);
      expect(await res.text()).toBe("");
    }
    expect(ask({ "if-none-match": '"other"' }).status).toBe(200);
  });
});
