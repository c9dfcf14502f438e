/**
 * The notification tables of the operations store (its migration 4 on both backends): channels,
 * routing rules (their filters as one JSON document), and the outbox. An outbox row is one
 * notification to one channel; `dedup` makes queuing idempotent (every instance hearing of an
 * alarm may queue it; one row stays), `lease_until` marks a row a sender holds.
 */
const COLUMNS = (id: string, text: string, int: string) => `
CREATE TABLE notify_channels (
  id ${text} PRIMARY KEY, kind ${text} NOT NULL, name ${text} NOT NULL, locale ${text} NOT NULL, url ${text},
  recipients ${text} NOT NULL, secret ${text}, created_by ${text} NOT NULL, created_at ${int} NOT NULL
);
CREATE TABLE notify_rules (
  id ${text} PRIMARY KEY, name ${text} NOT NULL, spec ${text} NOT NULL, created_by ${text} NOT NULL, created_at ${int} NOT NULL
);
CREATE TABLE notify_outbox (
  id ${id}, dedup ${text} NOT NULL UNIQUE, channel_id ${text} NOT NULL, rule_id ${text}, kind ${text} NOT NULL,
  alert_id ${text}, payload ${text} NOT NULL, status ${text} NOT NULL, attempts integer NOT NULL DEFAULT 0,
  next_at ${int} NOT NULL, lease_until ${int}, last_error ${text}, created_at ${int} NOT NULL, updated_at ${int} NOT NULL
);
CREATE INDEX notify_outbox_due ON notify_outbox (status, next_at);
CREATE INDEX notify_outbox_alert ON notify_outbox (alert_id, channel_id);
`;

/** SQLite, in schema `s` (main, or an attached name): table names get the schema prefix. */
export const NOTIFY_TABLES_SQLITE = (s: string) =>
  COLUMNS("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER")
    .replace(/CREATE TABLE (\w+)/g, `CREATE TABLE ${s}.$1`)
    .replace(/CREATE INDEX (\w+)/g, `CREATE INDEX ${s}.$1`);

/** PostgreSQL, on a connection whose search_path is the operations schema. */
export const NOTIFY_TABLES_PG = COLUMNS("bigserial PRIMARY KEY", "text", "bigint");
