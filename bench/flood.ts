/**
 * Flood: one signed-in viewer sends the most expensive reads the API accepts, as fast as it can
 * from FLOOD loops (different `to` each time, so the shared cache cannot answer them), while
 * other people load `/signin`, `/public/en` and `/api/twin/v1/kpis` (a wall's device token).
 * Prints p50/p95 of those probes idle and under the flood, from the same run, and what the flood
 * got back (200 / 422 over budget / 429 refused / other). Target (issue 19): each probe's p95
 * under the flood within 2x of idle.
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/flood.ts
 *   (SECONDS=20 per phase, FLOOD=8 loops, ROUNDS=1 idle+flood pairs run back-to-back: on a
 *   machine others load too, run ROUNDS=2 and report each)
 *
 * Also prints the flood's own throughput: the expensive reads must still be served (200s per
 * second, MiB/s, their p50/p95), just not at everyone else's expense.
 *
 * The flood behaves as a real client: a refusal (429 or 503) with Retry-After is waited out and
 * the same read asked again, so what is measured is the reads, not a storm of refusals. Its
 * read latency counts from the first attempt to the 200, waits included.
 *
 * Start the server with TWINOPS_RATE_LIMIT=off: the per-caller rate limit would turn most of the
 * flood into cheap 429s before it reaches the heavy-read line this bench is about.
 */
