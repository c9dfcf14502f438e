/**
 * Notifications: what queuing costs per alarm event (the work done when the engine's event is
 * heard), and how fast the outbox drains to a local HTTP receiver, beside floors measured in the
 * same run: a bare read of the routing rules, and the same number of plain POSTs from this process.
 *
 *   npx tsx --conditions=react-server bench/notify.ts
 *   (EVENTS=300 DELIVERIES=500; PG_URL=postgres://… to run the PostgreSQL outbox too, in a
 *   throwaway schema; SENDERS=2 senders share it)
 */
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Dispatcher } from "@/lib/notify/dispatcher";
import { enqueueForAlert, enqueueTest } from "@/lib/notify/enqueue";
import { alarmFixture } from "@/lib/notify/testing";
import { closeTransports, sendNotification } from "@/lib/notify/send";
import { PgOpsStore } from "@/lib/ops/pg-store";
import type { OperationsStore } from "@/lib/ops/port";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import type { Alert } from "@/lib/twin/types";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const EVENTS = Number(process.env.EVENTS ?? 300);
const DELIVERIES = Number(process.env.DELIVERIES ?? 500);
const SENDERS = Number(process.env.SENDERS ?? 2);
const ADMIN = { actor: "bench", role: "admin" };

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => x.toFixed(2);

const twin = {
  info: async () => ({ backend: "embedded" as const, simulated: true, city: "shenzhen", cityName: { en: "Shenzhen", zh: "深圳" }, timezone: "Asia/Shanghai" }),
  getAsset: async () => null,
  districts: async () => [],
};

const alarm = (i: number): Alert =>
  alarmFixture({
    id: `urn:ngsi-ld:Alert:shenzhen:feederOverload-${i}-1784080800`,
    assetId: `urn:ngsi-ld:Feeder:shenzhen:F${i}`,
    description: { en: `Feeder ${i} overload`, zh: `${i}号馈线 过载` },
  });

async function run(name: string, stores: OperationsStore[], origin: string): Promise<void> {
  const store = stores[0]!.notifications;
  const channels = [];
  for (let i = 0; i < 3; i++) channels.push((await store.createChannel({ kind: "webhook", name: `c${i}`, locale: "en", url: `${origin}/c${i}`, secret: "bench-secret-0123" }, ADMIN)).id);
  await store.createRule({ name: "energy", domains: ["energy"], severities: [], alertRules: [], districts: [], channels, escalateAfterMinutes: 10, escalationChannels: [channels[0]!] }, ADMIN);
  const ctx = { store, twin, baseUrl: "https://twin.city.example" };

  const floor: number[] = [];
  const enqueue: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    let t = performance.now();
    await store.listRules();
    floor.push(performance.now() - t);
    t = performance.now();
    await enqueueForAlert(alarm(i), ctx);
    enqueue.push(performance.now() - t);
  }
  console.log(`${name}: queuing one alarm event (3 channels + 1 escalation), ${EVENTS} events`);
  console.log(`  enqueueForAlert   median ${ms(quantile(enqueue, 0.5))} ms   p95 ${ms(quantile(enqueue, 0.95))} ms`);
  console.log(`  floor: listRules  median ${ms(quantile(floor, 0.5))} ms   p95 ${ms(quantile(floor, 0.95))} ms`);

  // Drain what was queued (the escalations are not due), then time a batch of test deliveries.
  const senders = stores.map((s) => new Dispatcher({ store: s.notifications, send: (c, p, id, now) => sendNotification(c, p, id, { smtp: null }, now), alarm: async () => ({ state: "open" }) }));
  while ((await senders[0]!.runOnce()) > 0);
  for (let i = 0; i < DELIVERIES; i++) await enqueueTest(store, channels[i % 3]!, ADMIN);
  let t = performance.now();
  let sent = 0;
  while (sent < DELIVERIES) {
    const n = (await Promise.all(senders.map((s) => s.runOnce()))).reduce((a, b) => a + b, 0);
    if (n === 0) break;
    sent += n;
  }
  const drain = performance.now() - t;
  t = performance.now();
  const body = JSON.stringify({ version: 1, title: "floor" });
  for (let i = 0; i < DELIVERIES; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, DELIVERIES - i) }, () => fetch(`${origin}/floor`, { method: "POST", body }).then((r) => r.text())));
  }
  const bare = performance.now() - t;
  console.log(`${name}: draining ${sent} deliveries with ${senders.length} sender(s), batches of 20`);
  console.log(`  outbox            ${(sent / (drain / 1000)).toFixed(0)} deliveries/s (${ms(drain / sent)} ms each)`);
  console.log(`  floor: bare POSTs ${(DELIVERIES / (bare / 1000)).toFixed(0)} requests/s (${ms(bare / DELIVERIES)} ms each)`);
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-notify-bench-"));
  try {
    const file = path.join(dir, "ops.db");
    const sqlite = Array.from({ length: SENDERS }, () => new SqliteOpsStore(file));
    await run("SQLite", sqlite, origin);
    for (const s of sqlite) await s.close();
    const url = process.env.PG_URL;
    if (url) {
      const schema = `notify_bench_${process.pid}`;
      const stores: OperationsStore[] = [];
      for (let i = 0; i < SENDERS; i++) stores.push(await PgOpsStore.open(url, { schema, max: 4 }));
      try {
        await run("PostgreSQL", stores, origin);
      } finally {
        for (const s of stores) await s.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
    }
  } finally {
    closeTransports();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
