import "server-only";
/**
 * Runs the configured source (SensorThings or NGSI-LD) and the MQTT feed in the process that
 * writes the twin: the embedded twin's, or on PostgreSQL the instance holding the writer lease
 * (`health.writer`), so two instances never both pull or both take the same MQTT message. When the
 * lease moves, the old holder stops its sources and the new one starts them; each start
 * back-fills from what the twin stores, so nothing falls in between.
 */
import { EnvError, type Env } from "@/lib/config/env";
import type { TwinPort } from "../source";
import { loadSourceMapping, type SourceMapping } from "./mapping";
import { MqttFeed, type VerifyFeedToken } from "./mqtt-feed";
import { NgsiLdSource } from "./ngsi-ld/source";
import { SensorThingsSource } from "./sensorthings/source";

/** How often a non-writer checks whether it now holds the writer lease, ms. */
const WRITER_POLL_MS = 2000;

export const NGSI_LD_NOTIFY_PATH = "/api/twin/v1/ingest/ngsi-ld";

interface Running {
  stop(): Promise<void>;
}

export interface SourcesConfig {
  source: Env["TWINOPS_SOURCE"];
  city: string;
  staUrl?: string | undefined;
  mqttUrl?: string | undefined;
  ngsiLdUrl?: string | undefined;
  notify?: { url: string; token: string } | undefined;
  mqttFeedUrl?: string | undefined;
  backfillSeconds: number;
  mapping: SourceMapping;
  /** First wait before a part that failed to start is tried again, ms (default RETRY_FIRST_MS). */
  retryMs?: number;
}

/** The sources' configuration from the environment; EnvError names what is missing. */
export function sourcesConfig(e: Env, mapping: SourceMapping = loadSourceMapping(e.TWINOPS_CITY)): SourcesConfig {
  const missing = (name: string, why: string) => new EnvError(`Invalid TwinOps configuration:\n  ${name} is not set: ${why}`);
  if (e.TWINOPS_SOURCE === "sensorthings") {
    if (!e.TWINOPS_STA_URL) throw missing("TWINOPS_STA_URL", "TWINOPS_SOURCE=sensorthings reads from it");
    if (!mapping.sensorthings) throw new EnvError(`TWINOPS_SOURCE=sensorthings, but the city pack ${e.TWINOPS_CITY} has no "sensorthings" mapping in sources.json`);
  }
  if (e.TWINOPS_SOURCE === "ngsi-ld") {
    if (!e.TWINOPS_NGSI_LD_URL) throw missing("TWINOPS_NGSI_LD_URL", "TWINOPS_SOURCE=ngsi-ld reads from it");
    if (!mapping.ngsiLd) throw new EnvError(`TWINOPS_SOURCE=ngsi-ld, but the city pack ${e.TWINOPS_CITY} has no "ngsiLd" mapping in sources.json`);
  }
  const notifyBase = e.TWINOPS_NGSI_LD_NOTIFY_URL ?? (e.TWINOPS_PUBLIC_URL ? new URL(NGSI_LD_NOTIFY_PATH, e.TWINOPS_PUBLIC_URL).toString() : undefined);
  if (e.TWINOPS_SOURCE === "ngsi-ld" && e.TWINOPS_NGSI_LD_NOTIFY_TOKEN && !notifyBase)
    throw missing("TWINOPS_NGSI_LD_NOTIFY_URL", "the NGSI-LD broker needs an address of TwinOps to notify (or set TWINOPS_PUBLIC_URL)");
  return {
    source: e.TWINOPS_SOURCE,
    city: e.TWINOPS_CITY,
    staUrl: e.TWINOPS_STA_URL,
    mqttUrl: e.TWINOPS_MQTT_URL,
    ngsiLdUrl: e.TWINOPS_NGSI_LD_URL,
    notify: e.TWINOPS_NGSI_LD_NOTIFY_TOKEN && notifyBase ? { url: notifyBase, token: e.TWINOPS_NGSI_LD_NOTIFY_TOKEN } : undefined,
    mqttFeedUrl: e.TWINOPS_MQTT_FEED_URL,
    backfillSeconds: Math.max(e.TWINOPS_BACKFILL_DAYS, 0) * 86400,
    mapping,
  };
}

