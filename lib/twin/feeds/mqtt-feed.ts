import "server-only";
/**
 * The MQTT feed: TwinOps subscribes to `twinops/+/observations` on a broker and ingests each
 * message as if it were POSTed to `/api/twin/v1/ingest/observations`.
 *
 * Topic scheme (docs/feeds-sources.md):
 * - `twinops/<feed-token-id>/observations` — a feed publishes `{ "token": "twk_<id>_<secret>",
 *   "observations": [{ "datastreamId", "t", "v" }, …] }`, the HTTP ingest's body plus the feed
 *   token. The token must be a live feed token whose id is the topic's; its domains scope the rows.
 * - `twinops/<feed-token-id>/results` — TwinOps answers each message with the ingest result
 *   (`accepted`, `duplicates`, `rejected` with reasons), or `{ "error": … }` for a refused message.
 *
 * Every row goes through `ingestScoped`: the same checks and idempotency as HTTP ingest.
 */
import mqtt, { type MqttClient } from "mqtt";
import { z } from "zod";
import { IngestBodySchema } from "@/lib/twin-client/schemas";
import type { Observation } from "../types";
import { ingestScoped, type FeedTwin, type ScopedIngestResult } from "./scoped-ingest";

export const MQTT_FEED_TOPIC = "twinops/+/observations";
/** Feed token ids as the operations store makes them (`twk_<id>_<secret>`). */
const TOPIC = /^twinops\/([A-Za-z0-9-]{1,64})\/observations$/;
/** Largest message read (the HTTP ingest's body limit is of the same order). */
export const MQTT_FEED_MAX_BYTES = 1_000_000;

const MessageSchema = IngestBodySchema.extend({ token: z.string().min(1).max(300) }).strict();

/** What the feed needs of the operations store: the live feed token a secret is, or null. */
export type VerifyFeedToken = (token: string) => Promise<{ id: string; scope: readonly string[] } | null>;

/** Counters since start, for logs and tests. */
export interface MqttFeedStats {
  messages: number;
  /** Messages refused whole (bad JSON or shape, bad token, wrong topic). */
  refusedMessages: number;
  accepted: number;
  duplicates: number;
  /** Rows refused by the checks or the token's scope. */
  refusedRows: number;
}

export interface MqttFeedOptions {
  url: string;
  twin: FeedTwin;
  verify: VerifyFeedToken;
  log: (line: string) => void;
  /** MQTT client id (default: a random one). */
  clientId?: string;
  /** Milliseconds between reconnection attempts (default 1000). */
  reconnectMs?: number;
}

/** The outcome of one message, as published on the results topic. */
export type MqttFeedOutcome = { ok: true; result: Omit<ScopedIngestResult, "outOfScope"> } | { ok: false; error: string };

/** Handles one message (topic and payload); exported for the benchmark and unit tests. */
export async function handleFeedMessage(topic: string, payload: Buffer, twin: FeedTwin, verify: VerifyFeedToken): Promise<MqttFeedOutcome & { rows: number }> {
  const m = TOPIC.exec(topic);
  if (!m) return { ok: false, error: "topic must be twinops/<feed-token-id>/observations", rows: 0 };
  if (payload.length > MQTT_FEED_MAX_BYTES) return { ok: false, error: `message larger than ${MQTT_FEED_MAX_BYTES} bytes`, rows: 0 };
  let json: unknown;
  try {
    json = JSON.parse(payload.toString("utf8"));
  } catch {
    return { ok: false, error: "message is not JSON", rows: 0 };
  }
  const parsed = MessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `message does not match the ingest body: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`, rows: 0 };
  }
  const token = await verify(parsed.data.token);
  // The same answer for an unknown, revoked or foreign token: nothing to learn by trying.
  if (!token || token.id !== m[1]) return { ok: false, error: "not a live feed token for this topic", rows: 0 };
  const rows = parsed.data.observations as Observation[];
  const r = await ingestScoped(twin, token.scope, rows);
  return { ok: true, result: { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected }, rows: rows.length };
}

/** A running MQTT feed subscription. */
export class MqttFeed {
  readonly stats: MqttFeedStats = { messages: 0, refusedMessages: 0, accepted: 0, duplicates: 0, refusedRows: 0 };
  private client: MqttClient | null = null;
  /** Messages are handled one at a time, in arrival order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: MqttFeedOptions) {}

  /** Connects and subscribes; resolves once subscribed (the client then reconnects by itself). */
  async start(): Promise<void> {
    if (this.client) return;
    const client = mqtt.connect(this.o.url, {
      clientId: this.o.clientId ?? `twinops-feed-${Math.random().toString(36).slice(2, 10)}`,
      reconnectPeriod: this.o.reconnectMs ?? 1000,
      connectTimeout: 10_000,
      // A persistent session keeps QoS 1 messages sent while TwinOps was briefly away.
      clean: false,
    });
    this.client = client;
    client.on("error", (e) => this.o.log(`[mqtt-feed] ${e.message}`));
    client.on("offline", () => this.o.log(`[mqtt-feed] broker ${redact(this.o.url)} unreachable, reconnecting`));
    client.on("connect", (ack) => {
      this.o.log(`[mqtt-feed] connected to ${redact(this.o.url)}`);
      // A resumed session still holds the subscription.
      if (!ack.sessionPresent) client.subscribe(MQTT_FEED_TOPIC, { qos: 1 }, (e) => e && this.o.log(`[mqtt-feed] subscribe failed: ${e.message}`));
    });
    client.on("message", (topic, payload) => {
      this.chain = this.chain.then(() => this.handle(topic, payload));
    });
    await new Promise<void>((resolve) => {
      const ready = () => {
        client.subscribe(MQTT_FEED_TOPIC, { qos: 1 }, () => resolve());
      };
      if (client.connected) ready();
      else client.once("connect", ready);
    });
  }

  /** Resolves once every message received so far is handled. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    this.stats.messages++;
    let out: MqttFeedOutcome & { rows: number };
    try {
      out = await handleFeedMessage(topic, payload, this.o.twin, this.o.verify);
    } catch (e) {
      // The store failed: the message is not acknowledged as handled to the feed.
      this.o.log(`[mqtt-feed] ingest failed: ${e instanceof Error ? e.message : String(e)}`);
      out = { ok: false, error: "the twin could not store this message now; send it again", rows: 0 };
    }
    const id = TOPIC.exec(topic)?.[1];
    if (!out.ok) {
      this.stats.refusedMessages++;
      this.o.log(`[mqtt-feed] refused a message on ${topic}: ${out.error}`);
    } else {
      const r = out.result;
      this.stats.accepted += r.accepted;
      this.stats.duplicates += r.duplicates;
      this.stats.refusedRows += r.rejected.length;
      if (r.rejected.length > 0) {
        const first = r.rejected.slice(0, 3).map((x) => `#${x.index}: ${x.reason}`).join("; ");
        this.o.log(`[mqtt-feed] ${topic}: ${r.rejected.length} of ${out.rows} rows refused (${first}${r.rejected.length > 3 ? "; …" : ""})`);
      }
    }
    if (id && this.client) {
      const body = out.ok ? out.result : { error: out.error };
      this.client.publish(`twinops/${id}/results`, JSON.stringify(body), { qos: 0 });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    await this.chain;
    await client.endAsync();
  }
}

/** A broker URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}
