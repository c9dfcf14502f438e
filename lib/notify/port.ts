/**
 * The notifications part of the operations store: channels, routing rules and the outbox of
 * deliveries, on SQLite (lib/notify/sqlite-store.ts) and PostgreSQL (lib/notify/pg-store.ts).
 * Type-only module. Changes admins make are audited in the same transaction; every delivery
 * attempt writes its audit record with its outcome in one transaction too.
 *
 * The outbox is at-least-once across crashes and exactly-once between live senders: `claim`
 * takes due rows under a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two instances never take
 * the same row; SQLite: one write transaction at a time), and a row whose sender died is taken
 * again once its lease has run out.
 */
import type { AuditEntry } from "@/lib/twin/types";
import type { NotifyPayload } from "./message";
import type { ChannelRecord, ChannelWithSecret, CreateChannel, CreateRule, DeliveryRecord, DeliveryStatus, NotifyKind, RuleRecord } from "./schemas";

/** Who makes a change (the operations store's AuditActor; repeated here so the two ports do not import each other). */
export interface AuditActor {
  actor: string;
  role: string;
}
export type AuditInput = Omit<AuditEntry, "at">;

/** One notification to queue. `dedup` makes queuing idempotent: a second row with it is dropped. */
export interface OutboxItem {
  dedup: string;
  channelId: string;
  ruleId: string | null;
  /** `raised` is stored as `escalated` when this alarm already went to this channel. */
  kind: NotifyKind;
  alertId: string | null;
  payload: NotifyPayload;
  /** Earliest send time (epoch ms): now, or when an escalation falls due. */
  dueAt: number;
}

/** A delivery taken for sending: its attempt number is already counted. */
export interface ClaimedDelivery extends DeliveryRecord {
  payload: NotifyPayload;
}

/** What became of one attempt. */
export interface DeliveryOutcome {
  status: Exclude<DeliveryStatus, "sending">;
  /** Next attempt (pending), or the time of the outcome. */
  nextAt: number;
  error: string | null;
  audit: AuditInput | null;
}

export interface NotificationStore {
  listChannels(): Promise<ChannelRecord[]>;
  /** The channel with its secret, for the sender. */
  channelForSending(id: string): Promise<ChannelWithSecret | null>;
  createChannel(input: CreateChannel, by: AuditActor, now?: number): Promise<ChannelRecord>;
  /** Deletes a channel (audited); false when there was none. */
  deleteChannel(id: string, by: AuditActor, now?: number): Promise<boolean>;

  listRules(): Promise<RuleRecord[]>;
  createRule(input: CreateRule, by: AuditActor, now?: number): Promise<RuleRecord>;
  deleteRule(id: string, by: AuditActor, now?: number): Promise<boolean>;

  /** Queues notifications; returns the ids of the rows made (duplicates by `dedup` are skipped). */
  enqueue(items: readonly OutboxItem[], now?: number): Promise<number[]>;
  /** Takes up to `limit` due deliveries for `leaseMs`, oldest due first. */
  claim(limit: number, leaseMs: number, now?: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome (and its audit record) for a delivery this sender holds. */
  settle(id: number, outcome: DeliveryOutcome, now?: number): Promise<void>;
  listDeliveries(query: { status?: DeliveryStatus | undefined; limit: number }): Promise<DeliveryRecord[]>;
  /** Queues a failed delivery again with a fresh attempt count (audited); false unless it had failed. */
  retryDelivery(id: number, by: AuditActor, now?: number): Promise<boolean>;
}
