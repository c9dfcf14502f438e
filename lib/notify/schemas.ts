/**
 * Request bodies and records of the notifications admin API: channels (where a message goes and
 * in which language), routing rules (which alarms go to which channels, and escalation), and the
 * outbox of deliveries. Secrets (HMAC keys, robot signing secrets) are accepted on creation and
 * never answered back: records carry `hasSecret` instead.
 */
import { z } from "zod";
import { freeText } from "@/lib/security/text";
import { ALERT_SEVERITIES, DOMAINS } from "@/lib/twin/types";

export const CHANNEL_KINDS = ["webhook", "email", "wecom", "dingtalk", "feishu"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const NOTIFY_LOCALES = ["en", "zh"] as const;

const name = freeText().trim().min(1).max(80);
const locale = z.enum(NOTIFY_LOCALES).default("en");
const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }).max(2000);
/** Secrets are free-form but bounded and printable (robots show them as `SEC…` strings). */
const secret = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(512)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces only");

export const CreateChannelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), name, locale, url: httpUrl, secret }).strict(),
  z
    .object({
      kind: z.literal("email"),
      name,
      locale,
      to: z.array(z.email()).min(1).max(20),
    })
    .strict(),
  z.object({ kind: z.literal("wecom"), name, locale, url: httpUrl }).strict(),
  z.object({ kind: z.literal("dingtalk"), name, locale, url: httpUrl, secret: secret.optional() }).strict(),
  z.object({ kind: z.literal("feishu"), name, locale, url: httpUrl, secret: secret.optional() }).strict(),
]);
export type CreateChannel = z.output<typeof CreateChannelSchema>;

/** What a channel needs to send, as stored (secret included). Never leaves the server. */
export interface ChannelConfig {
  url?: string | undefined;
  to?: string[] | undefined;
}

export interface ChannelRecord {
  id: string;
  kind: ChannelKind;
  name: string;
  locale: "en" | "zh";
  /** The webhook URL or the recipients. Robot URLs carry their access key: only admins see them. */
  url: string | null;
  to: string[];
  hasSecret: boolean;
  createdBy: string;
  createdAt: number;
}

/** A channel with its secret, for the sender only. */
export interface ChannelWithSecret extends ChannelRecord {
  secret: string | null;
}

const ids = (max: number) => z.array(z.string().min(1).max(120)).max(max).default([]);

export const CreateRuleSchema = z
  .object({
    name,
    /** Empty: every domain (likewise severities, alert rules, districts). */
    domains: z.array(z.enum(DOMAINS)).max(DOMAINS.length).default([]),
    severities: z.array(z.enum(ALERT_SEVERITIES)).max(ALERT_SEVERITIES.length).default([]),
    alertRules: ids(50),
    districts: ids(50),
    channels: z.array(z.string().min(1).max(64)).min(1).max(20),
    /** Minutes a critical alarm may stay unacknowledged before the escalation channels hear of it. */
    escalateAfterMinutes: z.number().int().min(1).max(24 * 60).nullable().default(null),
    escalationChannels: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .strict()
  .refine((r) => (r.escalateAfterMinutes === null) === (r.escalationChannels.length === 0), {
    message: "escalation needs both escalateAfterMinutes and at least one escalation channel",
    path: ["escalationChannels"],
  });
export type CreateRule = z.output<typeof CreateRuleSchema>;

export interface RuleRecord extends CreateRule {
  id: string;
  createdBy: string;
  createdAt: number;
}

export const NotifyIdParamsSchema = z.object({ id: z.string().regex(/^[a-z0-9]{12}$/, "is not an id") });
export const DeliveryIdParamsSchema = z.object({ id: z.coerce.number().int().min(1) });

/** Why a notification is sent. `unacknowledged`: the escalation of a critical alarm nobody acknowledged. */
export const NOTIFY_KINDS = ["raised", "escalated", "unacknowledged", "test"] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRecord {
  id: number;
  channelId: string;
  ruleId: string | null;
  kind: NotifyKind;
  alertId: string | null;
  status: DeliveryStatus;
  attempts: number;
  /** When it is (re)tried next, or was sent (epoch ms). */
  nextAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export const DeliveriesQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
