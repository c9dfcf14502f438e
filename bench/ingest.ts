/**
 * Rows/s through HTTP ingest with issue 16's checks on (strict times, plausible range, rate of
 * change, feed scope, refusal counts) against the same rows with only the old checks (known
 * stream, finite value, a time Date.parse reads), in one run. The real route handler
 * (POST /api/twin/v1/ingest/observations) is served by a node:http server on a random port with a
 * feed token, over a fresh embedded twin per round; rounds alternate off/on so drift in machine
 * load hits both alike.
 *
 *   npx tsx --conditions=react-server bench/ingest.ts
 *   (CITY=shenzhen, SLOTS=40 time steps of every stream, BATCH=500 rows per request, ROUNDS=3)
 *
 * Prints rows/s per round and the median of each mode, and the ratio on/off.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { POST as ingestRoute } from "@/app/api/twin/v1/ingest/observations/route";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setBaselineChecksForBench } from "@/lib/twin/ingest-check";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import type { Observation } from "@/lib/twin/types";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const CITY = process.env.CITY ?? "demo-harbour";
const SLOTS = Number(process.env.SLOTS ?? 40);
const BATCH = Number(process.env.BATCH ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const START = new Date("2026-07-15T10:00:00+08:00");
const STEP = 60;

/** One round: a fresh twin, the rows posted in batches; returns rows/s. */
async function round(baseline: boolean): Promise<{ rowsPerSecond: number; accepted: number; rows: number }> {
  const clock = manualClock(START);
  const twin = createEmbeddedTwin({ dbPath: ":memory:", city: CITY, seed: 42, backfillDays: 0.05, tickSeconds: 0, clock });
  const port = embeddedPort(twin);
  const ops = new SqliteOpsStore(":memory:");
  setTwinForTesting(port);
  setOpsStoreForTesting(ops);
  const token = (await ops.issueToken("feed", "bench", [], { actor: "bench", role: "-" })).token;
  // Every stream, SLOTS minutes on from its latest value: rows a real feed would send.
  const ids: string[] = [];
  for (let cursor: string | undefined, more = true; more; ) {
    const page = await port.listAssets({ limit: 5000, cursor });
    for (const a of page.assets) for (const d of (await port.getAsset(a.id))!.latest) ids.push(d.datastreamId);
    cursor = page.nextCursor ?? undefined;
    more = cursor !== undefined;
  }
  const latest = new Map((await port.latest(ids)).map((l) => [l.datastreamId, l.v]));
  const rows: Observation[] = [];
  for (let k = 1; k <= SLOTS; k++) {
    const t = new Date(START.getTime() + k * STEP * 1000).toISOString().replace("Z", "+00:00");
    for (const id of ids) rows.push({ datastreamId: id, t, v: latest.get(id) ?? 0 });
  }
  clock.set(new Date(START.getTime() + SLOTS * STEP * 1000));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://localhost${req.url ?? "/"}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      void ingestRoute(request).then(async (r) => {
        res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setBaselineChecksForBench(baseline);
  let accepted = 0;
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const res = await fetch(`${base}/api/twin/v1/ingest/observations`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ observations: rows.slice(i, i + BATCH) }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    accepted += ((await res.json()) as { accepted: number }).accepted;
  }
  const seconds = (performance.now() - t0) / 1000;
  setBaselineChecksForBench(false);
  await new Promise<void>((r) => server.close(() => r()));
  twin.close();
  await ops.close();
  return { rowsPerSecond: rows.length / seconds, accepted, rows: rows.length };
}

async function main(): Promise<void> {
  const runs: Record<"off" | "on", number[]> = { off: [], on: [] };
  console.log(`bench/ingest: ${CITY}, ${SLOTS} slots of every stream, ${BATCH} rows per request, ${ROUNDS} rounds per mode`);
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of ["off", "on"] as const) {
      const x = await round(mode === "off");
      runs[mode].push(x.rowsPerSecond);
      console.log(`  round ${r + 1} checks ${mode.padEnd(3)} ${Math.round(x.rowsPerSecond).toLocaleString("en").padStart(9)} rows/s  (${x.accepted}/${x.rows} accepted)`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const off = median(runs.off);
  const on = median(runs.on);
  console.log(`median: checks off ${Math.round(off).toLocaleString("en")} rows/s, checks on ${Math.round(on).toLocaleString("en")} rows/s (on/off ${(on / off).toFixed(3)})`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
