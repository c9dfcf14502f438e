import "server-only";
/**
 * The OGC SensorThings API 1.1 source (TWINOPS_SOURCE=sensorthings).
 *
 * 1. Discovery: every Thing with its Locations and Datastreams (ObservedProperty expanded), page
 *    by page along `@iot.nextLink` (and `Datastreams@iot.nextLink` inside a Thing), mapped onto
 *    TwinOps datastreams through the pack's `sources.json`. Things whose asset the twin does not
 *    hold are counted as unmapped, never created.
 * 2. Live: the SensorThings MQTT extension, one subscription per mapped Datastream
 *    (`v1.1/Datastreams(<id>)/Observations`).
 * 3. Back-fill: after subscribing (at start and after every reconnection), each Datastream's
 *    Observations with `phenomenonTime gt` the newest the twin stores for it, so an outage leaves
 *    no gap. Rows are idempotent on (datastream, t): the overlap of live and back-fill is counted
 *    as duplicates, never stored twice.
 */
import mqtt, { type MqttClient } from "mqtt";
import { redact } from "../mqtt-feed";
import { fetchJson, sameOrigin, SourceHttpError } from "../http";
import type { StaMapping } from "../mapping";
import type { FeedTwin } from "../scoped-ingest";
import { newSourceStats, sinceTimes, SourceSink, type SourceStats } from "../sink";
import {
  observationRow,
  StaObservationSchema,
  StaPageSchema,
  StaThingSchema,
  StaDatastreamSchema,
  thingTargets,
  type StaStreamTarget,
  type StaThing,
} from "./reshape";

export interface SensorThingsOptions {
  /** Service root, e.g. `http://sta.city.example/FROST-Server/v1.1`. */
  url: string;
  /** Broker of the SensorThings MQTT extension; unset: pulls only (at start). */
  mqttUrl?: string;
  mapping: StaMapping;
  twin: FeedTwin;
  /** Seconds back to pull on a stream the twin holds nothing of yet. */
  backfillSeconds: number;
  log: (line: string) => void;
  /** Milliseconds between MQTT reconnection attempts (default 1000). */
  reconnectMs?: number;
}

/**
 * A query string with spaces as %20: `+` for a space is HTML form encoding, which not every
 * SensorThings server decodes in `$filter`.
 */
export function staQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
}

/** Pages followed per listing at most: a server whose next links never end is cut off. */
const MAX_PAGES = 10_000;
/** How long `start` waits for the MQTT broker before back-filling without it, ms. */
const FIRST_CONNECT_MS = 5000;
/** Observations asked per page when back-filling. */
const OBS_PAGE = 1000;

export class SensorThingsSource {
  readonly stats: SourceStats = newSourceStats();
  private readonly sink: SourceSink;
  private targets = new Map<string, StaStreamTarget>();
  private client: MqttClient | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly base: string;
  private readonly version: string;

  constructor(private readonly o: SensorThingsOptions) {
    this.base = o.url.replace(/\/+$/, "");
    // MQTT topics start with the service version (`v1.1/…`), as the service root's last segment.
    this.version = /\/(v\d+\.\d+)$/.exec(this.base)?.[1] ?? "v1.1";
    this.sink = new SourceSink(o.twin, this.stats, o.log, "sensorthings");
  }

  /** The mapped Datastreams (by SensorThings id), after `discover`. */
  get streams(): ReadonlyMap<string, StaStreamTarget> {
    return this.targets;
  }

  /** Discovers, subscribes and back-fills; resolves when the first back-fill is done. */
  async start(): Promise<void> {
    await this.discover();
    // Started again after a failure (the runner retries): the MQTT client reconnects by itself.
    if (this.o.mqttUrl && !this.client && this.targets.size > 0) await this.connect(this.o.mqttUrl);
    await this.serial(() => this.backfill());
  }

  /** Reads every entity of a listing along its next links. */
  async *pages(first: string): AsyncGenerator<unknown[]> {
    let url: string | null = first;
    for (let n = 0; url && n < MAX_PAGES && !this.stopped; n++) {
      const { json } = await fetchJson(url, { headers: { accept: "application/json" } });
      const page = StaPageSchema.safeParse(json);
      if (!page.success) throw new SourceHttpError(`GET ${url}: not a SensorThings entity set`, 200);
      yield page.data.value;
      const next = page.data["@iot.nextLink"];
      url = next ? sameOrigin(next, this.base) : null;
      if (next && !url) this.o.log(`[sensorthings] ignored a next link to another host: ${next}`);
    }
  }

  /** Things, their Locations and Datastreams, mapped onto the twin's datastreams. */
  async discover(): Promise<void> {
    const q = staQuery({
      $select: "@iot.id,name,properties",
      $expand: "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition))",
      $top: String(this.o.mapping.pageSize),
    });
    const candidates: { thing: StaThing; targets: StaStreamTarget[] }[] = [];
    let things = 0;
    for await (const page of this.pages(`${this.base}/Things?${q}`)) {
      for (const raw of page) {
        const parsed = StaThingSchema.safeParse(raw);
        if (!parsed.success) {
          this.sink.unmapped("(a Thing the server sent malformed)");
          continue;
        }
        const thing = parsed.data;
        things++;
        await this.restOfDatastreams(thing);
        const { key, targets } = thingTargets(thing, this.o.mapping);
        if (key === null || targets.length === 0) this.sink.unmapped(thing.name ?? String(thing["@iot.id"]));
        else candidates.push({ thing, targets });
      }
    }
    // Only streams of assets the twin holds: the rest are counted, never invented.
    const ids = candidates.flatMap((c) => c.targets.map((t) => t.datastreamId));
    const unknown = new Set(await this.o.twin.unknownDatastreams(ids));
    const targets = new Map<string, StaStreamTarget>();
    for (const c of candidates) {
      const known = c.targets.filter((t) => !unknown.has(t.datastreamId));
      if (known.length === 0) this.sink.unmapped(c.thing.name ?? String(c.thing["@iot.id"]));
      for (const t of known) targets.set(t.staId, t);
    }
    this.targets = targets;
    this.stats.mappedStreams = targets.size;
    this.o.log(
      `[sensorthings] ${things} Things at ${this.base}: ${targets.size} Datastreams mapped, ${this.stats.unmapped} Things unmapped` +
        (this.stats.unmappedNames.length ? ` (${this.stats.unmappedNames.slice(0, 5).join(", ")}${this.stats.unmapped > 5 ? ", …" : ""})` : ""),
    );
  }

