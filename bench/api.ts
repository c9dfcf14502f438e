/**
 * Twin API latency and throughput against a running server, beside a bare `node:http` server in
 * this process that replies with the same bytes, so the table shows what our layers cost over the
 * floor of HTTP + JSON transfer on this machine.
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/api.ts
 *   (REQUESTS=400 CONCURRENCY=8 to change the load)
 *
 * It calls as a wall display does (a device token for the city board). Start the server with
 * TWINOPS_RATE_LIMIT=off: at full speed one client is far over the default 50 requests a second,
 * and the bench measures the API, not the limiter's 429s.
 *
 * The bare server sends the body as it is; the app's answer goes gzip-encoded where the client
 * accepts it (Next compresses each response: the `body` column names the app's coding), so the
 * bare figure is the floor of HTTP + the same JSON without compression.
 *
 * Between two data changes the shared response cache answers repeated reads (docs/fan-out.md):
 * the plain cases measure that path (the first request of each data version computes; the
 * embedded twin's data changes every 5 s). The `If-None-Match` cases send the ETag a browser's
 * HTTP cache sends when it revalidates; both servers answer 304 with no body while it matches.
 * Targets (issue 19): kpis and latest >= 50 % of the bare server's req/s, series >= 25 %.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { assetKey, assetsKey, kpisKey, latestKey, seriesKey } from "@/lib/twin-client/keys";
import { deviceToken, signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const REQUESTS = Number(process.env.REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const LATEST_IDS = 1000;

interface Captured {
  status: number;
  contentType: string;
  body: Buffer;
  etag: string | null;
  /** The app's Content-Encoding (fetch decodes the body). */
  encoding: string | null;
}

/** Authorization of every request (set in main). */
let auth: Record<string, string> = {};
const withAuth = (init?: RequestInit): RequestInit => ({ ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...auth } });

async function get(url: string, init?: RequestInit): Promise<Captured> {
  const res = await fetch(url, withAuth(init));
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "application/json",
    body: Buffer.from(await res.arrayBuffer()),
    etag: res.headers.get("etag"),
    encoding: res.headers.get("content-encoding"),
  };
}

async function getJson<T>(path: string): Promise<T> {
  const r = await get(`${BASE_URL}${path}`);
  if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
  return JSON.parse(r.body.toString()) as T;
}

/** Runs `n` requests with `c` in flight; returns per-request latencies (ms) and wall time. */
async function load(
  url: string,
  n: number,
  c: number,
  init?: RequestInit,
): Promise<{ latencies: number[]; wallMs: number; errors: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        next++;
        const t0 = performance.now();
        const res = await fetch(url, withAuth(init));
        await res.arrayBuffer();
        if (res.status !== 200 && res.status !== 304) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - start, errors };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function bareServer(captured: Captured): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    // The same bytes, and the same conditional answer for the same ETag, with no work behind them.
    const etag = captured.etag ?? '"bare"';
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ETag: etag, "Cache-Control": "private, no-cache" });
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": captured.contentType, "Cache-Control": "private, no-cache", ETag: etag, "Content-Length": captured.body.length });
    res.end(captured.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

async function datastreamIds(count: number): Promise<string[]> {
  const page = await getJson<{ features: { id: string }[] }>(assetsKey({ limit: 5000 }));
  const ids: string[] = [];
  for (let i = 0; i < page.features.length && ids.length < count; i += CONCURRENCY) {
    const details = await Promise.all(
      page.features
        .slice(i, i + CONCURRENCY)
        .map((f) => getJson<{ properties: { datastreams: { id: string }[] } }>(assetKey(f.id))),
    );
    for (const d of details) ids.push(...d.properties.datastreams.map((s) => s.id));
  }
  return ids.slice(0, count);
}

async function main() {
  console.log(`twin API bench: ${BASE_URL}, ${REQUESTS} requests per case at concurrency ${CONCURRENCY}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  auth = { authorization: `Bearer ${await deviceToken(BASE_URL, await signInAdmin(BASE_URL), ["city"], "api bench")}` };
  const ids = await datastreamIds(LATEST_IDS);
  if (ids.length < LATEST_IDS) console.log(`note: only ${ids.length} datastreams exist; latest uses all of them`);
  const now = new Date((await getJson<{ asOf: string }>(kpisKey())).asOf);
  // 1,000 ids do not fit in a URL (Node refuses headers over 16 KB): latest takes them as a POST body.
  const latestInit: RequestInit = {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ datastreams: ids }),
  };
  const series = seriesKey({ datastreams: ids.slice(0, 1), from: new Date(now.getTime() - 7 * 86400_000), to: now, step: "PT5M", maxPoints: 5000 });
  const cases: [string, string, RequestInit | undefined, boolean][] = [
    [`latest (${ids.length} ids, POST)`, "/api/twin/v1/latest", latestInit, false],
    ["series (1 ds, 7 d, PT5M)", series, undefined, false],
    ["kpis", kpisKey(), undefined, false],
    ["latest (20 ids, If-None-Match)", latestKey(ids.slice(0, 20)), undefined, true],
    ["series (If-None-Match)", series, undefined, true],
    ["kpis (If-None-Match)", kpisKey(), undefined, true],
  ];

  const rows: string[][] = [];
  for (const [name, path, plainInit, conditional] of cases) {
    const url = `${BASE_URL}${path}`;
    const captured = await get(url, plainInit);
    if (captured.status !== 200) throw new Error(`${name}: HTTP ${captured.status} ${captured.body.toString().slice(0, 300)}`);
    // The ETag a browser holds; it goes stale at the next data change (then one 200 renews it).
    const init = conditional && captured.etag ? { ...plainInit, headers: { ...(plainInit?.headers as Record<string, string> | undefined), "If-None-Match": captured.etag } } : plainInit;
    await load(url, Math.min(40, REQUESTS), CONCURRENCY, init); // warm-up (JIT, statement caches)
    const api = await load(url, REQUESTS, CONCURRENCY, init);
    const bare = await bareServer(captured);
    try {
      await load(bare.url, Math.min(40, REQUESTS), CONCURRENCY, init);
      const floor = await load(bare.url, REQUESTS, CONCURRENCY, init);
      const a = [...api.latencies].sort((x, y) => x - y);
      const f = [...floor.latencies].sort((x, y) => x - y);
      const rps = (r: { wallMs: number }) => (REQUESTS / r.wallMs) * 1000;
      rows.push([
        name,
        `${(captured.body.length / 1024).toFixed(1)} KiB${captured.encoding ? ` ${captured.encoding}` : ""}`,
        pct(a, 50).toFixed(1),
        pct(a, 95).toFixed(1),
        pct(a, 99).toFixed(1),
        rps(api).toFixed(0),
        pct(f, 50).toFixed(1),
        rps(floor).toFixed(0),
        `${(pct(a, 50) / pct(f, 50)).toFixed(1)}x`,
        `${((rps(api) / rps(floor)) * 100).toFixed(0)} %`,
        String(api.errors),
      ]);
    } finally {
      await new Promise((resolve) => bare.server.close(resolve));
    }
  }

  const header = ["case", "body", "p50 ms", "p95 ms", "p99 ms", "req/s", "bare p50", "bare req/s", "p50 ratio", "req/s of bare", "errors"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r) => console.log(line(r)));
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
