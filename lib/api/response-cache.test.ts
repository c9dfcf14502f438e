import { describe, expect, it } from "vitest";
import { ResponseCache, SLOT_MS, cacheKey, stableJson } from "./response-cache";

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
    expect((await cache.get("k", async () => "ok")).body).toBe("ok");
  });

  it("stays within its size, dropping the least recently used entries first", async () => {
    const cache = new ResponseCache(4000);
    const body = "x".repeat(400); // ~0.9 KB each as counted
    for (const k of ["a", "b", "c", "d"]) await cache.get(k, async () => body);
    await cache.get("a", async () => "recomputed"); // a is now the most recently used
    await cache.get("e", async () => body);
    expect(cache.snapshot().bytes).toBeLessThanOrEqual(4000);
    expect((await cache.get("a", async () => "again")).body).toBe(body);
    expect((await cache.get("b", async () => "new b")).body).toBe("new b");
  });

  it("does not cache one answer larger than a quarter of its size", async () => {
    const cache = new ResponseCache(4000);
    await cache.get("big", async () => "y".repeat(1000));
    expect(cache.snapshot().entries).toBe(0);
  });
});
