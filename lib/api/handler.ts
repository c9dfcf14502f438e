import "server-only";
/**
 * The one wrapper every twin API route handler goes through: parse path and query with zod, call
 * the handler, serialise JSON with the right caching headers, and map every error to the problem
 * envelope. Handlers stay a few lines: parse -> domain call -> respond.
 */
import type { z } from "zod";
import { ApiError, forbidden, problemResponse, toProblem, unauthorized } from "./errors";
import { HEAVY_COST, HeavyGate } from "./limits";
import { ResponseCache, cacheKey, cachedBody, cachedResponse, twinIdentity } from "./response-cache";
import { canOperate, isAdmin, readableDomains, type Principal } from "@/lib/auth/roles";
import { scopeOf } from "@/lib/auth/scope";
import { getTwin } from "@/lib/twin/runtime";
import { csrfOk, resolveRequest } from "@/lib/auth/server";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { clientKey } from "@/lib/security/client";
import { defaultRateLimiter } from "@/lib/security/rate-limit";

/**
 * `live`: no-store (values change every tick). `metadata`: revalidated with an ETag. `shared`:
 * a live read that is a pure function of its input and the caller's scope, served from the
 * shared response cache (one computation per twin data version) with a strong ETag, so clients
 * revalidate with If-None-Match and get a 304 until the data changes.
 */
export type CachePolicy = "live" | "metadata" | "shared";

/**
 * Who may call an endpoint. `public`: anyone (API description, landing). `read`: any signed-in
 * person, device token or read token; the handler narrows to the caller's domains. `operate`:
 * operators and admins. `admin`: admins. `ingest`: sensor feed tokens. `account`: a signed-in
 * person (session), acting on their own account. `correct`: feed tokens and admins (a correction
 * of stored observations).
 */
export type Access = "public" | "read" | "operate" | "admin" | "ingest" | "account" | "correct";

export interface ApiOptions<
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  B extends z.ZodType | undefined = undefined,
> {
  query?: Q;
  params?: P;
  /** JSON request body (POST); at most MAX_BODY_BYTES. */
  body?: B;
  cache?: CachePolicy;
  /** Defaults to application/json. */
  contentType?: string;
  /** Defaults to `read`: an endpoint is never public by omission. */
  access?: Access;
  /**
   * Estimated values the answer will hold (e.g. series × buckets × aggregates). At HEAVY_COST or
   * more the read is expensive: it waits its turn in the heavy line (lib/api/limits.ts).
   */
  cost?: (input: ApiInput<Q, P, B>) => number | Promise<number>;
}


type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface ApiInput<Q, P, B = undefined> {
  query: Out<Q>;
  params: Out<P>;
  body: Out<B>;
  request: Request;
  /** The caller; null only on `public` endpoints. */
  principal: Principal | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Checks the caller against the endpoint's access level; throws 401/403. */
export async function authorize(request: Request, access: Access): Promise<Principal | null> {
  if (access === "public") return null;
  const resolved = await resolveRequest(request);
  const p = resolved.principal;
  if (!p) throw unauthorized();
  if (p.kind === "token" && !SAFE_METHODS.has(request.method)) {
    throw new ApiError(403, "read_only", "A read token only reads: sign in to change anything.");
  }
  if (!SAFE_METHODS.has(request.method) && !(await csrfOk(request, resolved))) {
    throw new ApiError(403, "csrf", "This change must come from a TwinOps page with its CSRF token (header x-csrf-token).");
  }
  switch (access) {
    case "read":
      if (readableDomains(p).length === 0) throw forbidden("This credential cannot read twin data.");
      break;
    case "operate":
      if (!canOperate(p)) throw forbidden("Only operators and admins can act on alerts.");
      break;
    case "admin":
      if (!isAdmin(p)) throw forbidden("Only admins can do this.");
      break;
    case "ingest":
      if (p.kind !== "feed") throw forbidden("Ingest takes a feed token (Authorization: Bearer twk_…).");
      break;
    case "account":
      if (p.kind !== "user") throw forbidden("Sign in to manage your own account and tokens.");
      break;
    case "correct":
      if (p.kind !== "feed" && !isAdmin(p)) throw forbidden("Corrections take a feed token or an admin's session.");
      break;
  }
  return p;
}

/** Largest JSON body a twin API endpoint reads. */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * A request body as text, at most `max` bytes: a larger declared length is refused before
 * reading, and a chunked body (no length) is counted while read, never buffered whole first.
 */
export async function readCapped(request: Request, max: number, tooLarge: () => Error): Promise<string> {
  if (Number(request.headers.get("content-length") ?? "0") > max) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads and parses a JSON body with a size cap; malformed or oversized bodies are 4xx, not 500. */
async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "The request body must be application/json.", [
      { parameter: "body", message: `content type ${JSON.stringify(type)} is not JSON` },
    ]);
  }
  const text = await readCapped(request, MAX_BODY_BYTES, () =>
    new ApiError(413, "body_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, [
      { parameter: "body", message: `at most ${MAX_BODY_BYTES} bytes` },
    ]),
  );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_body", "The request body is not valid JSON.", [
      { parameter: "body", message: "is not valid JSON" },
    ]);
  }
}

