/**
 * First-load JavaScript per route of the last production build, gzip-compressed as a browser
 * receives it, with the targets from the issues. Also says whether MapLibre or ECharts code is in a
 * route's first load (they must load lazily). Run after `npm run build`: `npx tsx bench/bundle.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

interface RouteStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

const distDir = process.env.TWINOPS_DIST_DIR || ".next";
const statsFile = path.join(distDir, "diagnostics", "route-bundle-stats.json");
if (!existsSync(statsFile)) {
  console.error(`No ${statsFile}: run \`npm run build\` first.`);
  process.exit(1);
}

/** Targets in KB gzip: overview 350 (issue 2), public pages 150 (issue 5). */
function targetKb(route: string): number | null {
  if (route === "/") return 350;
  if (route.startsWith("/public")) return 150;
  return null;
}

const routes = JSON.parse(readFileSync(statsFile, "utf8")) as RouteStats[];
const gz = new Map<string, { gzip: number; maplibre: boolean; echarts: boolean }>();
function chunk(p: string) {
  let c = gz.get(p);
  if (!c) {
    const buf = readFileSync(p.startsWith(distDir) ? p : path.join(distDir, p.replace(/^\.next\//, "")));
    const text = buf.toString("utf8");
    c = {
      gzip: gzipSync(buf, { level: 9 }).length,
      maplibre: text.includes("maplibre-gl-worker"),
      echarts: text.includes("zrender"),
    };
    gz.set(p, c);
  }
  return c;
}

const rows = routes
  .filter((r) => !r.route.startsWith("/api"))
  .map((r) => {
    const chunks = r.firstLoadChunkPaths.map(chunk);
    const gzip = chunks.reduce((s, c) => s + c.gzip, 0);
    const target = targetKb(r.route);
    return {
      route: r.route,
      "raw KB": (r.firstLoadUncompressedJsBytes / 1024).toFixed(1),
      "gzip KB": (gzip / 1024).toFixed(1),
      "target KB": target ?? "",
      "vs target": target ? (gzip / 1024 / target).toFixed(2) : "",
      maplibre: chunks.some((c) => c.maplibre) ? "IN FIRST LOAD" : "lazy/none",
      echarts: chunks.some((c) => c.echarts) ? "IN FIRST LOAD" : "lazy/none",
    };
  });
console.table(rows);
