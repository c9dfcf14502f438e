import { ApiError } from "@/lib/api/errors";
import { callerKey, withApi } from "@/lib/api/handler";
import { StreamLimiter } from "@/lib/api/limits";
import { env } from "@/lib/config/env";
import { resolveRequest } from "@/lib/auth/server";
import { isFull, scopeOf, type Scope } from "@/lib/auth/scope";
import type { Domain } from "@/lib/twin/types";
import { liveEvents } from "@/lib/api/live-values";
import { eventStreamResponse } from "@/lib/api/sse";
import { EventsQuerySchema } from "@/lib/twin-client/schemas";
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

function scopedDomains(scope: Scope, asked: Domain[] | undefined): Domain[] | undefined {
  if (isFull(scope)) return asked;
  return asked ? asked.filter((d) => scope.includes(d)) : [...scope];
}

/** Open streams per caller, process-wide (see `shared()` in lib/api/handler.ts for why globalThis). */
const STREAMS_KEY = Symbol.for("twinops.api.streams");
const streams = ((globalThis as { [STREAMS_KEY]?: StreamLimiter })[STREAMS_KEY] ??= new StreamLimiter());

// Live twin events over SSE, replaying what the client missed after Last-Event-ID; at most
// TWINOPS_SSE_PER_PRINCIPAL open per account or token (429 beyond). Live `kpi` events carry their
// domain's figures, read once per event for every stream (lib/api/live-values.ts).
export const GET = withApi({ query: EventsQuerySchema }, ({ query, request, principal }) => {
  const lastEventId = lastEventIdHeader(request) ?? query.lastEventId;
  const release = streams.acquire(callerKey(request, principal), env().TWINOPS_SSE_PER_PRINCIPAL);
  return eventStreamResponse(liveEvents(getTwin()), {
    lastEventId,
    // A scoped caller hears only its domains, whatever it asks for.
    domains: scopedDomains(scopeOf(principal), query.domains),
    datastreams: query.datastreams,
    signal: request.signal,
    // A revoked token, ended session or disabled account stops the stream at the next heartbeat.
    stillAllowed: async () => (await resolveRequest(request)).principal !== null,
    onClose: release,
  });
});
