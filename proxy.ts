/**
 * One check before routing, and nothing about who the caller is (every page and handler checks
 * its caller itself: docs/security.md). A path with a malformed percent-escape (`/assets/%ZZ`)
 * makes Next's own parameter decoding throw, which it answers with a bare-text 500 outside our
 * handlers; it gets a 400 in the API's problem envelope instead.
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

export function proxy(request: NextRequest): Response {
  if (decodablePath(request.nextUrl.pathname)) return NextResponse.next();
  return problemResponse(problem(400, "invalid_path", "The path has a malformed percent-escape (such as %ZZ)."));
}

// Only the routes with dynamic segments decode a path into parameters.
export const config = { matcher: ["/api/:path*", "/assets/:path*", "/districts/:path*", "/wall/:path*", "/public/:path*"] };
