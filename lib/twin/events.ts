import "server-only";
import type { Unsubscribe } from "./source";
import type { TwinEvent } from "./types";

type EventBody = TwinEvent extends infer E ? (E extends TwinEvent ? Omit<E, "id"> : never) : never;

export interface EventBusOptions {
  /** Events kept for Last-Event-ID replay. */
  maxEvents?: number;
  /**
   * Observation rows kept across those events: a tick can carry thousands, and a wall runs for
   * weeks, so the ring is bounded by payload as well as count. Older events fall off; a client
   * that misses them catches up with a fetch.
   */
  maxObservations?: number;
}

/** In-process event bus with monotonic ids and a bounded replay ring. */
export class EventBus {
  private nextId = 1;
  private ring: TwinEvent[] = [];
  private head = 0;
  private heldObservations = 0;
  private readonly listeners = new Set<(e: TwinEvent) => void>();
  private readonly maxEvents: number;
  private readonly maxObservations: number;

  constructor(opts: EventBusOptions = {}) {
    this.maxEvents = opts.maxEvents ?? 5000;
    this.maxObservations = opts.maxObservations ?? 100_000;
  }

  emit(body: EventBody): TwinEvent {
    const event = { ...body, id: this.nextId++ } as TwinEvent;
    this.ring.push(event);
    this.heldObservations += weight(event);
    while (
      this.ring.length - this.head > 1 &&
      (this.ring.length - this.head > this.maxEvents || this.heldObservations > this.maxObservations)
    ) {
      this.heldObservations -= weight(this.ring[this.head]!);
      this.head++;
    }
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
}

function weight(e: TwinEvent): number {
  return e.type === "observation" ? e.data.observations.length : 1;
}
