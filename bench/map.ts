/**
 * Map frame time at city scale: the app's city map (the overview page, every domain layer and the
 * alerts) against a bare MapLibre page that draws the same assets from one GeoJSON source, with
 * the same scripted pan and zoom (mouse drags and wheel steps at the same screen points), in
 * Debian's Chromium (no GPU here: WebGL on SwiftShader).
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/map.ts
 *   ROUNDS=3   (default) rounds of the script per page, pages alternating
 *   PAGE=/     (default) the app page whose map is measured: / (overview, every domain) or a
 *              department page such as /energy (the choropleth and one domain's assets)
 *
 * Start the server with TWINOPS_INVENTORY_SCALE=38 for ~100 k assets (101,039; 1: the pack's
 * 2,950); TWINOPS_BACKFILL_DAYS=0 TWINOPS_HISTORY_DAYS=0 start it in about a minute.
 * It prints frame-time p50/p95/max (ms between animation frames while the script runs) per page,
 * the app ÷ bare ratio of p95, how many features each page was given, the WebGL renderer the
 * browser used (SwiftShader: software) and the load average before and after. The bare page's assets
 * are every asset of the twin, read page by page from /assets (that is also what a map without
 * server-side aggregation would have to load). Target (issue 19): p95 ratio ≤ 1.2.
 */
import { chromium, type Page } from "@playwright/test";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PAGE = process.env.PAGE ?? "/";
const VIEWPORT = { width: 1440, height: 900 };
const DOMAIN_COLOURS: Record<string, string> = { energy: "#f59e0b", transport: "#3b82f6", construction: "#a855f7", health: "#10b981" };

interface Collection {
  type: "FeatureCollection";
  features: { type: "Feature"; geometry: unknown; properties: Record<string, unknown> }[];
}

