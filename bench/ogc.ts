/**
 * OGC API Features paging throughput: GDAL's OAPIF driver reading every asset
 * of /api/ogc with a read token, in features a second, beside a baseline in this process that
 * follows the same `next` links with fetch and only parses the JSON, so the table shows what GDAL
 * adds over the API's own paging. Median of RUNS runs per page size.
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/ogc.ts
 *   (RUNS=5 PAGE_SIZES=1000,100 to change; needs `ogrinfo` from Debian's gdal-bin)
 *
 * The GDAL command timed is the one docs/ogc.md gives:
 *   GDAL_HTTP_HEADERS="Authorization: Bearer twk_…" ogrinfo -ro -al -q -oo PAGE_SIZE=N OAPIF:<BASE_URL>/api/ogc assets
 * Start the server with TWINOPS_RATE_LIMIT=off or a generous limit: a page is one request.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { readToken, signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const RUNS = Number(process.env.RUNS ?? 5);
const PAGE_SIZES = (process.env.PAGE_SIZES ?? "1000,100").split(",").map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds and features of GDAL reading every asset. */
function gdal(token: string, pageSize: number): { s: number; n: number } {
  const t0 = performance.now();
  const r = spawnSync("ogrinfo", ["-ro", "-al", "-q", "-oo", `PAGE_SIZE=${pageSize}`, `OAPIF:${BASE_URL}/api/ogc`, "assets"], {
    env: { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` },
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ogrinfo failed: ${r.stderr || r.error?.message}`);
  return { s, n: (r.stdout.match(/^OGRFeature\(assets\)/gm) ?? []).length };
}

/** Seconds and features of following the same `next` links with fetch (JSON parsed, nothing else). */
async function baseline(token: string, pageSize: number): Promise<{ s: number; n: number }> {
  const t0 = performance.now();
  let url: string | undefined = `${BASE_URL}/api/ogc/collections/assets/items?limit=${pageSize}`;
  let n = 0;
  while (url) {
    // Once more on a reset: a kept-alive socket the server closed while GDAL ran is not a result.
    const get = (u: string) => fetch(u, { headers: { authorization: `Bearer ${token}` } });
    const res = await get(url).catch(() => get(url!));
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    const fc = (await res.json()) as { features: unknown[]; links: { rel: string; href: string }[] };
    n += fc.features.length;
    url = fc.links.find((l) => l.rel === "next")?.href;
  }
  return { s: (performance.now() - t0) / 1000, n };
}

async function main() {
  const token = await readToken(BASE_URL, await signInAdmin(BASE_URL), "bench ogc");
  const first = (await (await fetch(`${BASE_URL}/api/ogc/collections/assets/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { numberMatched: number };
  console.log(`assets: numberMatched ${first.numberMatched}; median of ${RUNS} runs`);
  console.log("page size | reader                         | s (median) | features/s | features read");
  for (const size of PAGE_SIZES) {
    for (const [name, read] of [
      ["fetch + JSON.parse (baseline)", () => baseline(token, size)],
      ["GDAL OAPIF (ogrinfo -al -q)", async () => gdal(token, size)],
    ] as const) {
      const runs: { s: number; n: number }[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await read());
      const s = median(runs.map((r) => r.s));
      const n = runs[0]!.n;
      if (runs.some((r) => r.n !== first.numberMatched)) throw new Error(`${name} read ${runs.map((r) => r.n).join("/")} features, not ${first.numberMatched}`);
      console.log(`${String(size).padStart(9)} | ${name.padEnd(30)} | ${s.toFixed(2).padStart(10)} | ${Math.round(n / s).toString().padStart(10)} | ${n}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
