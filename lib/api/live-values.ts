import "server-only";
/**
 * Live events that carry the changed values, so a browser need not refetch what an event tells
 * it. One process-wide subscriber per twin reads the new figures once per event and hands the
 * enriched event, in id order, to every open SSE stream of this instance: the work is per event,
 * not per screen. On PostgreSQL each instance does this for the events its hub delivers (from the
 * shared events table), reading the shared store, so it holds across instances.
 *
 * `kpi` events gain `values` (the domain's KPI figures, without their definitions, which a client
 * already holds) and `valuesAsOf` (the twin time they were read at, the `asOf` a refetch of
 * `/kpis` would have answered). Observation events of up to `LIVE_LATEST_MAX` datastreams gain
 * `latest` (the latest value of every datastream the event wrote, as `/latest` answers them) and
 * `valuesAsOf`; each stream receives only the values of the domains it may read (lib/api/sse.ts).
 * Alert events go out as before; the client refetches the keys they make stale (docs/fan-out.md).
 * Replayed events (Last-Event-ID) are not enriched: their figures are no longer current, so a
 * reconnecting client refetches.
 */
import type { KpiDelta, LiveKpiFields, LiveLatestFields } from "@/lib/twin-client/revalidate";
import type { TwinEvents, TwinReader, Unsubscribe } from "@/lib/twin/source";
import type { KpiValue, TwinEvent } from "@/lib/twin/types";

/** An enrichment slower than this sends the event lean (clients refetch) rather than late. */
const ENRICH_TIMEOUT_MS = 2000;

/**
 * Observation events writing more datastreams than this go out lean (a city-scale tick writes
 * thousands: their values would cost every screen more than its refetches). The `/latest` limit.
 */
export const LIVE_LATEST_MAX = 2000;

export type LiveTwin = TwinEvents & Pick<TwinReader, "kpis" | "now" | "latest">;

export function kpiDeltas(values: readonly KpiValue[]): KpiDelta[] {
  return values.map((k) => ({ id: k.definition.id, value: k.value, asOf: k.asOf, previous: k.previous, status: k.status, stale: k.stale }));
}

function timeout(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}

/** The twin's events with live values added; a `TwinEvents` an SSE stream reads like the twin. */
export class LiveEvents implements TwinEvents {
  /** Each stream with the newest event id that had arrived when it subscribed. */
  private readonly listeners = new Map<(e: TwinEvent) => void, number>();
  /** Newest event id handed over by the twin. */
  private arrived = 0;
  private upstream: Promise<Unsubscribe> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly stats = { enriched: 0, lean: 0 };

  constructor(
    private readonly twin: LiveTwin,
    private readonly timeoutMs = ENRICH_TIMEOUT_MS,
  ) {}

  replay(lastEventId: number): Promise<TwinEvent[]> {
    return this.twin.replay(lastEventId);
  }

  eventWindow(): Promise<{ oldest: number; newest: number }> {
    return this.twin.eventWindow();
  }

  dataVersion(): Promise<number> {
    return this.twin.dataVersion();
  }

  async subscribe(listener: (event: TwinEvent) => void): Promise<Unsubscribe> {
    try {
      // One subscription to the twin for every stream; it stays while the process runs (events
      // with nobody listening cost nothing: they are not enriched).
      await (this.upstream ??= this.twin.subscribe((ev) => this.arrive(ev)));
    } catch (e) {
      this.upstream = null;
      throw e;
    }
    // As with the twin itself: a stream hears events raised after it subscribed, not those still
    // being enriched from before.
    this.listeners.set(listener, this.arrived);
    return () => {
      this.listeners.delete(listener);
    };
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  /** Events enriched and events sent lean (enrichment failed or was too slow), for benches and tests. */
  snapshot(): { enriched: number; lean: number } {
    return { ...this.stats };
  }

  private arrive(ev: TwinEvent): void {
    this.arrived = Math.max(this.arrived, ev.id);
    if (this.listeners.size === 0) return;
    // In id order: an event waits for the one before it, however long its own values take.
    this.chain = this.chain.then(async () => {
      const out = await this.enrich(ev);
      for (const [l, from] of [...this.listeners]) {
        if (out.id <= from) continue;
        try {
          l(out);
        } catch {
          // One broken subscriber (a closed SSE stream) must not stop the others.
        }
      }
    });
  }

  /** The read that adds an event's values, or null when the event goes out as it is. */
  private fields(ev: TwinEvent): Promise<LiveKpiFields | LiveLatestFields> | null {
    if (ev.type === "kpi") {
      return Promise.all([this.twin.kpis(ev.data.domain), this.twin.now()]).then(([values, now]) => ({ values: kpiDeltas(values), valuesAsOf: now.toISOString() }));
    }
    if (ev.type !== "observation") return null;
    const ids = [...new Set(ev.data.observations.map((o) => o.datastreamId))];
    if (ids.length === 0 || ids.length > LIVE_LATEST_MAX) return null;
    // `now` first: a value read after it is at least as new as the instant it is dated by.
    return this.twin.now().then(async (now) => ({ latest: await this.twin.latest(ids), valuesAsOf: now.toISOString() }));
  }

  private async enrich(ev: TwinEvent): Promise<TwinEvent> {
    const work = this.fields(ev);
    if (!work) return ev;
    const fields = await Promise.race([work.catch(() => null), timeout(this.timeoutMs)]);
    if (!fields) {
      this.stats.lean++;
      return ev;
    }
    this.stats.enriched++;
    return { ...ev, data: { ...ev.data, ...fields } } as TwinEvent;
  }
}

/** Per twin object (tests swap twins), process-wide (Next bundles each route separately). */
const LIVE_KEY = Symbol.for("twinops.api.live-values");
const byTwin = ((globalThis as { [LIVE_KEY]?: WeakMap<object, LiveEvents> })[LIVE_KEY] ??= new WeakMap());

export function liveEvents(twin: LiveTwin): LiveEvents {
  let live = byTwin.get(twin);
  if (!live) {
    live = new LiveEvents(twin);
    byTwin.set(twin, live);
  }
  return live;
}
