import "server-only";
/**
 * The one wrapper every twin API route handler goes through: parse path and query with zod, call
 * the handler, serialise JSON with the right caching headers, and map every error to the problem
 * envelope. Handlers stay a few lines: parse -> domain call -> respond.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { ApiError, toProblem } from "./errors";
import type { Problem } from "@/lib/domains/twin/schemas";

/** `live`: no-store (values change every tick). `metadata`: revalidated with an ETag. */
export type CachePolicy = "live" | "metadata";

export interface ApiOptions<Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  query?: Q;
  params?: P;
  cache?: CachePolicy;
  /** Defaults to application/json. */
  contentType?: string;
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface ApiInput<Q, P> {
  query: Out<Q>;
  params: Out<P>;
  request: Request;
}

/** What Next passes as the second argument; absent in direct calls from tests for static routes. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

export function problemResponse(p: Problem, init?: { headers?: Record<string, string> }): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...init?.headers },
  });
}

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

export function withApi<Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  options: ApiOptions<Q, P>,
  handler: (input: ApiInput<Q, P>) => unknown,
): RouteHandler {
  const contentType = options.contentType ?? "application/json";
  return async (request, context) => {
    try {
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
      const result = await handler({ query: query as Out<Q>, params: params as Out<P>, request });
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
      return problemResponse(toProblem(err));
    }
  };
}
