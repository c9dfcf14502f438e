import "server-only";
/**
 * The shared response cache of twin API reads: identical reads between two data changes are
 * computed once and the same bytes (with one strong ETag) go to every client that asks.
 *
 * An entry's key is the normalised request (path, parsed query, params and body: the order of
 * query parameters or the spelling of an instant does not matter), the caller's scope (the
 * domains it may read: a body computed for one scope is never served to another), the twin's
 * data version (`TwinEvents.dataVersion`: the newest event id, from the shared events table on
 * PostgreSQL, so every instance agrees) and a slot of the twin clock (answers "at now" age by at
 * most SLOT_MS even where a feed changes nothing). Callers asking for a key while it is being
 * computed wait for that one computation (single flight). Entries are dropped least recently
 * used first when the cache passes its size (TWINOPS_RESPONSE_CACHE_MB).
 */
import { createHash } from "node:crypto";

/** Twin-clock slot of a cache entry, ms: one simulator tick. */
export const SLOT_MS = 5000;

export interface CachedBody {
  /**
   * The answer as UTF-8, encoded once: every client gets these bytes, not a new encoding of a
   * string. (Compression stays Next's, per response: Next 16 drops a route handler's own
   * Content-Encoding and Content-Length headers, so pre-compressed bytes cannot be sent from one.)
   */
  bytes: Uint8Array<ArrayBuffer>;
  /** Strong ETag: a hash of the exact bytes. */
  etag: string;
}

/** A body as it is kept: its bytes and ETag, computed once for every client that asks for it. */
export function cachedBody(body: string): CachedBody {
  const bytes = new TextEncoder().encode(body);
  return { bytes, etag: etagOf(bytes) };
}

/**
 * The HTTP answer for a cached entry: a 304 when the client holds these bytes (If-None-Match),
 * else the entry's bytes as they are.
 */
export function cachedResponse(request: Request, entry: CachedBody, contentType: string, cacheControl: string): Response {
  const headers = { ETag: entry.etag, "Cache-Control": cacheControl };
  if (matchesEtag(request.headers.get("if-none-match"), entry.etag)) return new Response(null, { status: 304, headers });
  return new Response(entry.bytes, { status: 200, headers: { ...headers, "Content-Type": contentType } });
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it). */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Callers that waited for a computation another caller had started. */
  joined: number;
  entries: number;
  bytes: number;
}

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** JSON with object keys sorted (arrays keep their order: it can change the answer). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .filter((k) => obj[k] !== undefined)
        .map((k) => [k, obj[k]]),
    );
  });
}

/** Bytes an entry costs: its encodings and its key (UTF-16 in memory). */
const sizeOf = (key: string, e: CachedBody) => 2 * key.length + e.bytes.length + 64;

export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly inflight = new Map<string, Promise<CachedBody>>();
  private bytes = 0;
  private readonly stats = { hits: 0, misses: 0, joined: 0 };

  constructor(private readonly maxBytes: number) {}

  /**
   * The cached answer for `key`, or the one being computed, or a new computation. A computation
   * that throws is not cached: every caller waiting for it gets the error.
   */
  async get(key: string, compute: () => Promise<string>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit) {
      this.stats.hits++;
      // Most recently used last: Map iteration order is insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const running = this.inflight.get(key);
    if (running) {
      this.stats.joined++;
      return running;
    }
    this.stats.misses++;
    const work = (async () => {
      const entry = cachedBody(await compute());
      this.put(key, entry);
      return entry;
    })();
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(key);
    }
  }

  private put(key: string, entry: CachedBody): void {
    const size = sizeOf(key, entry);
    if (size > this.maxBytes / 4) return; // one answer may not push out most of the others
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= sizeOf(k, e);
    }
  }

  snapshot(): CacheStats {
    return { ...this.stats, entries: this.entries.size, bytes: this.bytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** Per twin object: a twin swapped in by tests (or reopened) never sees another's entries. */
const twinIds = new WeakMap<object, number>();
let nextTwinId = 1;

export function twinIdentity(twin: object): number {
  let id = twinIds.get(twin);
  if (id === undefined) {
    id = nextTwinId++;
    twinIds.set(twin, id);
  }
  return id;
}

export interface KeyParts {
  twin: number;
  version: number;
  /** Twin clock, ms since epoch. */
  now: number;
  scope: readonly string[];
  method: string;
  path: string;
  input: unknown;
}

export function cacheKey(p: KeyParts): string {
  const scope = [...p.scope].sort().join(",");
  return `${p.twin}|v${p.version}|s${Math.floor(p.now / SLOT_MS)}|${scope}|${p.method} ${p.path}|${stableJson(p.input)}`;
}
