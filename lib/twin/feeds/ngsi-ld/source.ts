import "server-only";
/**
 * The FIWARE NGSI-LD source (TWINOPS_SOURCE=ngsi-ld).
 *
 * 1. Entities of each mapped type (`GET /ngsi-ld/v1/entities?type=…&limit&offset&count=true`,
 *    with the mapping's @context in a Link header), mapped onto TwinOps assets; their current
 *    values are ingested. Entities whose asset the twin does not hold are counted as unmapped.
 * 2. History through the temporal API (`GET /ngsi-ld/v1/temporal/entities?…&timerel=after`), from
 *    the newest value the twin stores of that type's streams (or the back-fill window).
 * 3. Live values: a subscription (created, or updated when it exists) whose notifications the
 *    broker POSTs to `/api/twin/v1/ingest/ngsi-ld` with a feed token (receiverInfo), where they take
 *    the HTTP ingest's path.
 */
import { fetchJson, SourceHttpError } from "../http";
import type { NgsiMapping } from "../mapping";
import type { Observation } from "../../types";
import type { FeedTwin } from "../scoped-ingest";
import { newSourceStats, sinceTimes, SourceSink, type SourceStats } from "../sink";
import { entityRows, linkHeader, NgsiEntitySchema, type NgsiEntity } from "./reshape";

export interface NgsiLdOptions {
  /** Broker root, e.g. `http://orion-ld:1026` (the source adds `/ngsi-ld/v1/…`). */
  url: string;
  mapping: NgsiMapping;
  twin: FeedTwin;
  /** Where the broker sends notifications, and the feed token it sends with them; unset: no subscription. */
  notify?: { url: string; token: string };
  /** Stable id of this twin's subscription (one per twin, so a restart updates it). */
  subscriptionId: string;
  backfillSeconds: number;
  log: (line: string) => void;
}

/** Pages read per listing at most. */
const MAX_PAGES = 10_000;

export class NgsiLdSource {
  readonly stats: SourceStats = newSourceStats();
  private readonly sink: SourceSink;
  private readonly base: string;
  private stopped = false;

  constructor(private readonly o: NgsiLdOptions) {
    this.base = `${o.url.replace(/\/+$/, "")}/ngsi-ld/v1`;
    this.sink = new SourceSink(o.twin, this.stats, o.log, "ngsi-ld");
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { accept: "application/json", link: linkHeader(this.o.mapping.context), ...extra };
  }

  async start(): Promise<void> {
    const { streams, rows } = await this.pullEntities();
    // History first: it starts after the newest value stored, which the current values would move.
    await this.pullHistory(streams);
    if (rows.length) await this.sink.ingest(rows);
    if (this.o.notify) await this.subscribe(this.o.notify);
    this.stats.lastSync = new Date().toISOString();
  }

  /** Every entity of a listing, `limit`/`offset` paged up to the count the broker states. */
  async *entities(path: string, params: Record<string, string>): AsyncGenerator<NgsiEntity[]> {
    const limit = this.o.mapping.pageSize;
    for (let offset = 0, n = 0; n < MAX_PAGES && !this.stopped; n++) {
      const q = new URLSearchParams({ ...params, limit: String(limit), offset: String(offset), count: "true" });
      const { json, headers } = await fetchJson(`${this.base}${path}?${q}`, { headers: this.headers() });
      if (!Array.isArray(json)) throw new SourceHttpError(`GET ${path}: the broker did not answer an array of entities`, 200);
      const page = json.flatMap((e) => {
        const p = NgsiEntitySchema.safeParse(e);
        return p.success ? [p.data] : [];
      });
      yield page;
      offset += json.length;
      const count = Number(headers.get("ngsild-results-count"));
      if (json.length < limit || (Number.isFinite(count) && offset >= count)) return;
    }
  }