  /** A Thing's Datastreams beyond the first expanded page. */
  private async restOfDatastreams(thing: StaThing): Promise<void> {
    const next = thing["Datastreams@iot.nextLink"];
    const url = next ? sameOrigin(next, this.base) : null;
    if (!url) return;
    for await (const page of this.pages(url)) {
      for (const raw of page) {
        const ds = StaDatastreamSchema.safeParse(raw);
        if (ds.success) (thing.Datastreams ??= []).push(ds.data);
      }
    }
  }

  /** Each mapped Datastream's Observations after the newest the twin stores (or the back-fill window). */
  async backfill(): Promise<void> {
    const targets = [...this.targets.values()];
    const since = await sinceTimes(this.o.twin, targets.map((t) => t.datastreamId), this.o.backfillSeconds);
    let rows = 0;
    for (const target of targets) {
      if (this.stopped) return;
      const q = staQuery({
        $select: "phenomenonTime,result",
        $filter: `phenomenonTime gt ${since.get(target.datastreamId)!}`,
        $orderby: "phenomenonTime asc",
        $top: String(OBS_PAGE),
      });
      for await (const page of this.pages(`${this.base}/Datastreams(${encodeURIComponent(target.staId)})/Observations?${q}`)) {
        const obs = page.flatMap((raw) => {
          const o = StaObservationSchema.safeParse(raw);
          return o.success ? [observationRow(o.data, target)] : [];
        });
        rows += obs.length;
        if (obs.length) await this.sink.ingest(obs);
      }
    }
    this.stats.lastSync = new Date().toISOString();
    this.o.log(`[sensorthings] back-fill: ${rows} Observations read for ${targets.length} Datastreams`);
  }

  /** Connects to the MQTT extension; resolves once subscribed (reconnects by itself after). */
  private async connect(url: string): Promise<void> {
    const client = mqtt.connect(url, {
      clientId: `twinops-sta-${Math.random().toString(36).slice(2, 10)}`,
      reconnectPeriod: this.o.reconnectMs ?? 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    const topics = [...this.targets.keys()].map((id) => `${this.version}/Datastreams(${id})/Observations`);
    // The connection made while `start` waits is followed by start's own back-fill; every later
    // one (a reconnection, or a broker that was down at start) back-fills what it missed.
    let startWaits = true;
    client.on("error", (e) => this.o.log(`[sensorthings] MQTT: ${e.message}`));
    client.on("offline", () => this.o.log(`[sensorthings] MQTT broker ${redact(url)} unreachable, reconnecting`));
    client.on("message", (topic, payload) => void this.serial(() => this.onMessage(topic, payload)));
    const subscribed = new Promise<void>((resolve) => {
      client.on("connect", () => {
        const catchUp = !startWaits;
        startWaits = false;
        client.subscribe(topics, { qos: 1 }, (e) => {
          if (e) this.o.log(`[sensorthings] MQTT subscribe failed: ${e.message}`);
          resolve();
          if (catchUp) {
            this.o.log(`[sensorthings] MQTT connected: back-filling the gap`);
            void this.serial(() => this.backfill()).catch((err: unknown) => this.fail(err));
          }
        });
      });
    });
    // A broker that does not answer soon does not hold up the back-fill over HTTP.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([subscribed, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_CONNECT_MS)))]);
    clearTimeout(timer);
    startWaits = false;
  }

  private async onMessage(topic: string, payload: Buffer): Promise<void> {
    const id = /\/Datastreams\(([^)]+)\)\/Observations$/.exec(topic)?.[1];
    const target = id ? this.targets.get(id.replace(/^'(.*)'$/, "$1")) : undefined;
    if (!target) return;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString("utf8"));
    } catch {
      this.stats.refused++;
      return this.o.log(`[sensorthings] ${topic}: a message that is not JSON was refused`);
    }
    const o = StaObservationSchema.safeParse(json);
    if (!o.success) {
      this.stats.refused++;
      return this.o.log(`[sensorthings] ${topic}: a message without phenomenonTime was refused`);
    }
    await this.sink.ingest([observationRow(o.data, target)]);
  }

  /** Runs source jobs (live rows, back-fills) one at a time; a failure is logged, not thrown on. */
  private serial(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job);
    this.chain = run.catch((e: unknown) => this.fail(e));
    return run;
  }

  private fail(e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e);
    this.stats.lastError = msg;
    this.o.log(`[sensorthings] ${msg}`);
  }

  /** Resolves once every job queued so far is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await this.chain;
    if (client) await client.endAsync(true);
  }
}
