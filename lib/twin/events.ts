import "server-only";
import type { Unsubscribe } from "./source";
import type { EventBody } from "./ingest-check";
import type { TwinEvent } from "./types";

export interface EventBusOptions {
  /**
   * Events kept for Last-Event-ID replay. A live tick every 5 s raises an observation and a kpi
   * event, so the default holds about 25 minutes; a client away longer catches up with a fetch.
   */
  maxEvents?: number;
}

/** Default replay depth: bounded by event count, whatever each event carries. */
export const DEFAULT_MAX_EVENTS = 600;

/** In-process event bus with monotonic ids and a bounded replay ring. */
export class EventBus {
  private nextId = 1;
  private ring: TwinEvent[] = [];
  private head = 0;
  private readonly listeners = new Set<(e: TwinEvent) => void>();
  private readonly maxEvents: number;

  constructor(opts: EventBusOptions = {}) {
    this.maxEvents = Math.max(1, opts.maxEvents ?? DEFAULT_MAX_EVENTS);
  }

  emit(body: EventBody): TwinEvent {
    const event = { ...body, id: this.nextId++ } as TwinEvent;
    this.ring.push(event);
    if (this.ring.length - this.head > this.maxEvents) this.head++;
    if (this.head > 1024) {
      this.ring = this.ring.slice(this.head);
      this.head = 0;
    }
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // One broken subscriber (a closed SSE stream) must not stop the others or the simulator.
      }
    }
    return event;
  }

  replay(lastEventId: number): TwinEvent[] {
    const out: TwinEvent[] = [];
    for (let i = this.head; i < this.ring.length; i++) {
      const e = this.ring[i]!;
      if (e.id > lastEventId) out.push(e);
    }
    return out;
  }

  subscribe(listener: (e: TwinEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  lastId(): number {
    return this.nextId - 1;
  }

  /** Ids of the oldest event still held and of the newest event raised (0 when none yet). */
  window(): { oldest: number; newest: number } {
    return { oldest: this.ring[this.head]?.id ?? 0, newest: this.nextId - 1 };
  }
}