  /** Entities of every mapped type: the TwinOps streams per entity type, and the current values. */
  async pullEntities(): Promise<{ streams: Map<string, string[]>; rows: Observation[] }> {
    const byType = new Map<string, string[]>();
    const rows: Observation[] = [];
    let entities = 0;
    for (const m of this.o.mapping.entities) {
      const candidates: { name: string; rows: Observation[]; ids: string[] }[] = [];
      for await (const page of this.entities("/entities", { type: m.type })) {
        for (const e of page) {
          entities++;
          const { assetId, rows } = entityRows(e, this.o.mapping);
          if (!assetId) this.sink.unmapped(e.id);
          else candidates.push({ name: e.id, rows, ids: Object.values(m.attributes).map((a) => `${assetId}:${typeof a === "string" ? a : a.property}`) });
        }
      }
      const unknown = new Set(await this.o.twin.unknownDatastreams(candidates.flatMap((c) => c.ids)));
      const streams: string[] = [];
      for (const c of candidates) {
        const known = c.ids.filter((id) => !unknown.has(id));
        if (known.length === 0) {
          this.sink.unmapped(c.name);
          continue;
        }
        streams.push(...known);
        rows.push(...c.rows.filter((r) => !unknown.has(r.datastreamId)));
      }
      byType.set(m.type, streams);
      this.stats.mappedStreams += streams.length;
    }
    this.o.log(`[ngsi-ld] ${entities} entities at ${this.o.url}: ${this.stats.mappedStreams} streams mapped, ${this.stats.unmapped} entities unmapped`);
    return { streams: byType, rows };
  }

  /** Each type's history after the oldest of the newest values its streams hold. */
  async pullHistory(streams: Map<string, string[]>): Promise<void> {
    let rows = 0;
    for (const m of this.o.mapping.entities) {
      const ids = streams.get(m.type) ?? [];
      if (ids.length === 0) continue;
      const since = [...(await sinceTimes(this.o.twin, ids, this.o.backfillSeconds)).values()].sort()[0]!;
      const known = new Set(ids);
      // The attribute naming the asset comes along, or the temporal answer could not be placed.
      const rule = m.assetId ?? this.o.mapping.assetId;
      const attrs = [...Object.keys(m.attributes), ...(rule.from === "id" ? [] : [rule.key])];
      const params = { type: m.type, attrs: attrs.join(","), timerel: "after", timeAt: since };
      for await (const page of this.entities("/temporal/entities", params)) {
        const out = page.flatMap((e) => entityRows(e, this.o.mapping).rows.filter((r) => known.has(r.datastreamId)));
        rows += out.length;
        if (out.length) await this.sink.ingest(out);
      }
    }
    this.o.log(`[ngsi-ld] history: ${rows} values read through the temporal API`);
  }

  /** The subscription for live values: created, or brought up to date when it exists (409). */
  async subscribe(notify: { url: string; token: string }): Promise<void> {
    const attributes = [...new Set(this.o.mapping.entities.flatMap((m) => Object.keys(m.attributes)))];
    const body = {
      description: "TwinOps: live values of the mapped entity types",
      entities: this.o.mapping.entities.map((m) => ({ type: m.type })),
      watchedAttributes: attributes,
      notification: {
        attributes,
        format: "normalized",
        endpoint: { uri: notify.url, accept: "application/json", receiverInfo: [{ key: "Authorization", value: `Bearer ${notify.token}` }] },
      },
    };
    const headers = this.headers({ "content-type": "application/json" });
    try {
      await fetchJson(`${this.base}/subscriptions`, { method: "POST", headers, body: JSON.stringify({ id: this.o.subscriptionId, type: "Subscription", ...body }) });
      this.o.log(`[ngsi-ld] subscription ${this.o.subscriptionId} created: notifications go to ${notify.url}`);
    } catch (e) {
      if (!(e instanceof SourceHttpError && e.status === 409)) throw e;
      await fetchJson(`${this.base}/subscriptions/${encodeURIComponent(this.o.subscriptionId)}`, { method: "PATCH", headers, body: JSON.stringify(body) });
      this.o.log(`[ngsi-ld] subscription ${this.o.subscriptionId} updated: notifications go to ${notify.url}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}