/** Every asset of the twin, as the bare page draws it. */
async function allAssets(cookie: string): Promise<Collection> {
  const out: Collection = { type: "FeatureCollection", features: [] };
  let cursor: string | null = null;
  do {
    const res = await fetch(`${BASE_URL}/api/twin/v1/assets?limit=5000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: { Cookie: cookie } });
    if (!res.ok) throw new Error(`/assets answered ${res.status}`);
    const page = (await res.json()) as Collection & { nextCursor: string | null };
    for (const f of page.features) out.features.push({ type: "Feature", geometry: f.geometry, properties: { domain: f.properties.domain, status: f.properties.status } });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const BARE_HTML = (bounds: number[], box: Box) => `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/maplibre/maplibre-gl.css"><style>body{margin:0}#map{position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px}</style></head>
<body><div id="map"></div><script type="module">
import { Map, setWorkerUrl } from "/maplibre/maplibre-gl.mjs";
setWorkerUrl("/maplibre/maplibre-gl-worker.mjs");
const map = new Map({ container: "map", bounds: ${JSON.stringify(bounds)}, fitBoundsOptions: { padding: 24 }, fadeDuration: 0,
  style: { version: 8, sources: { assets: { type: "geojson", data: "/assets.json" } }, layers: [
    { id: "bg", type: "background", paint: { "background-color": "#0b1220" } },
    { id: "lines", type: "line", source: "assets", filter: ["==", ["geometry-type"], "LineString"], paint: { "line-color": ["match", ["get", "domain"], ${Object.entries(DOMAIN_COLOURS).flat().map((s) => JSON.stringify(s)).join(", ")}, "#888"], "line-width": 2 } },
    { id: "points", type: "circle", source: "assets", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-color": ["match", ["get", "domain"], ${Object.entries(DOMAIN_COLOURS).flat().map((s) => JSON.stringify(s)).join(", ")}, "#888"], "circle-radius": 3 } },
  ] } });
map.once("idle", () => { document.body.dataset.loaded = "true"; });
</script></body></html>`;

/** Serves the bare page, MapLibre's own files and the assets, on a free local port. */
async function bareServer(assets: Collection, bounds: number[], box: () => Box) {
  const dist = path.join(process.cwd(), "node_modules/maplibre-gl/dist");
  const body = JSON.stringify(assets);
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/") return res.writeHead(200, { "Content-Type": "text/html" }).end(BARE_HTML(bounds, box()));
    if (url === "/assets.json") return res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    const file = /^\/maplibre\/([\w.-]+)$/.exec(url)?.[1];
    if (file) {
      try {
        const type = file.endsWith(".css") ? "text/css" : "text/javascript";
        return res.writeHead(200, { "Content-Type": type }).end(readFileSync(path.join(dist, file)));
      } catch {
        /* fall through to 404 */
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/**
 * Records the time of every animation frame into window.__frames while __record is set. A string:
 * tsx would wrap a function's inner closures in a helper the page does not have.
 */
const FRAME_RECORDER = `window.__frames = []; window.__record = false;
(function loop(t) { if (window.__record) window.__frames.push(t); requestAnimationFrame(loop); })(performance.now());`;

/** The WebGL renderer the page's browser uses (a string, as FRAME_RECORDER: see there). */
const WEBGL_RENDERER = `(() => { const gl = document.createElement("canvas").getContext("webgl2");
  const ext = gl && gl.getExtension("WEBGL_debug_renderer_info");
  return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : "no WebGL2"; })()`;

/** The scripted pan and zoom: the same mouse input on both pages. */
async function script(page: Page, box: Box): Promise<number[]> {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.evaluate(() => ((window as unknown as { __frames: number[]; __record: boolean }).__record = true));
  const drag = async (dx: number, dy: number) => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(cx + (dx * i) / 20, cy + (dy * i) / 20);
    await page.mouse.up();
    await page.waitForTimeout(400);
  };
  const wheel = async (dy: number, steps: number) => {
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(120);
    }
    await page.waitForTimeout(600);
  };
  await drag(-300, 0);
  await drag(300, 150);
  await wheel(-120, 6);
  await drag(-250, -120);
  await drag(250, 120);
  await wheel(120, 6);
  await drag(200, -100);
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __record: boolean };
    w.__record = false;
    return w.__frames;
  });
  return frames.slice(1).map((t, i) => t - (frames[i] as number));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function main(): Promise<void> {
  const session = await signInAdmin(BASE_URL);
  const landing = (await (await fetch(`${BASE_URL}/api/twin/v1`, { headers: { Cookie: session.cookie } })).json()) as { city: { id: string } };
  // The same bounds the app fits its map to: the city pack's.
  const pack = JSON.parse(readFileSync(path.join(process.cwd(), "public/cities", path.basename(landing.city.id), "pack.json"), "utf8")) as { bounds: number[] };
  const assets = await allAssets(session.cookie);
  const bounds = pack.bounds;
  // The bare map gets the app map's box (same pixels to draw), measured on the first app page.
  let box: Box = { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height };
  const bare = await bareServer(assets, bounds, () => box);
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
  const results = { app: [] as number[], bare: [] as number[] };
  const loadBefore = loadavg();
  let renderer = "unknown";
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of ["app", "bare"] as const) {
        const context = await browser.newContext({ viewport: VIEWPORT });
        if (which === "app") await context.addCookies([{ name: session.name, value: session.value, url: BASE_URL }]);
        const page = await context.newPage();
        await page.addInitScript({ content: FRAME_RECORDER });
        if (which === "app") {
          await page.goto(`${BASE_URL}${PAGE}`, { waitUntil: "load" });
          await page.waitForSelector('[data-map-loaded="true"]', { timeout: 120_000 });
          box = (await page.locator('[data-testid="map-root"] canvas').first().boundingBox()) ?? box;
        } else {
          await page.goto(bare.url, { waitUntil: "load" });
          // The body holds only the absolutely placed map (zero height): wait for the flag, not visibility.
          await page.waitForSelector('body[data-loaded="true"]', { state: "attached", timeout: 120_000 });
        }
        await page.waitForTimeout(1500);
        if (which === "bare") renderer = await page.evaluate(WEBGL_RENDERER);
        results[which].push(...(await script(page, box)));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    bare.server.close();
  }
  const row = (name: string, xs: number[]) => ({
    page: name,
    frames: xs.length,
    "p50 ms": pct(xs, 50).toFixed(1),
    "p95 ms": pct(xs, 95).toFixed(1),
    "max ms": Math.max(...xs).toFixed(1),
  });
  console.log(`Map frame time, ${ROUNDS} rounds, map ${Math.round(box.width)}×${Math.round(box.height)} px in a ${VIEWPORT.width}×${VIEWPORT.height} page, ${BASE_URL}: twin has ${assets.features.length.toLocaleString("en")} assets`);
  console.table([row(`app (${PAGE === "/" ? "overview" : PAGE} map)`, results.app), row(`bare MapLibre (${assets.features.length.toLocaleString("en")} features, one GeoJSON source)`, results.bare)]);
  console.log(`p95 ratio app ÷ bare: ${(pct(results.app, 95) / pct(results.bare, 95)).toFixed(2)} (target ≤ 1.2)`);
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  console.log(`WebGL renderer: ${renderer} · load average before ${la(loadBefore)}, after ${la(loadavg())}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
