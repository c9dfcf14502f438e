/**
 * Per-client rate limiting in memory: GCRA (the token bucket kept as one number per client, its
 * "theoretical arrival time"). A client may send `burst` requests at once, then `rate` a second.
 * The number of clients tracked is capped; the least recently seen is forgotten first, so a flood
 * of distinct keys costs a bounded amount of memory (the price: a forgotten client starts again
 * with a full burst). Pure apart from the injectable clock. One instance per process: with
 * several app instances each enforces its own share (docs/security.md).
 */
import { env, type RateLimitConfig } from "@/lib/config/env";

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimitOptions {
  /** Sustained requests per second per client (> 0). */
  rate: number;
  /** Requests a client may send at once after a quiet spell (integer ≥ 1). */
  burst: number;
  /** Most clients remembered at once (integer ≥ 1). Default 10 000. */
  maxKeys?: number;
  /** Monotonic milliseconds. Default `performance.now`. */
  now?: () => number;
}

export interface RateLimiter {
  /** Counts one request of `key` and says whether it may proceed. */
  check(key: string): RateLimitResult;
  /** Clients currently remembered (for tests and metrics). */
  readonly size: number;
}

const DEFAULT_MAX_KEYS = 10_000;
/** Expired entries dropped from the cold end per call: keeps an idle map shrinking, O(1) a call. */
const SWEEP_PER_CHECK = 2;
/** Slack for float sums: a burst of 3 at 1/3 s apiece must not lose its last request to rounding. */
const EPSILON_MS = 1e-6;

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { rate, burst, maxKeys = DEFAULT_MAX_KEYS, now = () => performance.now() } = options;
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  if (!(Number.isInteger(burst) && burst >= 1)) throw new RangeError(`burst must be an integer ≥ 1, got ${burst}`);
  if (!(Number.isInteger(maxKeys) && maxKeys >= 1)) throw new RangeError(`maxKeys must be an integer ≥ 1, got ${maxKeys}`);

  /** Milliseconds one request "costs". */
  const interval = 1000 / rate;
  /** How far ahead of now a client's arrival time may run: a full bucket's worth. */
  const capacity = burst * interval;
  /**
   * Key -> theoretical arrival time (ms). A Map iterates in insertion order; re-inserting on every
   * use keeps the least recently used key first.
   */
  const tat = new Map<string, number>();

  function sweep(t: number): void {
    let n = 0;
    for (const [key, at] of tat) {
      if (n++ >= SWEEP_PER_CHECK || at > t) break;
      tat.delete(key); // Its bucket is full again: forgetting it changes nothing.
    }
  }

  return {
    check(key) {
      const t = now();
      sweep(t);
      const prev = tat.get(key);
      const start = prev === undefined ? t : Math.max(prev, t);
      const next = start + interval;
      if (prev !== undefined) tat.delete(key);
      if (next - t > capacity + EPSILON_MS) {
        // Refused requests cost nothing, but count as use so an active client is not forgotten.
        tat.set(key, prev ?? t);
        const waitMs = next - capacity - t;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      if (prev === undefined && tat.size >= maxKeys) {
        const coldest = tat.keys().next();
        if (!coldest.done) tat.delete(coldest.value);
      }
      tat.set(key, next);
      return { ok: true };
    },
    get size() {
      return tat.size;
    },
  };
}

/** Defaults: 50 requests a second per client, bursts of 100 (TWINOPS_RATE_LIMIT unset). */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { rate: 50, burst: 100 };

const unlimited: RateLimiter = { check: () => ({ ok: true }), size: 0 };

/** A limiter for a parsed TWINOPS_RATE_LIMIT: null (`off`) never limits. */
export function rateLimiterFor(config: RateLimitConfig | null, options: Pick<RateLimitOptions, "maxKeys" | "now"> = {}): RateLimiter {
  return config === null ? unlimited : createRateLimiter({ ...config, ...options });
}

let shared: RateLimiter | undefined;

/** The process-wide limiter of the API (TWINOPS_RATE_LIMIT, on first use). */
export function defaultRateLimiter(): RateLimiter {
  shared ??= rateLimiterFor(env().TWINOPS_RATE_LIMIT);
  return shared;
}
