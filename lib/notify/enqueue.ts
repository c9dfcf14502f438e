/**
 * From an alarm event to rows in the outbox: the alarm's names (asset, district), unit, time zone
 * and link are resolved once here, so the message a retry sends is the one first queued. Called
 * for every `alert` event a twin raises (lib/notify/runtime.ts), after the engine has stored the
 * alert: queuing is an insert, the sending happens elsewhere. Every instance sharing a
 * PostgreSQL store hears each event; `dedup` keeps one row per notification.
 */
import type { TwinReader } from "@/lib/twin/source";
import type { Alert } from "@/lib/twin/types";
import { alarmLink, ruleUnit, type AlarmSnapshot, type NotifyPayload } from "./message";
import type { AuditActor, NotificationStore } from "./port";
import { isNotifiable, planNotifications } from "./routing";

export interface EnqueueContext {
  store: NotificationStore;
  twin: Pick<TwinReader, "info" | "getAsset" | "districts">;
  /** Origin of links into TwinOps (TWINOPS_PUBLIC_URL). */
  baseUrl: string;
  now?: () => number;
}

export async function alarmSnapshot(a: Alert, ctx: EnqueueContext): Promise<AlarmSnapshot> {
  const [info, detail, districts] = await Promise.all([ctx.twin.info(), ctx.twin.getAsset(a.assetId), ctx.twin.districts()]);
  const district = districts.find((d) => d.id === a.district);
  return {
    id: a.id,
    severity: a.severity,
    domain: a.domain,
    rule: a.subCategory,
    description: a.description,
    assetId: a.assetId,
    assetName: detail?.asset.name ?? { en: a.assetId, zh: a.assetId },
    district: a.district,
    districtName: district?.name ?? { en: a.district, zh: a.district },
    value: a.value,
    threshold: a.threshold,
    unit: ruleUnit(a.subCategory),
    start: a.start,
    timeZone: info.timezone,
    link: alarmLink(ctx.baseUrl, a.assetId, a.id),
  };
}

/** Queues what the routing rules say for this alarm event; resolves to the number of rows made. */
export async function enqueueForAlert(a: Alert, ctx: EnqueueContext): Promise<number> {
  if (!isNotifiable(a)) return 0;
  const rules = await ctx.store.listRules();
  if (rules.length === 0) return 0;
  const now = (ctx.now ?? Date.now)();
  const alarm = await alarmSnapshot(a, ctx);
  const queuedAt = new Date(now).toISOString();
  const items = planNotifications(a, rules, (kind, minutes): NotifyPayload => ({ kind, alarm, minutes, queuedAt }), now);
  return (await ctx.store.enqueue(items, now)).length;
}

/** Queues a test message to one channel (the admin's "send test"); resolves to its delivery id. */
export async function enqueueTest(store: NotificationStore, channelId: string, by: AuditActor, now = Date.now()): Promise<number | null> {
  const [id] = await store.enqueue(
    [
      {
        dedup: `test|${channelId}|${now}|${Math.random().toString(36).slice(2)}`,
        channelId,
        ruleId: null,
        kind: "test",
        alertId: null,
        payload: { kind: "test", alarm: null, requestedBy: by.actor, queuedAt: new Date(now).toISOString() },
        dueAt: now,
      },
    ],
    now,
  );
  return id ?? null;
}
