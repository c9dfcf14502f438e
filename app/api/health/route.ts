import { getHealth } from "@/lib/twin-client/server";
import { isShuttingDown } from "@/lib/ops/lifecycle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Load balancers and monitors: 200 when this instance can serve, 503 (same JSON) when its store
// is unreachable, its database file is gone, or it is shutting down.
export async function GET(): Promise<Response> {
  const { ok, body } = await getHealth(isShuttingDown());
  return Response.json(body, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
