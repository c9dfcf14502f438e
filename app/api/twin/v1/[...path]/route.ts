import { problem, problemResponse } from "@/lib/api/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function notFound(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return problemResponse(problem(404, "not_found", `No resource at ${pathname}. See /api/twin/v1 for the links.`));
}

// Anything under /api/twin/v1 that no route matches: a 404 in the API's own envelope.
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