/** True when there is anything to run. */
export const hasSources = (c: SourcesConfig) => c.source !== "none" || c.mqttFeedUrl !== undefined;

/** First wait before starting a failed part again, ms; it doubles up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 5 * 60_000;

/** Starts a part now, and again after a failure (a server down at start) until it starts or is stopped. */
function retrying(name: string, part: { start(): Promise<void>; stop(): Promise<void> }, log: (line: string) => void, firstDelay = RETRY_FIRST_MS): Running {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = firstDelay;
  const attempt = () => {
    part.start().catch((e: unknown) => {
      if (stopped) return;
      log(`[${name}] cannot start: ${e instanceof Error ? e.message : String(e)}; trying again in ${Math.round(delay / 1000)} s`);
      timer = setTimeout(attempt, delay);
      timer.unref();
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    });
  };
  attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await part.stop();
    },
  };
}

/** Starts what the configuration asks for; each part logs and retries on its own. */
async function startAll(c: SourcesConfig, twin: TwinPort, verify: VerifyFeedToken, log: (line: string) => void): Promise<Running[]> {
  const running: Running[] = [];
  if (c.mqttFeedUrl) {
    // One client id per city's twin: the broker keeps its session (QoS 1 messages sent while no
    // instance is connected: a restart, a lease moving) for whichever instance connects next.
    const feed = new MqttFeed({ url: c.mqttFeedUrl, twin, verify, log, clientId: `twinops-feed-${c.city}` });
    running.push(retrying("mqtt-feed", feed, log, c.retryMs));
  }
  if (c.source === "sensorthings" && c.staUrl && c.mapping.sensorthings) {
    const sta = new SensorThingsSource({ url: c.staUrl, mqttUrl: c.mqttUrl, mapping: c.mapping.sensorthings, twin, backfillSeconds: c.backfillSeconds, log });
    running.push(retrying("sensorthings", sta, log, c.retryMs));
  }
  if (c.source === "ngsi-ld" && c.ngsiLdUrl && c.mapping.ngsiLd) {
    const ngsi = new NgsiLdSource({
      url: c.ngsiLdUrl,
      mapping: c.mapping.ngsiLd,
      twin,
      notify: c.notify,
      subscriptionId: `urn:ngsi-ld:Subscription:twinops:${c.city}`,
      backfillSeconds: c.backfillSeconds,
      log,
    });
    running.push(retrying("ngsi-ld", ngsi, log, c.retryMs));
  }
  return running;
}

/**
 * Runs the sources while this process writes the twin; returns a function that stops them for
 * good (shutdown).
 */
export function runSources(c: SourcesConfig, twin: TwinPort, verify: VerifyFeedToken, log: (line: string) => void): () => Promise<void> {
  if (!hasSources(c)) return async () => {};
  let running: Running[] | null = null;
  let busy = false;
  let stopped = false;
  const check = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const writer = twin.health.writer;
      if (writer && !running) {
        log(`[sources] this instance writes the twin: starting ${[c.source !== "none" ? c.source : null, c.mqttFeedUrl ? "mqtt feed" : null].filter(Boolean).join(" and ")}`);
        running = await startAll(c, twin, verify, log);
      } else if (!writer && running) {
        log(`[sources] this instance no longer writes the twin: stopping its sources`);
        const r = running;
        running = null;
        await Promise.all(r.map((x) => x.stop()));
      }
    } finally {
      busy = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), WRITER_POLL_MS);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    const r = running;
    running = null;
    if (r) await Promise.all(r.map((x) => x.stop().catch(() => {})));
  };
}