import { performance } from "node:perf_hooks";
import { kpisKey, seriesKey } from "@/lib/twin-client/keys";
import { DOMAINS } from "@/lib/twin/types";
import { deviceToken, signInAdmin, type BenchSession } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const SECONDS = Number(process.env.SECONDS ?? 20);
const FLOOD = Number(process.env.FLOOD ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
/** The server's /series budget (TWINOPS_RESPONSE_MAX_POINTS); the flood asks for exactly that much. */
const BUDGET = Number(process.env.TWINOPS_RESPONSE_MAX_POINTS ?? 200_000);
const AGGS = ["avg", "min", "max", "sum", "count", "last"] as const;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function createViewer(session: BenchSession): Promise<string> {
  const username = `flood-${Date.now()}`;
  const password = `flood-${Math.random().toString(36).slice(2)}-pw`;
  const res = await fetch(`${BASE_URL}/api/admin/users`, {
    method: "POST",
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "Content-Type": "application/json" },
    body: JSON.stringify({ username, role: "viewer", domains: [...DOMAINS], password }),
  });
  if (!res.ok) throw new Error(`creating a viewer failed (HTTP ${res.status})`);
  const signin = await fetch(`${BASE_URL}/api/auth/signin`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (signin.status !== 200) throw new Error(`viewer sign-in failed (HTTP ${signin.status})`);
  return (signin.headers.get("set-cookie") ?? "").split(";")[0]!;
}

interface Probe {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** Probes one after another, each every ~100 ms, for `ms`; latencies per probe. */
async function probe(probes: Probe[], ms: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(probes.map((p) => [p.name, []]));
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (const p of probes) {
      const t0 = performance.now();
      const res = await fetch(p.url, { headers: p.headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p.name}: HTTP ${res.status}`);
      out.get(p.name)!.push(performance.now() - t0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

async function main() {
  const session = await signInAdmin(BASE_URL);
  const wall = await deviceToken(BASE_URL, session, ["city"], "flood probe");
  const viewer = await createViewer(session);
  const auth = { authorization: `Bearer ${wall}` };
  const now = new Date(((await (await fetch(`${BASE_URL}${kpisKey()}`, { headers: auth })).json()) as { asOf: string }).asOf);
  const assets = (await (await fetch(`${BASE_URL}/api/twin/v1/assets?limit=5000`, { headers: auth })).json()) as { features: { id: string; properties: { type: string } }[] };
  // Fifty substation/feeder load streams: the most datastreams one /series call takes.
  const ids: string[] = [];
  for (const f of assets.features) {
    if (ids.length >= 50) break;
    const d = (await (await fetch(`${BASE_URL}/api/twin/v1/assets/${f.id}`, { headers: auth })).json()) as { properties: { datastreams: { id: string }[] } };
    for (const s of d.properties.datastreams) if (ids.length < 50) ids.push(s.id);
  }
  const maxPoints = Math.floor(BUDGET / (ids.length * AGGS.length));
  const heavy = (i: number) =>
    `${BASE_URL}${seriesKey({ datastreams: ids, from: new Date(now.getTime() - 62 * 86400_000), to: new Date(now.getTime() - i * 1000), agg: [...AGGS], maxPoints })}`;
  const unbounded = `${BASE_URL}${seriesKey({ datastreams: ids, from: new Date(now.getTime() - 62 * 86400_000), to: now, agg: [...AGGS], maxPoints: 10_000 })}`;

  const probes: Probe[] = [
    { name: "/signin", url: `${BASE_URL}/signin`, headers: {} },
    { name: "/public/en", url: `${BASE_URL}/public/en`, headers: {} },
    { name: "/kpis (wall)", url: `${BASE_URL}${kpisKey()}`, headers: auth },
  ];
  console.log(`flood bench: ${BASE_URL}, ${SECONDS} s per phase, ${FLOOD} flood loops of /series ${ids.length} streams x 62 d x ${AGGS.length} aggregates x maxPoints=${maxPoints}`);

  const t0 = performance.now();
  const refused = await fetch(unbounded, { headers: { cookie: viewer } });
  const refusedBody = await refused.text();
  console.log(`the issue's unbounded read (maxPoints=10000): HTTP ${refused.status} in ${(performance.now() - t0).toFixed(0)} ms, ${refusedBody.length} bytes: ${refusedBody.slice(0, 160)}…`);
  const t1 = performance.now();
  const one = await fetch(heavy(0), { headers: { cookie: viewer } });
  const oneBytes = (await one.arrayBuffer()).byteLength;
  console.log(`one read at the budget: HTTP ${one.status} in ${(performance.now() - t1).toFixed(0)} ms, ${(oneBytes / 1024 / 1024).toFixed(1)} MiB`);
  // A flood of refusals (403: the viewer cannot read these streams) would measure nothing.
  if (one.status !== 200) throw new Error(`the flood's read is not served (HTTP ${one.status}): nothing to measure`);

  await probe(probes, 2000); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`\nround ${round} of ${ROUNDS}: idle ${SECONDS} s, then flood ${SECONDS} s`);
    await measure(probes, heavy, viewer);
  }
}

/** One idle phase and one flood phase back-to-back; prints the probes' table and the flood's throughput. */
async function measure(probes: Probe[], heavy: (i: number) => string, viewer: string) {
  const idle = await probe(probes, SECONDS * 1000);

  let stop = false;
  const statuses = new Map<string, number>();
  const served: number[] = [];
  let bytes = 0;
  const started = performance.now();
  let waits = 0;
  const flood = Array.from({ length: FLOOD }, async () => {
    while (!stop) {
      const url = heavy(next++);
      const t0 = performance.now();
      for (;;) {
        const res = await fetch(url, { headers: { cookie: viewer, "accept-encoding": "gzip, deflate, br" } });
        const size = (await res.arrayBuffer()).byteLength;
        const k = res.status === 200 ? "200" : res.status === 422 ? "422" : res.status === 429 ? "429" : `other ${res.status}`;
        statuses.set(k, (statuses.get(k) ?? 0) + 1);
        const retryAfter = Number(res.headers.get("retry-after") ?? Number.NaN);
        if ((res.status === 429 || res.status === 503) && Number.isFinite(retryAfter) && !stop) {
          waits++;
          await new Promise((r) => setTimeout(r, retryAfter * 1000));
          continue;
        }
        if (res.status === 200) {
          served.push(performance.now() - t0);
          bytes += size;
        }
        break;
      }
    }
  });
  const busy = await probe(probes, SECONDS * 1000);
  stop = true;
  await Promise.all(flood);
  const elapsed = (performance.now() - started) / 1000;

  const header = ["probe", "idle p50", "idle p95", "flood p50", "flood p95", "p95 ratio", "target <= 2x"];
  const rows = probes.map((p) => {
    const a = [...idle.get(p.name)!].sort((x, y) => x - y);
    const b = [...busy.get(p.name)!].sort((x, y) => x - y);
    const ratio = pct(b, 95) / pct(a, 95);
    return [p.name, pct(a, 50).toFixed(1), pct(a, 95).toFixed(1), pct(b, 50).toFixed(1), pct(b, 95).toFixed(1), `${ratio.toFixed(2)}x`, ratio <= 2 ? "met" : "NOT met"];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  rows.forEach((r) => console.log(line(r)));
  console.log(
    `flood answers in ${elapsed.toFixed(1)} s: ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(", ")} (${waits} Retry-After waits honoured)`,
  );
  const ms = served.sort((x, y) => x - y);
  console.log(
    `flood served: ${(ms.length / elapsed).toFixed(2)} expensive reads/s, ${(bytes / 1024 / 1024 / elapsed).toFixed(1)} MiB/s (decoded), each p50 ${pct(ms, 50).toFixed(0)} ms p95 ${pct(ms, 95).toFixed(0)} ms (client-side)`,
  );
}

/** Distinct `to` per flood request (the shared cache must not answer them). */
let next = 1;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
