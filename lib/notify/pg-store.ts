import "server-only";
/**
 * Notifications in the PostgreSQL operations store, shared by every instance. A claim is one
 * statement that marks due rows `sending` under a lease, choosing them with
 * `FOR UPDATE SKIP LOCKED`: two instances claiming at once take different rows, never the same
 * one twice. A row whose instance died is claimable again when its lease runs out.
 */
import type { PgDb, PgQueryable } from "@/lib/store/pg/client";
import { insertAuditPg } from "@/lib/ops/pg-schema";
import type { AuditInput, NotificationStore } from "./port";
import {
  channelRow,
  newNotifyId,
  notifyAudits,
  ruleRow,
  toChannel,
  toChannelWithSecret,
  toClaimed,
  toDelivery,
  toRule,
  type ChannelRow,
  type DeliveryRow,
  type RuleRow,
} from "./rows";

const DELIVERY_COLUMNS = "id, channel_id, rule_id, kind, alert_id, status, attempts, next_at, last_error, created_at, updated_at";
const audit = (q: PgQueryable, e: AuditInput, now: number) => insertAuditPg(q, { ...e, at: now });

export class PgNotifyStore implements NotificationStore {
  /** `q`: the operations store's connection, its failures already turned into StoreUnavailableError. */
  constructor(private readonly q: Pick<PgDb, "query" | "transaction">) {}

  async listChannels() {
    return (await this.q.query<ChannelRow>("SELECT * FROM notify_channels ORDER BY created_at, id")).map(toChannel);
  }

  async channelForSending(id: string) {
    const [r] = await this.q.query<ChannelRow>("SELECT * FROM notify_channels WHERE id = $1", [id]);
    return r ? toChannelWithSecret(r) : null;
  }

  createChannel(...[input, by, now = Date.now()]: Parameters<NotificationStore["createChannel"]>) {
    return this.q.transaction(async (tx) => {
      const r = channelRow(newNotifyId(), input, by, now);
      await tx.query("INSERT INTO notify_channels (id, kind, name, locale, url, recipients, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
        r.id,
        r.kind,
        r.name,
        r.locale,
        r.url,
        r.recipients,
        r.secret,
        r.created_by,
        r.created_at,
      ]);
      const record = toChannel(r);
      await audit(tx, notifyAudits.channelCreate(by, record), now);
      return record;
    });
  }

  deleteChannel(...[id, by, now = Date.now()]: Parameters<NotificationStore["deleteChannel"]>) {
    return this.q.transaction(async (tx) => {
      const [r] = await tx.query<ChannelRow>("DELETE FROM notify_channels WHERE id = $1 RETURNING *", [id]);
      if (!r) return false;
      await audit(tx, notifyAudits.channelDelete(by, toChannel(r)), now);
      return true;
    });
  }

  async listRules() {
    return (await this.q.query<RuleRow>("SELECT * FROM notify_rules ORDER BY created_at, id")).map(toRule);
  }

  createRule(...[input, by, now = Date.now()]: Parameters<NotificationStore["createRule"]>) {
    return this.q.transaction(async (tx) => {
      const r = ruleRow(newNotifyId(), input, by, now);
      await tx.query("INSERT INTO notify_rules (id, name, spec, created_by, created_at) VALUES ($1, $2, $3, $4, $5)", [r.id, r.name, r.spec, r.created_by, r.created_at]);
      const record = toRule(r);
      await audit(tx, notifyAudits.ruleCreate(by, record), now);
      return record;
    });
  }

  deleteRule(...[id, by, now = Date.now()]: Parameters<NotificationStore["deleteRule"]>) {
    return this.q.transaction(async (tx) => {
      const [r] = await tx.query<RuleRow>("DELETE FROM notify_rules WHERE id = $1 RETURNING *", [id]);
      if (!r) return false;
      await audit(tx, notifyAudits.ruleDelete(by, toRule(r)), now);
      return true;
    });
  }

  enqueue(...[items, now = Date.now()]: Parameters<NotificationStore["enqueue"]>) {
    if (items.length === 0) return Promise.resolve([]);
    return this.q.transaction(async (tx) => {
      const ids: number[] = [];
      for (const it of items) {
        let kind = it.kind;
        if (kind === "raised" && it.alertId !== null) {
          const [sent] = await tx.query<{ n: string }>("SELECT count(*) AS n FROM notify_outbox WHERE alert_id = $1 AND channel_id = $2 AND kind IN ('raised', 'escalated')", [it.alertId, it.channelId]);
          if (Number(sent?.n ?? 0) > 0) kind = "escalated";
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO notify_outbox (dedup, channel_id, rule_id, kind, alert_id, payload, status, attempts, next_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $8) ON CONFLICT (dedup) DO NOTHING RETURNING id`,
          [it.dedup, it.channelId, it.ruleId, kind, it.alertId, JSON.stringify({ ...it.payload, kind }), it.dueAt, now],
        );
        if (row) ids.push(Number(row.id));
      }
      return ids;
    });
  }

  async claim(...[limit, leaseMs, now = Date.now()]: Parameters<NotificationStore["claim"]>) {
    const rows = await this.q.query<DeliveryRow>(
      `UPDATE notify_outbox SET status = 'sending', attempts = attempts + 1, lease_until = $1, updated_at = $2
       WHERE id IN (SELECT id FROM notify_outbox
         WHERE (status = 'pending' AND next_at <= $2) OR (status = 'sending' AND lease_until <= $2)
         ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${DELIVERY_COLUMNS}, payload`,
      [now + leaseMs, now, limit],
    );
    return rows.map(toClaimed).sort((a, b) => a.nextAt - b.nextAt || a.id - b.id);
  }

  settle(...[id, o, now = Date.now()]: Parameters<NotificationStore["settle"]>) {
    return this.q.transaction(async (tx) => {
      const changed = await tx.query(
        "UPDATE notify_outbox SET status = $1, next_at = $2, last_error = $3, lease_until = NULL, updated_at = $4 WHERE id = $5 AND status = 'sending' RETURNING id",
        [o.status, o.nextAt, o.error, now, id],
      );
      if (changed.length === 1 && o.audit) await audit(tx, o.audit, now);
    });
  }

  async listDeliveries(q: Parameters<NotificationStore["listDeliveries"]>[0]) {
    const rows = q.status
      ? await this.q.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM notify_outbox WHERE status = $1 ORDER BY id DESC LIMIT $2`, [q.status, q.limit])
      : await this.q.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM notify_outbox ORDER BY id DESC LIMIT $1`, [q.limit]);
    return rows.map(toDelivery);
  }

  retryDelivery(...[id, by, now = Date.now()]: Parameters<NotificationStore["retryDelivery"]>) {
    return this.q.transaction(async (tx) => {
      const [r] = await tx.query<DeliveryRow>(
        `UPDATE notify_outbox SET status = 'pending', attempts = 0, next_at = $1, updated_at = $1 WHERE id = $2 AND status = 'failed' RETURNING ${DELIVERY_COLUMNS}`,
        [now, id],
      );
      if (!r) return false;
      await audit(tx, notifyAudits.retry(by, toDelivery(r)), now);
      return true;
    });
  }
}
