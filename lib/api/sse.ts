import "server-only";
/**
 * Server-Sent Events from a twin: replay after Last-Event-ID, then live events, heartbeats that
 * keep proxies and the client's staleness check honest, and cleanup when the client goes away.
 */
import { isShuttingDown } from "@/lib/ops/lifecycle";
import type { TwinEvents } from "@/lib/twin/source";
import { ASSET_TYPES, DOMAINS, type Domain, type ObservationEventData, type TwinEvent } from "@/lib/twin/types";
import type { LiveLatestFields } from "@/lib/twin-client/revalidate";

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

/** What a client asked to receive. */
export interface EventFilter {
  domains: ReadonlySet<Domain> | null;
  /** Datastreams whose observations the client wants in observation events; null = none (lean). */
  datastreams: ReadonlySet<string> | null;
}

// Per-event work shared by every connected client: one JSON encoding of the lean form and one
// count per domain, however many streams are open. Weak keys: they go when the ring drops the event.
const leanText = new WeakMap<TwinEvent, string>();
const countsByDomain = new WeakMap<TwinEvent, Map<Domain, number>>();
const narrowedText = new WeakMap<TwinEvent, Map<string, string>>();

function domainCounts(ev: TwinEvent & { type: "observation" }): Map<Domain, number> {
  let counts = countsByDomain.get(ev);
  if (!counts) {
    counts = new Map();
    for (const o of ev.data.observations) {
      const d = domainOfDatastream(o.datastreamId);
      if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    countsByDomain.set(ev, counts);
  }
  return counts;
}

function frame(ev: TwinEvent, data: unknown): string {
  return `id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The whole event as one SSE frame (observation rows included). */
export function formatEvent(ev: TwinEvent): string {
  return frame(ev, ev.data);
}

/**
 * The SSE frame a client with this filter receives for an event, or null when it wants none of
 * it. Observation events go out lean (`asOf`, `count`, `domains`) unless the client named
 * datastreams; then they carry only those rows, and events without any of them are skipped.
 */
export function renderEvent(ev: TwinEvent, filter: EventFilter): string | null {
  const { domains, datastreams } = filter;
  if (ev.type !== "observation") {
    if (domains && !domains.has(ev.data.domain)) return null;
    let text = leanText.get(ev);
    if (text === undefined) {
      text = formatEvent(ev);
      leanText.set(ev, text);
    }
    return text;
  }
  const { asOf } = ev.data;
  // Latest values read once for a live event (lib/api/live-values.ts), narrowed like its rows:
  // a stream never receives a value of a domain it may not read.
  const live = ev.data as ObservationEventData & Partial<LiveLatestFields>;
  const values = (keep: (id: string) => boolean): Partial<LiveLatestFields> =>
    live.latest && live.valuesAsOf ? { latest: live.latest.filter((l) => keep(l.datastreamId)), valuesAsOf: live.valuesAsOf } : {};
  const inDomains = (id: string) => {
    if (!domains) return true;
    const d = domainOfDatastream(id);
    return d !== undefined && domains.has(d);
  };
  if (datastreams) {
    const observations = ev.data.observations.filter((o) => datastreams.has(o.datastreamId) && inDomains(o.datastreamId));
    if (observations.length === 0) return null;
    const present = new Set(observations.map((o) => domainOfDatastream(o.datastreamId)));
    const inEvent = DOMAINS.filter((d) => present.has(d));
    return frame(ev, { asOf, count: observations.length, domains: inEvent, observations, ...values((id) => datastreams.has(id) && inDomains(id)) });
  }
  const wanted = domains ? ev.data.domains.filter((d) => domains.has(d)) : ev.data.domains;
  if (wanted.length === 0) return null;
  if (wanted.length === ev.data.domains.length) {
    let text = leanText.get(ev);
    if (text === undefined) {
      text = frame(ev, { asOf, count: ev.data.count, domains: ev.data.domains, ...values(() => true) });
      leanText.set(ev, text);
    }
    return text;
  }
  // One frame per set of domains, however many streams share it.
  let byDomains = narrowedText.get(ev);
  if (!byDomains) narrowedText.set(ev, (byDomains = new Map()));
  const key = wanted.join(",");
  let text = byDomains.get(key);
  if (text === undefined) {
    const counts = domainCounts(ev);
    const count = wanted.reduce((n, d) => n + (counts.get(d) ?? 0), 0);
    text = frame(ev, { asOf, count, domains: wanted, ...values(inDomains) });
    byDomains.set(key, text);
  }
  return text;
}

export interface EventStreamOptions {
  lastEventId?: number;
  domains?: Domain[];
  /** Observation rows to include (by datastream id); without it observation events are lean. */
  datastreams?: string[];
  signal: AbortSignal;
  /**
   * Asked at every heartbeat: is the caller still allowed (session alive, token not revoked)?
   * When not, the stream ends; the client's reconnect then meets the 401. A check that cannot be
   * made (the operations store unavailable) keeps the stream until the next heartbeat's check: a
   * store outage must not drop every wall at once into reconnects that would all meet a 503.
   */
  stillAllowed?: () => boolean | Promise<boolean>;
  /** Called once when the stream ends, however it ends (releases the caller's stream count). */
  onClose?: () => void;
}

/** How soon a client told of a shutdown reconnects (to another instance, or this one restarted). */
const SHUTDOWN_RETRY_MS = 1000;

/**
 * Open streams, so a shutting-down server can end each with a hint to reconnect elsewhere. On
 * globalThis: Next bundles route handlers and instrumentation (which handles SIGTERM) separately,
 * and a module-level set would be a different one in each bundle.
 */
const OPEN_KEY = Symbol.for("twinops.sse.open");
const OPEN = ((globalThis as { [OPEN_KEY]?: Set<(retryMs: number) => void> })[OPEN_KEY] ??= new Set());

/**
 * Ends every open event stream (SIGTERM): each gets a short `retry:` and a `shutdown` event, so
 * browsers reconnect at once — to another instance behind the load balancer, or to this one
 * restarted — and resume from their Last-Event-ID.
 */
export function endAllEventStreams(retryMs = SHUTDOWN_RETRY_MS): number {
  const n = OPEN.size;
  for (const end of [...OPEN]) end(retryMs);
  return n;
}

/**
 * The bytes of the frames sent last, shared by every stream that sends the same frame: an event's
 * frame is encoded once per event (per set of domains), not once per stream. Small frames
 * (heartbeats, each with its own time) are encoded as they go.
 */
const ENCODED_KEY = Symbol.for("twinops.sse.encoded");
const encoded = ((globalThis as { [ENCODED_KEY]?: Map<string, Uint8Array> })[ENCODED_KEY] ??= new Map());
const SHARED_FRAME_CHARS = 512;
const encoder = new TextEncoder();

export function frameBytes(text: string): Uint8Array {
  if (text.length < SHARED_FRAME_CHARS) return encoder.encode(text);
  let bytes = encoded.get(text);
  if (bytes === undefined) {
    bytes = encoder.encode(text);
    encoded.set(text, bytes);
    // The frames of the last few events; older ones are no longer sent.
    if (encoded.size > 64) encoded.delete(encoded.keys().next().value!);
  }
  return bytes;
}

export function eventStreamResponse(twin: TwinEvents, options: EventStreamOptions): Response {
  const filter: EventFilter = {
    domains: options.domains ? new Set(options.domains) : null,
    datastreams: options.datastreams ? new Set(options.datastreams) : null,
  };
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    options.onClose?.();
  };
  // Until the stream has started, ending it only releases the caller's count.
  let cleanup = release;

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let closed = false;
        let lastSent = options.lastEventId ?? -1;
        const send = (text: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
            cleanup();
            return;
          }
          controller.enqueue(frameBytes(text));
        };
        const emit = (ev: TwinEvent) => {
          if (ev.id <= lastSent) return;
          lastSent = ev.id;
          const text = renderEvent(ev, filter);
          if (text !== null) send(text);
        };

        const heartbeat = () => send(`event: heartbeat\ndata: {"t":"${new Date().toISOString()}"}\n\n`);
        // A first heartbeat at once: clients count the line live only once something arrives
        // through it (an open socket behind a buffering proxy delivers nothing).
        send(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);
        heartbeat();
        // Subscribe before replaying so an event raised in between is buffered, not lost.
        let replaying = true;
        const buffered: TwinEvent[] = [];
        let unsubscribe: () => void = () => {};
        try {
          unsubscribe = await twin.subscribe((ev) => (replaying ? buffered.push(ev) : emit(ev)));
        } catch {
          // The twin cannot be subscribed to now (its store is away): end the stream; the client
          // reconnects after `retry` and shows the line as lost meanwhile.
          closed = true;
          controller.close();
          release();
          return;
        }
        if (options.lastEventId !== undefined) {
          const { oldest, newest } = await twin.eventWindow();
          const fromOtherProcess = options.lastEventId > newest;
          const gap = oldest > 0 && options.lastEventId < oldest - 1;
          if (fromOtherProcess || gap) {
            // What the client missed cannot be replayed (the server restarted, or the events left
            // the ring): tell it to refetch everything, then stream live from here.
            send(`event: reset\ndata: ${JSON.stringify({ reason: fromOtherProcess ? "restart" : "gap", newest })}\n\n`);
            lastSent = newest;
          } else {
            (await twin.replay(options.lastEventId)).forEach(emit);
          }
        }
        replaying = false;
        buffered.forEach(emit);

        // A named event, not an SSE comment: EventSource hides comments, and clients judge the line
        // dead after missed heartbeats even while the twin itself is quiet.
        const timer = setInterval(() => {
          void (async () => {
            const allowed = options.stillAllowed ? await Promise.resolve(options.stillAllowed()).catch(() => true) : true;
            if (closed) return;
            if (!allowed) cleanup();
            else heartbeat();
          })();
        }, heartbeatMs);
        const onAbort = () => cleanup();
        const shutdown = (retryMs: number) => {
          send(`retry: ${retryMs}\nevent: shutdown\ndata: {}\n\n`);
          cleanup();
        };
        OPEN.add(shutdown);
        cleanup = () => {
          if (closed) return;
          closed = true;
          release();
          OPEN.delete(shutdown);
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
        // Opened while the server began shutting down (after endAllEventStreams ran): end at once.
        else if (isShuttingDown()) shutdown(SHUTDOWN_RETRY_MS);
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
