import "server-only";
/**
 * The wrapper of every `/api/public/v1` handler: answers from the public snapshot only, with
 * caching a CDN can honour (citizen traffic stays off the live twin), an ETag for revalidation,
 * the licence as a Link header, and errors in the twin API's problem envelope.
 */
import { createHash } from "node:crypto";
import { problem, problemResponse, toProblem } from "@/lib/api/errors";
import { LICENCE } from "./open-data";
import { getPublicSnapshot } from "./read-model";
import type { PublicSnapshot } from "./schemas";

/** A snapshot lives 5 minutes: browsers keep a minute, shared caches the slot, then revalidate. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";

export interface PublicBody {
  body: string;
  contentType: string;
  /** Suggested file name for downloads. */
  filename?: string;
}

export type PublicRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/**
 * Wraps a handler that turns the snapshot (path params and query) into a body, or null for a 404.
 * An `ApiError` it throws (a bad query) becomes its problem document.
 */
export function withPublicApi(
  handler: (
    snap: PublicSnapshot,
    params: Record<string, string | string[] | undefined>,
    query: URLSearchParams,
    request: Request,
  ) => PublicBody | null | Promise<PublicBody | null>,
) {
  return async (request: Request, context?: PublicRouteContext): Promise<Response> => {
    try {
      const out = await handler(await getPublicSnapshot(), (await context?.params) ?? {}, new URL(request.url).searchParams, request);
      if (!out) return problemResponse(problem(404, "not_found", "There is no public dataset at this address."));
      const etag = etagOf(out.body);
      const headers: Record<string, string> = {
        "Cache-Control": PUBLIC_CACHE_CONTROL,
        ETag: etag,
        Link: `<${LICENCE.url}>; rel="license"`,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
      };
      if (out.filename) headers["Content-Disposition"] = `inline; filename="${out.filename}"`;
      const inm = request.headers.get("if-none-match");
      if (inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
        return new Response(null, { status: 304, headers });
      }
      return new Response(out.body, { status: 200, headers: { ...headers, "Content-Type": out.contentType } });
    } catch (err) {
      return problemResponse(toProblem(err));
    }
  };
}

export function json(value: unknown): PublicBody {
  return { body: JSON.stringify(value), contentType: "application/json; charset=utf-8" };
}
