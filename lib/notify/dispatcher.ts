/**
 * The sender: takes due deliveries from the outbox (under a lease), sends each, and records the
 * outcome with its audit record — delivered; failed for now and retried after an exponential
 * backoff with jitter; failed for good after `maxAttempts` (it stays listed for admins, who can
 * queue it again); or, for the escalation of a critical alarm, cancelled because someone
 * acknowledged (or resolved) the alarm in time. Runs off the request path, on a timer
 * (lib/notify/runtime.ts); tests drive `runOnce` with their own clock.
 */
import type { Alert } from "@/lib/twin/types";
import type { NotifyPayload } from "./message";
import type { AuditInput, ClaimedDelivery, DeliveryOutcome, NotificationStore } from "./port";
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from "./routing";
import type { ChannelWithSecret } from "./schemas";
import type { SendResult } from "./send";

/** How the notifier appears in the audit trail. */
export const NOTIFIER = { actor: "(notifier)", role: "system" } as const;

export interface DispatcherDeps {
  store: NotificationStore;
  send(channel: ChannelWithSecret, payload: NotifyPayload, deliveryId: number, nowMs: number): Promise<SendResult>;
  /** The alarm as it is now (null: gone), for escalations; `assetId` narrows the lookup. */
  alarm(id: string, assetId: string | null): Promise<Pick<Alert, "state"> | null>;
  now?: () => number;
  retry?: RetryPolicy;
  random?: () => number;
  /** How long a claimed row is this sender's (ms): longer than the slowest send. */
  leaseMs?: number;
  batch?: number;
}

export class Dispatcher {
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private running: Promise<number> | null = null;

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.now ?? Date.now;
    this.retry = deps.retry ?? DEFAULT_RETRY;
  }

  /** Sends what is due; resolves to the number of deliveries settled. Never runs twice at once. */
  runOnce(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when the run in progress (if any) has settled its deliveries. */
  async idle(): Promise<void> {
    await this.running?.catch(() => 0);
  }

  private async drain(): Promise<number> {
    const claimed = await this.deps.store.claim(this.deps.batch ?? 20, this.deps.leaseMs ?? 60_000, this.now());
    // Deliveries to different far ends do not wait for each other.
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const channel = await this.deps.store.channelForSending(d.channelId);
    const target = d.alertId ?? `channel:${d.channelId}`;
    const audit = (action: string, after: Record<string, unknown>): AuditInput => ({
      ...NOTIFIER,
      action,
      target,
      after: { delivery: d.id, channel: d.channelId, channelName: channel?.name ?? null, kind: d.kind, attempt: d.attempts, ...after },
    });
    const settle = (o: DeliveryOutcome) => this.deps.store.settle(d.id, o, this.now());
    if (!channel) return settle({ status: "failed", nextAt: this.now(), error: "channel deleted", audit: audit("notify.failed", { result: "channel deleted" }) });
    if (d.kind === "unacknowledged" && d.alertId) {
      const a = await this.deps.alarm(d.alertId, d.payload.alarm?.assetId ?? null);
      if (!a || a.state !== "open") {
        const why = a ? `alarm ${a.state}` : "alarm gone";
        return settle({ status: "cancelled", nextAt: this.now(), error: null, audit: audit("notify.cancelled", { result: why }) });
      }
    }
    const r = await this.deps.send(channel, d.payload, d.id, this.now());
    const now = this.now();
    if (r.ok) return settle({ status: "delivered", nextAt: now, error: null, audit: audit("notify.delivered", { result: r.detail }) });
    if (d.attempts >= this.retry.maxAttempts) {
      return settle({ status: "failed", nextAt: now, error: r.detail, audit: audit("notify.failed", { result: r.detail }) });
    }
    const next = now + backoffMs(d.attempts, this.retry, this.deps.random);
    return settle({ status: "pending", nextAt: next, error: r.detail, audit: audit("notify.attempt_failed", { result: r.detail, retryAt: new Date(next).toISOString() }) });
  }
}
