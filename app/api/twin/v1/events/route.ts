import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { eventStreamResponse } from "@/lib/api/sse";
import { EventsQuerySchema } from "@/lib/domains/twin/schemas";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function lastEventIdHeader(request: Request): number | undefined {
  const raw = request.headers.get("last-event-id");
  if (raw === null || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ApiError(400, "invalid_parameter", "Invalid request parameter(s): Last-Event-ID.", [
      { parameter: "Last-Event-ID", message: "must be a non-negative integer event id" },
    ]);
  }
  return Number(raw);
}

// Live twin events over SSE, replaying what the client missed after Last-Event-ID.
export const GET = withApi({ query: EventsQuerySchema }, ({ query, request }) =>
  eventStreamResponse(getTwin(), {
    lastEventId: lastEventIdHeader(request) ?? query.lastEventId,
    domains: query.domains,
    datastreams: query.datastreams,
    signal: request.signal,
  }),
);
