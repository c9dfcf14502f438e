import "server-only";
/**
 * Server-Sent Events from a twin: replay after Last-Event-ID, then live events, heartbeats that
 * keep proxies and the client's staleness check honest, and cleanup when the client goes away.
 */
import type { TwinSource } from "@/lib/twin/source";
import { ASSET_TYPES, DOMAINS, type Domain, type TwinEvent } from "@/lib/twin/types";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "Content-Encoding": "none",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

const DEFAULT_HEARTBEAT_MS = 15_000;
/** Reconnect delay suggested to EventSource clients. */
export const SSE_RETRY_MS = 3_000;
/** A client this many chunks behind is dropped; it reconnects and catches up by replay. */
const MAX_QUEUED_CHUNKS = 2_000;

let heartbeatMs = DEFAULT_HEARTBEAT_MS;

/** Tests shorten the heartbeat; `undefined` restores the default. */
export function setSseHeartbeatMsForTesting(ms: number | undefined): void {
  heartbeatMs = ms ?? DEFAULT_HEARTBEAT_MS;
}

const DOMAIN_OF_TYPE = new Map<string, Domain>(
  DOMAINS.flatMap((d) => ASSET_TYPES[d].map((t): [string, Domain] => [t, d])),
);

/** Domain of a datastream from its id (`urn:ngsi-ld:<Type>:<city>:<local>:<property>`). */
export function domainOfDatastream(id: string): Domain | undefined {
  return DOMAIN_OF_TYPE.get(id.split(":")[2] ?? "");
}

/** The event narrowed to the wanted domains, or null when nothing of it is wanted. */
function filterEvent(ev: TwinEvent, domains: ReadonlySet<Domain> | null): TwinEvent | null {
  if (!domains) return ev;
  if (ev.type === "observation") {
    const observations = ev.data.observations.filter((o) => {
      const d = domainOfDatastream(o.datastreamId);
      return d !== undefined && domains.has(d);
    });
    return observations.length > 0 ? { ...ev, data: { ...ev.data, observations } } : null;
  }
  return domains.has(ev.data.domain) ? ev : null;
}

export function formatEvent(ev: TwinEvent): string {
  return `id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev.data)}\n\n`;
}

export interface EventStreamOptions {
  lastEventId?: number;
  domains?: Domain[];
  signal: AbortSignal;
}

export function eventStreamResponse(twin: TwinSource, options: EventStreamOptions): Response {
  const encoder = new TextEncoder();
  const domains = options.domains ? new Set(options.domains) : null;
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let lastSent = options.lastEventId ?? -1;
        const send = (text: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
            cleanup();
            return;
          }
          controller.enqueue(encoder.encode(text));
        };
        const emit = (ev: TwinEvent) => {
          if (ev.id <= lastSent) return;
          lastSent = ev.id;
          const wanted = filterEvent(ev, domains);
          if (wanted) send(formatEvent(wanted));
        };

        send(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);
        // Subscribe before replaying so an event raised in between is buffered, not lost.
        let replaying = true;
        const buffered: TwinEvent[] = [];
        const unsubscribe = twin.subscribe((ev) => (replaying ? buffered.push(ev) : emit(ev)));
        if (options.lastEventId !== undefined) twin.replay(options.lastEventId).forEach(emit);
        replaying = false;
        buffered.forEach(emit);

        const timer = setInterval(() => send(": heartbeat\n\n"), heartbeatMs);
        const onAbort = () => cleanup();
        cleanup = () => {
          if (closed) return;
          closed = true;
          clearInterval(timer);
          unsubscribe();
          options.signal.removeEventListener("abort", onAbort);
          try {
            controller.close();
          } catch {
            // Already closed or errored by the runtime after the client left.
          }
        };
        if (options.signal.aborted) cleanup();
        else options.signal.addEventListener("abort", onAbort, { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 16 },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
