/**
 * Checks before routing, and nothing about who the caller is (every page and handler checks its
 * caller itself: docs/security.md):
 * - A path with a trailing slash (`/energy/`) gets its 308 to the path without it here, not from
 *   Next: Next's own redirect is answered before the `headers()` of next.config.js are applied,
 *   so it went out without the security headers; a redirect from here carries them
 *   (`skipTrailingSlashRedirect` in next.config.js hands the job over).
 * - A path with a malformed percent-escape (`/assets/%ZZ`) makes Next's own parameter decoding
 *   throw, which it answers with a bare-text 500 outside our handlers; it gets a 400 in the API's
 *   problem envelope instead.
 */
import { NextResponse, type NextRequest } from "next/server";
import { problem, problemResponse } from "@/lib/api/errors";

/** True when every percent-escape of the path decodes (the path Next will decode into params). */
function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path without its trailing slashes, repeated slashes collapsed as Next does: `//evil.example/`
 * must become `/evil.example`, never the scheme-relative `//evil.example`.
 */
export function withoutTrailingSlash(pathname: string): string {
  return pathname.replace(/\/{2,}/g, "/").replace(/\/+$/, "") || "/";
}

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // Absolute, as a proxy response must be; Next makes it relative again (same origin as the
    // request it built), so the browser stays on the host it used.
    return NextResponse.redirect(new URL(withoutTrailingSlash(pathname) + request.nextUrl.search, request.url), 308);
  }
  if (decodablePath(pathname)) return NextResponse.next();
  return problemResponse(problem(400, "invalid_path", "The path has a malformed percent-escape (such as %ZZ)."));
}

export const config = {
  matcher: [
    // Only the routes with dynamic segments decode a path into parameters.
    "/api/:path*",
    "/assets/:path*",
    "/districts/:path*",
    "/wall/:path*",
    "/public/:path*",
    // Any path with a trailing slash (the source of Next's own trailing-slash redirect).
    "/:path+/",
  ],
};