/** What Next passes as the second argument; absent in direct calls from tests for static routes. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/** Query string to a plain object; a repeated parameter is an error rather than a silent pick. */
function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [k, v] of url.searchParams) {
    if (Object.hasOwn(out, k)) repeated.push(k);
    out[k] = v;
  }
  if (repeated.length > 0) {
    const names = [...new Set(repeated)];
    throw new ApiError(
      400,
      "invalid_parameter",
      `Invalid request parameter(s): ${names.join(", ")}.`,
      names.map((parameter) => ({ parameter, message: "is given more than once" })),
    );
  }
  return out;
}

function decodeSegment(v: string): string {
  if (!v.includes("%")) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Body fields are named by their JSON path; problems with the body as a whole by `body`. */
function parseBody(schema: z.ZodType, raw: unknown): unknown {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    parameter: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  const names = [...new Set(errors.map((e) => e.parameter))].join(", ");
  throw new ApiError(400, "invalid_body", `Invalid request body: ${names}.`, errors);
}

/** Longest a handler may take before the client gets a 503 (it keeps running: SQLite calls cannot be cut). */
async function withTimeout<T>(work: Promise<T> | T): Promise<T> {
  if (!(work instanceof Promise)) return work;
  const ms = env().TWINOPS_REQUEST_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiError(503, "timeout", `The request took longer than ${ms / 1000} s.`, undefined, { "Retry-After": "5" })),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Process-wide (on globalThis: Next bundles each route separately, and a module-level cache would
 * be one per route): the shared response cache, sized once from TWINOPS_RESPONSE_CACHE_MB, and
 * the heavy-read line.
 */
const SHARED_KEY = Symbol.for("twinops.api.shared");
interface Shared {
  cache: ResponseCache | null;
  heavy: HeavyGate;
}
function shared(): Shared {
  const g = globalThis as { [SHARED_KEY]?: Shared };
  return (g[SHARED_KEY] ??= {
    cache: env().TWINOPS_RESPONSE_CACHE_MB > 0 ? new ResponseCache(env().TWINOPS_RESPONSE_CACHE_MB * 1024 * 1024) : null,
    heavy: new HeavyGate(() => ({ concurrency: env().TWINOPS_HEAVY_CONCURRENCY, perPrincipal: env().TWINOPS_HEAVY_PER_PRINCIPAL })),
  });
}

/** The shared cache and heavy line, for tests and the stats a bench prints. */
export function sharedForTesting(): Shared {
  return shared();
}

/** 422 naming TWINOPS_RESPONSE_MAX_BYTES for an answer too large to send, and how to page. */
function checkBytes(body: string): string {
  const max = env().TWINOPS_RESPONSE_MAX_BYTES;
  if (body.length > max) {
    throw new ApiError(
      422,
      "response_budget",
      `The answer would be ${body.length} bytes; the limit is ${max} bytes per response (TWINOPS_RESPONSE_MAX_BYTES). Ask for less per call: a smaller \`limit\` and the \`nextCursor\` it returns, fewer datastreams, a shorter range or a lower \`maxPoints\`.`,
      [{ parameter: "query", message: `answer exceeds ${max} bytes` }],
    );
  }
  return body;
}

/**
 * A handler's answer already serialised (an expensive read whose JSON a worker thread wrote):
 * sent as is, not parsed and stringified again on the event loop.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

const serialize = (result: unknown): string => (result instanceof JsonText ? result.text : JSON.stringify(result));

/** Who a caller is for per-caller limits: the account or token, else the client's address. */
export function callerKey(request: Request, principal: Principal | null): string {
  return clientKey(request, principal ? `${principal.kind}:${principal.id}` : undefined);
}

export function withApi<
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(options: ApiOptions<Q, P, B>, handler: (input: ApiInput<Q, P, B>) => unknown): RouteHandler {
  const contentType = options.contentType ?? "application/json";
  return async (request, context) => {
    const started = performance.now();
    try {
      // Resolve the caller first but refuse only after the rate limit: a flood of bad tokens is
      // limited like any other (per address), a signed-in caller per account or token.
      let principal: Principal | null = null;
      let denied: unknown = null;
      try {
        principal = await authorize(request, options.access ?? "read");
      } catch (e) {
        denied = e;
      }
      const limited = defaultRateLimiter().check(clientKey(request, principal ? `${principal.kind}:${principal.id}` : undefined));
      if (!limited.ok) {
        throw new ApiError(429, "rate_limited", `Too many requests: try again in ${limited.retryAfterSeconds} s.`, undefined, {
          "Retry-After": String(limited.retryAfterSeconds),
        });
      }
      if (denied) throw denied;
      // An endpoint that can be expensive refuses a caller whose expensive read is still running
      // before anything else is done for it (see HeavyGate.refuseBusy).
      if (options.cost) shared().heavy.refuseBusy(callerKey(request, principal));
      const url = new URL(request.url);
      const rawQuery = queryObject(url);
      const query = options.query ? options.query.parse(rawQuery) : rawQuery;
      const rawParams = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.map(decodeSegment) : v === undefined ? v : decodeSegment(v),
        ]),
      );
      const params = options.params ? options.params.parse(rawParams) : rawParams;
      const input = options.body ? parseBody(options.body, await jsonBody(request)) : {};
      const args = { query: query as Out<Q>, params: params as Out<P>, body: input as Out<B>, request, principal };
      const compute = async (): Promise<unknown> => {
        const cost = options.cost ? await options.cost(args) : 0;
        return cost >= HEAVY_COST ? shared().heavy.run(callerKey(request, principal), async () => handler(args)) : handler(args);
      };
      const { cache } = shared();
      if (options.cache === "shared" && cache) {
        const twin = getTwin();
        const [version, now] = await Promise.all([twin.dataVersion(), twin.now()]);
        const key = cacheKey({
          twin: twinIdentity(twin),
          version,
          now: now.getTime(),
          scope: scopeOf(principal),
          method: request.method,
          path: url.pathname,
          input: { query, params, body: input },
        });
        const entry = await withTimeout(cache.get(key, async () => checkBytes(serialize(await compute()))));
        return cachedResponse(request, entry, contentType, "private, no-cache");
      }
      const result = await withTimeout(compute());
      if (result instanceof Response) return result;

      const body = checkBytes(serialize(result));
      if (options.cache === "metadata" || options.cache === "shared") {
        return cachedResponse(request, cachedBody(body), contentType, options.cache === "shared" ? "private, no-cache" : "no-cache");
      }
      return new Response(body, {
        status: 200,
        headers: { "Content-Type": contentType, "Cache-Control": "no-store" },
      });
    } catch (err) {
      const found = toProblem(err, (message, e) =>
        log.error(message, { err: e, method: request.method, path: new URL(request.url).pathname, ms: Math.round(performance.now() - started) }),
      );
      const p = found.status === 503 && found.retryAfter === undefined ? { ...found, retryAfter: 5 } : found;
      if (p.status === 401 || p.status === 403 || p.status === 429) {
        log.info("api refused", { method: request.method, path: new URL(request.url).pathname, status: p.status, code: p.code });
      }
      const headers = err instanceof ApiError && err.headers ? err.headers : p.status === 503 ? { "Retry-After": "5" } : undefined;
      return problemResponse(p, headers ? { headers } : undefined);
    }
  };
}
