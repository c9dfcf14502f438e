/**
 * Feed ingest measured: rows/s through the MQTT feed (a real mosquitto, started here) into the
 * embedded twin, with the ingest checks on (the shipped path: topic and token, zod, feed scope,
 * `checkObservations`, store) against the same rows with the checks off (the same MQTT path,
 * writing through the engine's `writeRows` as ingest does after its checks), in the same run; and
 * the same pair without MQTT (rows handed to ingest in-process), so the broker's share shows.
 *
 *   npx tsx --conditions=react-server bench/feeds.ts
 *   (MESSAGES=200 ROWS=500 to change the load; CITY=shenzhen for the big inventory)
 *
 * Each path writes into a twin of its own (same city, empty, same clock), so no row is a
 * duplicate. Needs mosquitto (apt-get install mosquitto).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { DATASTREAM_SPECS } from "@/lib/city/datastreams";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { TwinEngine } from "@/lib/twin/engine";
import { MqttFeed } from "@/lib/twin/feeds/mqtt-feed";
import type { FeedTwin } from "@/lib/twin/feeds/scoped-ingest";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { IngestResult } from "@/lib/twin/source";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { TwinStore } from "@/lib/twin/store/store";
import type { Observation } from "@/lib/twin/types";
import { startMosquitto } from "../test/mosquitto";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const MESSAGES = Number(process.env.MESSAGES ?? 200);
const ROWS = Number(process.env.ROWS ?? 500);
const CITY = process.env.CITY ?? "demo-harbour";
const NOW = new Date("2026-07-15T04:00:00Z");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-feeds-bench-"));
const pack = loadCityPack(CITY);
const inventory = generateInventory(pack);
const types = new Map(inventory.assets.map((a) => [a.id, a.type]));

/** MESSAGES batches of ROWS plausible rows, every (datastream, second) once, within the last day. */
function batches(): Observation[][] {
  const ds = inventory.datastreams;
  const out: Observation[][] = [];
  let k = 0;
  for (let m = 0; m < MESSAGES; m++) {
    const rows: Observation[] = [];
    for (let r = 0; r < ROWS; r++, k++) {
      const d = ds[k % ds.length]!;
      const [lo, hi] = DATASTREAM_SPECS[types.get(d.assetId)!].find((s) => s.property === d.property)!.plausible;
      const t = new Date(NOW.getTime() - 86_000_000 + Math.floor(k / ds.length) * 1000).toISOString();
      rows.push({ datastreamId: d.id, t, v: Math.max(lo, 0) + ((hi - Math.max(lo, 0)) * ((k % 97) + 1)) / 200 });
    }
    out.push(rows);
  }
  return out;
}

/** A twin that takes rows unchecked: ids and times mapped, then the engine's write, as ingest does after its checks. */
function uncheckedTwin(file: string): { twin: FeedTwin; close: () => void } {
  const store = new TwinStore(file);
  const engine = new TwinEngine(store, pack, inventory, 1, 0);
  store.seed(pack, { assets: inventory.assets, datastreams: engine.datastreams }, 1);
  const ingest = async (rows: Observation[]): Promise<IngestResult> => {
    const idx = rows.map((o) => engine.dsIndex.get(o.datastreamId)!);
    const ts = rows.map((o) => Math.floor(Date.parse(o.t) / 1000));
    const vs = rows.map((o) => o.v);
    const fresh = engine.writeRows(idx, ts, vs, true);
    return { accepted: rows.length, duplicates: fresh.filter((f) => !f).length, rejected: [] };
  };
  const twin: FeedTwin = {
    ingest,
    datastreamDomains: async () => new Map(),
    unknownDatastreams: async () => [],
    latest: async () => [],
    now: async () => NOW,
  };
  return { twin, close: () => store.close() };
}

function checkedTwin(file: string): { twin: FeedTwin; close: () => void } {
  const t = createEmbeddedTwin({ dbPath: file, city: CITY, seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock: manualClock(NOW), pack, inventory });
  return { twin: embeddedPort(t), close: () => t.close() };
}

async function overMqtt(url: string, twin: FeedTwin, data: Observation[][], label: string): Promise<number> {
  const ops = new SqliteOpsStore(":memory:");
  const { token, record } = await ops.issueToken("feed", "bench", [], { actor: "bench", role: "admin" });
  const feed = new MqttFeed({ url, twin, verify: (t) => ops.verifyToken(t, "feed"), log: () => {}, clientId: `bench-${label}` });
  await feed.start();
  const pub = await mqtt.connectAsync(url, { clientId: `bench-pub-${label}` });
  const payloads = data.map((rows) => JSON.stringify({ token, observations: rows }));
  const t0 = performance.now();
  for (const p of payloads) await pub.publishAsync(`twinops/${record.id}/observations`, p, { qos: 1 });
  while (feed.stats.messages < data.length) await new Promise((r) => setTimeout(r, 2));
  await feed.idle();
  const s = (performance.now() - t0) / 1000;
  const rows = feed.stats.accepted - feed.stats.duplicates;
  if (rows !== MESSAGES * ROWS || feed.stats.refusedRows > 0) throw new Error(`${label}: ${rows} rows stored, ${feed.stats.refusedRows} refused`);
  await pub.endAsync();
  await feed.stop();
  await ops.close();
  return rows / s;
}

async function inProcess(twin: FeedTwin, data: Observation[][]): Promise<number> {
  const t0 = performance.now();
  let rows = 0;
  for (const b of data) {
    const r = await twin.ingest(b);
    rows += r.accepted - r.duplicates;
  }
  return rows / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const broker = await startMosquitto();
  const data = batches();
  console.log(`[feeds] ${CITY}: ${MESSAGES} messages x ${ROWS} rows = ${MESSAGES * ROWS} rows per path, ${inventory.datastreams.length} datastreams`);
  const fmt = (x: number) => `${Math.round(x).toLocaleString("en")} rows/s`;
  try {
    const paths: [string, () => { twin: FeedTwin; close: () => void }, (t: FeedTwin, n: string) => Promise<number>][] = [
      ["MQTT feed, checks off (baseline)", () => uncheckedTwin(path.join(dir, "a.db")), (t, n) => overMqtt(broker.url, t, data, n)],
      ["MQTT feed, checks on", () => checkedTwin(path.join(dir, "b.db")), (t, n) => overMqtt(broker.url, t, data, n)],
      ["in-process ingest, checks off (baseline)", () => uncheckedTwin(path.join(dir, "c.db")), (t) => inProcess(t, data)],
      ["in-process ingest, checks on", () => checkedTwin(path.join(dir, "d.db")), (t) => inProcess(t, data)],
    ];
    const out: number[] = [];
    for (const [name, open, run] of paths) {
      const { twin, close } = open();
      try {
        const r = await run(twin, name.replace(/\W+/g, "-"));
        out.push(r);
        console.log(`[feeds] ${name.padEnd(42)} ${fmt(r)}`);
      } finally {
        close();
      }
    }
    console.log(`[feeds] checks cost: MQTT path ${(100 * (1 - out[1]! / out[0]!)).toFixed(0)} % of its throughput, in-process ${(100 * (1 - out[3]! / out[2]!)).toFixed(0)} %`);
  } finally {
    await broker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
