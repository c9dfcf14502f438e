import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { createRateLimiter, DEFAULT_RATE_LIMIT, rateLimiterFor } from "./rate-limit";

/** A clock the test moves by hand. */
function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function allowed(limiter: { check(key: string): { ok: boolean } }, key: string, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (limiter.check(key).ok) ok++;
  return ok;
}

describe("createRateLimiter", () => {
  it("allows a full burst at once, then refuses with the wait until one more fits", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 0.5, burst: 3, now: c.now });
    expect(allowed(limiter, "a", 3)).toBe(3);
    // One request refills every 2 s.
    expect(limiter.check("a")).toEqual({ ok: false, retryAfterSeconds: 2 });
    c.advance(1_500);
    expect(limiter.check("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(500);
    expect(limiter.check("a")).toEqual({ ok: true });
    expect(limiter.check("a").ok).toBe(false);
  });

  it("rounds Retry-After up to whole seconds, never 0", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 50, burst: 100, now: c.now });
    expect(allowed(limiter, "a", 100)).toBe(100);
    expect(limiter.check("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("honours its own Retry-After: waiting that long is enough", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 0.2, burst: 2, now: c.now });
    allowed(limiter, "a", 2);
    const refused = limiter.check("a");
    if (refused.ok) throw new Error("expected a refusal");
    expect(refused.retryAfterSeconds).toBe(5);
    c.advance(refused.retryAfterSeconds * 1000 - 1);
    expect(limiter.check("a").ok).toBe(false);
    c.advance(1);
    expect(limiter.check("a").ok).toBe(true);
  });

  it("does not charge refused requests: hammering does not push the wait further out", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 1, burst: 1, now: c.now });
    expect(limiter.check("a").ok).toBe(true);
    for (let i = 0; i < 1000; i++) expect(limiter.check("a").ok).toBe(false);
    c.advance(1000);
    expect(limiter.check("a").ok).toBe(true);
  });

  it("refills at the rate and never beyond the burst", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 10, burst: 5, now: c.now });
    expect(allowed(limiter, "a", 5)).toBe(5);
    c.advance(300); // three requests' worth
    expect(allowed(limiter, "a", 10)).toBe(3);
    c.advance(60_000); // a long quiet spell refills to the burst, not to 600
    expect(allowed(limiter, "a", 100)).toBe(5);
    // Sustained: one request every 100 ms is always allowed.
    for (let i = 0; i < 50; i++) {
      c.advance(100);
      expect(limiter.check("a").ok).toBe(true);
    }
  });

  it("keeps a fractional-rate burst whole despite float rounding", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 3, burst: 7, now: c.now });
    expect(allowed(limiter, "a", 8)).toBe(7);
  });

  it("keeps clients independent", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 1, burst: 2, now: c.now });
    expect(allowed(limiter, "a", 10)).toBe(2);
    expect(allowed(limiter, "b", 2)).toBe(2);
    expect(limiter.check("b").ok).toBe(false);
    expect(limiter.check("c").ok).toBe(true);
  });

  it("remembers at most maxKeys clients, forgetting the least recently seen", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 1, burst: 1, maxKeys: 3, now: c.now });
    for (const k of ["a", "b", "c"]) limiter.check(k);
    limiter.check("a"); // refused, but a is now the most recently seen
    limiter.check("d"); // evicts b
    expect(limiter.size).toBe(3);
    expect(limiter.check("a").ok).toBe(false); // still remembered
    expect(limiter.check("b").ok).toBe(true); // forgotten: a fresh bucket (evicts c)
    expect(limiter.check("d").ok).toBe(false);
  });

  it("holds the cap under a flood of distinct keys", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 1, burst: 1, maxKeys: 1000, now: c.now });
    for (let i = 0; i < 100_000; i++) limiter.check(`flood-${i}`);
    expect(limiter.size).toBe(1000);
  });

  it("forgets clients whose bucket has refilled", () => {
    const c = clock();
    const limiter = createRateLimiter({ rate: 1, burst: 2, now: c.now });
    for (let i = 0; i < 10; i++) limiter.check(`k${i}`);
    expect(limiter.size).toBe(10);
    c.advance(10_000);
    for (let i = 0; i < 10; i++) limiter.check("busy");
    expect(limiter.size).toBe(1);
  });

  it("rejects a nonsensical configuration", () => {
    expect(() => createRateLimiter({ rate: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ rate: 1, burst: 0.5 })).toThrow(RangeError);
    expect(() => createRateLimiter({ rate: 1, burst: 1, maxKeys: 0 })).toThrow(RangeError);
  });
});

describe("rateLimiterFor", () => {
  it("is configured by TWINOPS_RATE_LIMIT, and unlimited when off", () => {
    const c = clock();
    expect(allowed(rateLimiterFor(parseEnv({}).TWINOPS_RATE_LIMIT, { now: c.now }), "a", 200)).toBe(DEFAULT_RATE_LIMIT.burst);
    expect(allowed(rateLimiterFor(parseEnv({ TWINOPS_RATE_LIMIT: "1:3" }).TWINOPS_RATE_LIMIT, { now: c.now }), "a", 10)).toBe(3);
    expect(allowed(rateLimiterFor(parseEnv({ TWINOPS_RATE_LIMIT: "off" }).TWINOPS_RATE_LIMIT, { now: c.now }), "a", 10_000)).toBe(10_000);
  });
});
