/**
 * Pure parts of the live connection: the connection state machine (live / reconnecting /
 * offline after missed heartbeats) and which SWR keys an event makes stale, coalesced so a
 * burst of events costs at most one refetch per key per window. Client-safe, tested.
 */
import type { Domain } from "@/lib/twin/types";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** Seconds without any event or heartbeat after which the connection counts as lost. */
export const OFFLINE_AFTER_MS = 45_000;

export interface ConnectionModel {
  state: ConnectionState;
  /** Last time the line showed signs of life (opened, an event or heartbeat), ms since epoch. */
  lastSeen: number;
  /** True once the connection had been live: the next open needs a catch-up fetch. */
  hadLive: boolean;
}

export type ConnectionInput =
  | { type: "open"; at: number }
  | { type: "message"; at: number }
  | { type: "error"; at: number }
  | { type: "tick"; at: number };

export function initialConnection(at: number): ConnectionModel {
  return { state: "connecting", lastSeen: at, hadLive: false };
}

export function nextConnection(m: ConnectionModel, input: ConnectionInput): ConnectionModel {
  switch (input.type) {
    case "open":
      // An open socket proves nothing yet (a buffering proxy accepts and then delivers nothing):
      // the line is live from the first event or heartbeat through it.
      return { ...m, lastSeen: input.at };
    case "message":
      return { state: "live", lastSeen: input.at, hadLive: true };
    case "error":
      return m.state === "offline" ? m : { ...m, state: m.hadLive ? "reconnecting" : "connecting" };
    case "tick":
      return input.at - m.lastSeen > OFFLINE_AFTER_MS && m.state !== "offline" ? { ...m, state: "offline" } : m;
  }
}

/** Whether moving from `prev` to `next` is a recovery that needs a catch-up fetch of everything. */
export function needsCatchUp(prev: ConnectionModel, next: ConnectionModel): boolean {
  return next.state === "live" && prev.state !== "live" && prev.hadLive;
}

const BASE = "/api/twin/v1";

/** What an SSE event makes stale, as a predicate over SWR keys (strings or arrays of strings). */
export function staleKeyMatcher(
  event:
    | { type: "observation"; domains?: readonly Domain[] }
    | { type: "alert"; domain: Domain }
    | { type: "kpi"; domain: Domain },
): (key: string) => boolean {
  switch (event.type) {
    case "observation": {
      // Metric series of other domains did not change; datastream series, latest values and
      // open asset details might have, so they refresh.
      const domains = event.domains;
      const metricOk = (k: string) => {
        const m = /[?&]metric=([a-z]+)\./.exec(k);
        return !m || !domains || domains.includes(m[1] as Domain);
      };
      return (k) =>
        (k.startsWith(`${BASE}/series`) && metricOk(k)) || k.startsWith(`${BASE}/latest`) || k.startsWith(`${BASE}/assets/`);
    }
    case "alert":
      return (k) =>
        k.startsWith(`${BASE}/alerts`) ||
        (k.startsWith(`${BASE}/assets?`) && (!k.includes("domain=") || k.includes(`domain=${event.domain}`)));
    case "kpi":
      return (k) => k.startsWith(`${BASE}/kpis`) && (!k.includes("domain=") || k.includes(`domain=${event.domain}`));
  }
}

/**
 * Lets each key through at most once per `windowMs`; a key asked for again inside its window is
 * flushed once when the window ends (latest wins), so the last event is never lost.
 */
export class Coalescer {
  private readonly last = new Map<string, number>();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly run: (key: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  request(key: string): void {
    const now = this.clock();
    const last = this.last.get(key);
    if (last === undefined || now - last >= this.windowMs) {
      this.last.set(key, now);
      this.run(key);
      return;
    }
    this.pending.add(key);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs - (now - last));
  }

  private flush(): void {
    this.timer = null;
    const keys = [...this.pending];
    this.pending.clear();
    for (const k of keys) this.request(k);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.last.clear();
  }
}
