/**
 * Rows of the notification tables as both stores keep them (the same columns on SQLite and
 * PostgreSQL; lists as JSON text, times as epoch ms) and the records the port answers, plus the
 * audit records of admins' changes. Shared, so the two stores cannot drift apart.
 */
import { randomBytes } from "node:crypto";
import type { NotifyPayload } from "./message";
import type { AuditActor, AuditInput, ClaimedDelivery } from "./port";
import type { ChannelKind, ChannelRecord, ChannelWithSecret, CreateChannel, CreateRule, DeliveryRecord, DeliveryStatus, NotifyKind, RuleRecord } from "./schemas";

export interface ChannelRow {
  id: string;
  kind: string;
  name: string;
  locale: string;
  url: string | null;
  recipients: string;
  secret: string | null;
  created_by: string;
  created_at: number | string;
}

export interface RuleRow {
  id: string;
  name: string;
  spec: string;
  created_by: string;
  created_at: number | string;
}

export interface DeliveryRow {
  id: number | string;
  channel_id: string;
  rule_id: string | null;
  kind: string;
  alert_id: string | null;
  status: string;
  attempts: number;
  next_at: number | string;
  last_error: string | null;
  created_at: number | string;
  updated_at: number | string;
  payload?: string;
}

/** A 12-character id ([a-z0-9]). */
export const newNotifyId = () => randomBytes(6).toString("hex");

export function channelRow(id: string, c: CreateChannel, by: AuditActor, now: number): ChannelRow {
  return {
    id,
    kind: c.kind,
    name: c.name,
    locale: c.locale,
    url: "url" in c ? c.url : null,
    recipients: JSON.stringify("to" in c ? c.to : []),
    secret: "secret" in c && c.secret ? c.secret : null,
    created_by: by.actor,
    created_at: now,
  };
}

export function toChannel(r: ChannelRow): ChannelRecord {
  return {
    id: r.id,
    kind: r.kind as ChannelKind,
    name: r.name,
    locale: r.locale === "zh" ? "zh" : "en",
    url: r.url,
    to: JSON.parse(r.recipients) as string[],
    hasSecret: r.secret !== null,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  };
}

export const toChannelWithSecret = (r: ChannelRow): ChannelWithSecret => ({ ...toChannel(r), secret: r.secret });

export const ruleRow = (id: string, rule: CreateRule, by: AuditActor, now: number): RuleRow => ({ id, name: rule.name, spec: JSON.stringify(rule), created_by: by.actor, created_at: now });

export function toRule(r: RuleRow): RuleRecord {
  return { ...(JSON.parse(r.spec) as CreateRule), id: r.id, name: r.name, createdBy: r.created_by, createdAt: Number(r.created_at) };
}

export function toDelivery(r: DeliveryRow): DeliveryRecord {
  return {
    id: Number(r.id),
    channelId: r.channel_id,
    ruleId: r.rule_id,
    kind: r.kind as NotifyKind,
    alertId: r.alert_id,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAt: Number(r.next_at),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export const toClaimed = (r: DeliveryRow): ClaimedDelivery => ({ ...toDelivery(r), payload: JSON.parse(r.payload ?? "null") as NotifyPayload });

/** Audit records of admins' changes to channels and rules (secrets never recorded). */
export const notifyAudits = {
  channelCreate: (by: AuditActor, c: ChannelRecord): AuditInput => ({
    ...by,
    action: "notify.channel.create",
    target: `channel:${c.id}`,
    after: { name: c.name, kind: c.kind, locale: c.locale, url: c.url, to: c.to, hasSecret: c.hasSecret },
  }),
  channelDelete: (by: AuditActor, c: ChannelRecord): AuditInput => ({ ...by, action: "notify.channel.delete", target: `channel:${c.id}`, before: { name: c.name, kind: c.kind } }),
  ruleCreate: (by: AuditActor, r: RuleRecord): AuditInput => {
    const { id, createdAt, createdBy, ...spec } = r;
    void createdAt;
    void createdBy;
    return { ...by, action: "notify.rule.create", target: `rule:${id}`, after: spec };
  },
  ruleDelete: (by: AuditActor, r: RuleRecord): AuditInput => ({ ...by, action: "notify.rule.delete", target: `rule:${r.id}`, before: { name: r.name } }),
  retry: (by: AuditActor, d: DeliveryRecord): AuditInput => ({ ...by, action: "notify.retry", target: d.alertId ?? `delivery:${d.id}`, after: { delivery: d.id, channel: d.channelId } }),
};
