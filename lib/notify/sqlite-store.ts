import "server-only";
/**
 * Notifications in the SQLite operations store (the same file and connection as accounts and the
 * audit trail). One write transaction at a time is SQLite's own guarantee: a claim is an
 * immediate transaction, so two senders on one file never take the same row.
 */
import type Database from "better-sqlite3";
import { auditParams, insertAuditSql } from "@/lib/ops/schema";
import { storeError } from "@/lib/twin/sources/embedded-port";
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

function run<T>(f: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(f())).catch((err: unknown) => {
    throw storeError(err);
  });
}

const DELIVERY_COLUMNS = "id, channel_id, rule_id, kind, alert_id, status, attempts, next_at, last_error, created_at, updated_at";

export class SqliteNotifyStore implements NotificationStore {
  constructor(private readonly db: Database.Database) {}

  private audit(e: AuditInput, now: number): void {
    this.db.prepare(insertAuditSql("main")).run(auditParams({ ...e, at: now }));
  }

  private channelRow(id: string) {
    return this.db.prepare<[string], ChannelRow>("SELECT * FROM notify_channels WHERE id = ?").get(id);
  }

  listChannels() {
    return run(() => this.db.prepare<[], ChannelRow>("SELECT * FROM notify_channels ORDER BY created_at, id").all().map(toChannel));
  }

  channelForSending(id: string) {
    return run(() => {
      const r = this.channelRow(id);
      return r ? toChannelWithSecret(r) : null;
    });
  }

  createChannel(...[input, by, now = Date.now()]: Parameters<NotificationStore["createChannel"]>) {
    return run(() =>
      this.db.transaction(() => {
        const row = channelRow(newNotifyId(), input, by, now);
        this.db
          .prepare("INSERT INTO notify_channels (id, kind, name, locale, url, recipients, secret, created_by, created_at) VALUES (@id, @kind, @name, @locale, @url, @recipients, @secret, @created_by, @created_at)")
          .run(row);
        const record = toChannel(row);
        this.audit(notifyAudits.channelCreate(by, record), now);
        return record;
      }).immediate(),
    );
  }

  deleteChannel(...[id, by, now = Date.now()]: Parameters<NotificationStore["deleteChannel"]>) {
    return run(() =>
      this.db.transaction(() => {
        const r = this.channelRow(id);
        if (!r) return false;
        this.db.prepare("DELETE FROM notify_channels WHERE id = ?").run(id);
        this.audit(notifyAudits.channelDelete(by, toChannel(r)), now);
        return true;
      }).immediate(),
    );
  }

  listRules() {
    return run(() => this.db.prepare<[], RuleRow>("SELECT * FROM notify_rules ORDER BY created_at, id").all().map(toRule));
  }

  createRule(...[input, by, now = Date.now()]: Parameters<NotificationStore["createRule"]>) {
    return run(() =>
      this.db.transaction(() => {
        const row = ruleRow(newNotifyId(), input, by, now);
        this.db.prepare("INSERT INTO notify_rules (id, name, spec, created_by, created_at) VALUES (@id, @name, @spec, @created_by, @created_at)").run(row);
        const record = toRule(row);
        this.audit(notifyAudits.ruleCreate(by, record), now);
        return record;
      }).immediate(),
    );
  }

  deleteRule(...[id, by, now = Date.now()]: Parameters<NotificationStore["deleteRule"]>) {
    return run(() =>
      this.db.transaction(() => {
        const r = this.db.prepare<[string], RuleRow>("SELECT * FROM notify_rules WHERE id = ?").get(id);
        if (!r) return false;
        this.db.prepare("DELETE FROM notify_rules WHERE id = ?").run(id);
        this.audit(notifyAudits.ruleDelete(by, toRule(r)), now);
        return true;
      }).immediate(),
    );
  }

  enqueue(...[items, now = Date.now()]: Parameters<NotificationStore["enqueue"]>) {
    return run(() =>
      this.db.transaction(() => {
        const sent = this.db.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM notify_outbox WHERE alert_id = ? AND channel_id = ? AND kind IN ('raised', 'escalated')");
        const insert = this.db.prepare(
          `INSERT INTO notify_outbox (dedup, channel_id, rule_id, kind, alert_id, payload, status, attempts, next_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (dedup) DO NOTHING`,
        );
        const ids: number[] = [];
        for (const it of items) {
          const escalated = it.kind === "raised" && it.alertId !== null && (sent.get(it.alertId, it.channelId)?.n ?? 0) > 0;
          const kind = escalated ? "escalated" : it.kind;
          const r = insert.run(it.dedup, it.channelId, it.ruleId, kind, it.alertId, JSON.stringify({ ...it.payload, kind }), it.dueAt, now, now);
          if (r.changes === 1) ids.push(Number(r.lastInsertRowid));
        }
        return ids;
      }).immediate(),
    );
  }

  claim(...[limit, leaseMs, now = Date.now()]: Parameters<NotificationStore["claim"]>) {
    return run(() =>
      this.db
        .prepare<[number, number, number, number, number], DeliveryRow>(
          `UPDATE notify_outbox SET status = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ?
           WHERE id IN (SELECT id FROM notify_outbox
             WHERE (status = 'pending' AND next_at <= ?) OR (status = 'sending' AND lease_until <= ?)
             ORDER BY next_at, id LIMIT ?)
           RETURNING ${DELIVERY_COLUMNS}, payload`,
        )
        .all(now + leaseMs, now, now, now, limit)
        .map(toClaimed)
        .sort((a, b) => a.nextAt - b.nextAt || a.id - b.id),
    );
  }

  settle(...[id, o, now = Date.now()]: Parameters<NotificationStore["settle"]>) {
    return run(() =>
      this.db.transaction(() => {
        const changed = this.db
          .prepare("UPDATE notify_outbox SET status = ?, next_at = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'sending'")
          .run(o.status, o.nextAt, o.error, now, id).changes;
        if (changed === 1 && o.audit) this.audit(o.audit, now);
      }).immediate(),
    );
  }

  listDeliveries(q: Parameters<NotificationStore["listDeliveries"]>[0]) {
    return run(() => {
      const rows = q.status
        ? this.db.prepare<[string, number], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM notify_outbox WHERE status = ? ORDER BY id DESC LIMIT ?`).all(q.status, q.limit)
        : this.db.prepare<[number], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM notify_outbox ORDER BY id DESC LIMIT ?`).all(q.limit);
      return rows.map(toDelivery);
    });
  }

  retryDelivery(...[id, by, now = Date.now()]: Parameters<NotificationStore["retryDelivery"]>) {
    return run(() =>
      this.db.transaction(() => {
        const r = this.db.prepare<[number, number, number], DeliveryRow>(
          `UPDATE notify_outbox SET status = 'pending', attempts = 0, next_at = ?, updated_at = ? WHERE id = ? AND status = 'failed' RETURNING ${DELIVERY_COLUMNS}`,
        ).get(now, now, id);
        if (!r) return false;
        this.audit(notifyAudits.retry(by, toDelivery(r)), now);
        return true;
      }).immediate(),
    );
  }
}
