import "server-only";
/**
 * The notifier of this process: it listens to the twin's alert events and queues what the
 * routing rules say (enqueue.ts), and a timer sends what is due (dispatcher.ts), every few
 * seconds and at once after something was queued. Every instance runs one; on PostgreSQL the
 * claim's row locks keep them from sending one notification twice. Started by instrumentation.ts,
 * stopped with the writers at shutdown.
 */
import { DEFAULT_PUBLIC_URL, env } from "@/lib/config/env";
import { log } from "@/lib/log";
import type { OperationsStore } from "@/lib/ops/port";
import type { TwinPort } from "@/lib/twin/source";
import { Dispatcher } from "./dispatcher";
import { enqueueForAlert } from "./enqueue";
import { closeTransports, sendNotification } from "./send";

/** Seconds between outbox polls (a queued notification is sent at once; this catches retries and escalations). */
const POLL_MS = 2_000;

export interface Notifier {
  /** Sends what is due now, without waiting for the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

const KEY = Symbol.for("twinops.notifier");
const holder = globalThis as { [KEY]?: Notifier };

/** The running notifier of this process, if started. */
export const getNotifier = (): Notifier | undefined => holder[KEY];

export async function startNotifier(twin: TwinPort, ops: OperationsStore): Promise<Notifier> {
  const existing = holder[KEY];
  if (existing) return existing;
  const config = env();
  const store = ops.notifications;
  const smtp = config.TWINOPS_SMTP_URL ? { url: config.TWINOPS_SMTP_URL, from: config.TWINOPS_SMTP_FROM } : null;
  const dispatcher = new Dispatcher({
    store,
    send: (channel, payload, id, now) => sendNotification(channel, payload, id, { smtp }, now),
    alarm: async (id, assetId) => {
      // The asset's alarms (its history, resolved ones too), or else every alarm not yet resolved.
      const found = assetId ? await twin.alerts({ assetId, limit: 200 }) : await twin.alerts({ state: ["open", "acknowledged", "assigned"], limit: 10_000 });
      return found.find((a) => a.id === id) ?? null;
    },
  });
  let stopped = false;
  const kick = () => {
    if (stopped) return;
    dispatcher.runOnce().catch((err: unknown) => log.warn("notify: sending failed", { err }));
  };
  const ctx = { store, twin, baseUrl: config.TWINOPS_PUBLIC_URL ?? DEFAULT_PUBLIC_URL };
  const unsubscribe = await twin.subscribe((e) => {
    if (e.type !== "alert") return;
    enqueueForAlert(e.data, ctx)
      .then((n) => n > 0 && kick())
      .catch((err: unknown) => log.warn("notify: could not queue notifications", { err, alert: e.data.id }));
  });
  const timer = setInterval(kick, POLL_MS);
  timer.unref();
  const notifier: Notifier = {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await dispatcher.idle();
      closeTransports();
      if (holder[KEY] === notifier) holder[KEY] = undefined;
    },
  };
  holder[KEY] = notifier;
  return notifier;
}
