import "server-only";
/**
 * Twin events across instances on PostgreSQL. Any instance publishes inside its own write
 * transaction (the event commits with the data it describes, or not at all); the insert holds a
 * transaction-level advisory lock, so ids are handed out and committed in the same order and a
 * reader that has seen id N never misses a smaller id committed later. NOTIFY (delivered at
 * commit) wakes every instance's listener, which reads the rows after the newest id it has
 * delivered and hands them to its local subscribers (the SSE streams), in id order. Ids are the
 * table's, so `Last-Event-ID` resumes on any instance. A poll every few seconds covers a
 * notification lost while the listening connection was being re-made.
 */
import pg from "pg";
import type { PgDb, PgQueryable } from "@/lib/store/pg/client";
import type { EventBody } from "../ingest-check";
import type { TwinEvents, Unsubscribe } from "../source";
import type { TwinEvent } from "../types";

/** Events kept for replay: a client away longer catches up with a fetch (as on SQLite). */
const KEEP_EVENTS = 2000;
/** Rows read per round when delivering or replaying. */
const BATCH = 500;
/** Poll interval of the safety net behind NOTIFY, and the first reconnect delay, ms. */
const POLL_MS = 3000;

interface EventRow {
  id: number;
  type: TwinEvent["type"];
  data: unknown;
}

const toEvent = (r: EventRow) => ({ id: r.id, type: r.type, data: r.data }) as TwinEvent;

export interface PgEventHubOptions {
  db: PgDb;
  /** Connection URL and schema, for the dedicated LISTEN connection. */
  url: string;
  schema: string;
  log?: (line: string) => void;
}

export class PgEventHub implements TwinEvents {
  private readonly listeners = new Set<(e: TwinEvent) => void>();
  /** Newest id handed to local subscribers. */
  private delivered = 0;
  private pumping: Promise<void> | null = null;
  private again = false;
  private listener: pg.Client | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private versionQuery: Promise<number> | null = null;
  readonly channel: string;

  private constructor(private readonly opts: PgEventHubOptions) {
    this.channel = `twinops_events_${opts.schema}`;
  }

  /** Starts listening; subscribers get events published after this resolves. */
  static async open(opts: PgEventHubOptions): Promise<PgEventHub> {
    const hub = new PgEventHub(opts);
    const [row] = await opts.db.query<{ id: number | null }>("SELECT max(id) AS id FROM events");
    hub.delivered = row?.id ?? 0;
    await hub.listen();
    hub.poll = setInterval(() => void hub.pump(), POLL_MS);
    hub.poll.unref();
    return hub;
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.opts.url, application_name: "twinops-events" });
    client.on("notification", () => void this.pump());
    client.on("error", () => {
      // The server went away: listen again when it answers; the poll delivers in between.
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => {});
      this.relisten();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.listener = client;
    // Whatever was published while nobody listened.
    void this.pump();
  }

  /** Listens again after POLL_MS, and again after each failed try. */
  private relisten(): void {
    if (this.closed) return;
    const retry = setTimeout(() => void this.listen().catch(() => this.relisten()), POLL_MS);
    retry.unref();
  }

  /**
   * Appends events inside the caller's transaction; they are delivered everywhere once it
   * commits. Returns their ids.
   */
  async publish(tx: PgQueryable, events: readonly EventBody[], at = Date.now()): Promise<number[]> {
    if (events.length === 0) return [];
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('twinops.events.' || current_schema()))");
    const rows = await tx.query<{ id: number }>(
      "INSERT INTO events (at, type, data) SELECT $1, * FROM unnest($2::text[], $3::jsonb[]) RETURNING id",
      [at, events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
    );
    await tx.query("SELECT pg_notify($1, '')", [this.channel]);
    return rows.map((r) => r.id);
  }

  /** Delivers every committed event after the newest delivered, in order; one round at a time. */
  private pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const rows = await this.read(this.delivered, BATCH);
            for (const r of rows) {
              this.delivered = r.id;
              const e = toEvent(r);
              for (const l of [...this.listeners]) {
                try {
                  l(e);
                } catch {
                  // One broken subscriber (a closed SSE stream) must not stop the others.
                }
              }
            }
            if (rows.length < BATCH) break;
          }
        } while (this.again && !this.closed);
      } catch {
        // The store is away; the next notification or poll tries again.
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /** Events after `after`, oldest first, at most `limit`. */
  async read(after: number, limit: number, db: PgQueryable = this.opts.db): Promise<EventRow[]> {
    return db.query<EventRow>("SELECT id, type, data FROM events WHERE id > $1 ORDER BY id LIMIT $2", [after, limit]);
  }

  async replay(lastEventId: number): Promise<TwinEvent[]> {
    return (await this.read(lastEventId, KEEP_EVENTS)).map(toEvent);
  }

  async eventWindow(): Promise<{ oldest: number; newest: number }> {
    const [r] = await this.opts.db.query<{ oldest: number | null; newest: number | null }>(
      "SELECT min(id) AS oldest, max(id) AS newest FROM events",
    );
    return { oldest: r?.oldest ?? 0, newest: r?.newest ?? 0 };
  }

  /**
   * The newest committed event id, read from the shared table (not this instance's delivery
   * counter, which lags a NOTIFY behind): a write committed on any instance changes every
   * instance's answer at once. Concurrent callers share one query.
   */
  dataVersion(): Promise<number> {
    this.versionQuery ??= this.opts.db
      .query<{ id: number | null }>("SELECT max(id) AS id FROM events")
      .then((rows) => Number(rows[0]?.id ?? 0))
      .finally(() => {
        this.versionQuery = null;
      });
    return this.versionQuery;
  }

  async subscribe(listener: (event: TwinEvent) => void): Promise<Unsubscribe> {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  /** Keeps the newest KEEP_EVENTS (the writer calls this now and then). */
  async prune(): Promise<void> {
    await this.opts.db.query("DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - $1", [KEEP_EVENTS]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.listeners.clear();
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => {});
    await this.pumping;
  }
}
