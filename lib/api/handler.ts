import "server-only";
/**
 * The one wrapper every twin API route handler goes through: parse path and query with zod, call
 * the handler, serialise JSON with the right caching headers, and map every error to the problem
 * envelope. Handlers stay a few lines: parse -> domain call -> respond.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { ApiError, forbidden, problemResponse, toProblem, unauthorized } from "./errors";
import { canOperate, isAdmin, readableDomains, type Principal } from "@/lib/auth/roles";
import { csrfOk, resolveRequest } from "@/lib/auth/server";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { clientKey } from "@/lib/security/client";
import { defaultRateLimiter } from "@/lib/security/rate-limit";

/** `live`: no-store (values change every tick). `metadata`: revalidated with an ETag. */
export type CachePolicy = "live" | "metadata";

/**
 * Who may call an endpoint. `public`: anyone (API description, landing). `read`: any signed-in
 * person or device token; the handler narrows to the caller's domains. `operate`: operators and
 * admins. `admin`: admins. `ingest`: sensor feed tokens. `correct`: feed tokens and admins (a
 * correction of stored observations).
 */
export type Access = "public" | "read" | "operate" | "admin" | "ingest" | "correct";

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

function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
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
      const result = await withTimeout(handler({ query: query as Out<Q>, params: params as Out<P>, body: input as Out<B>, request, principal }));
      if (result instanceof Response) return result;

      const body = JSON.stringify(result);
      if (options.cache === "metadata") {
        const etag = etagOf(body);
        const headers = { ETag: etag, "Cache-Control": "no-cache" };
        if (matchesEtag(request.headers.get("if-none-match"), etag)) {
          return new Response(null, { status: 304, headers });
        }
        return new Response(body, { status: 200, headers: { ...headers, "Content-Type": contentType } });
      }
      return new Response(body, {
        status: 200,
        headers: { "Content-Type": contentType, "Cache-Control": "no-store" },
      });
    } catch (err) {
      const p = toProblem(err, (message, e) =>
        log.error(message, { err: e, method: request.method, path: new URL(request.url).pathname, ms: Math.round(performance.now() - started) }),
      );
      if (p.status === 401 || p.status === 403 || p.status === 429) {
        log.info("api refused", { method: request.method, path: new URL(request.url).pathname, status: p.status, code: p.code });
      }
      const headers = err instanceof ApiError && err.headers ? err.headers : p.status === 503 ? { "Retry-After": "5" } : undefined;
      return problemResponse(p, headers ? { headers } : undefined);
    }
  };
}
