/**
 * Fan-out: simulated browsers on one instance, each holding one event stream and the SWR keys of
 * a city wall, revalidating them on events exactly as the app's hooks do (lib/twin-client/hooks.ts:
 * `staleKeyMatcher` picks the keys, `Coalescer` lets a key through at most once per 2 s, 10 s for
 * observation events; a revalidation sends the ETag it holds, as a browser's HTTP cache does).
 *
 * It measures, per step of browser count, the time from a twin event (its first arrival at any
 * browser of the run) to each browser holding the answer its refetch brought (200 or 304), or the
 * event's own arrival where it carries the values ("filled": `kpi` events fill the `/kpis` keys,
 * observation events the `/latest` and asset keys, by the hooks' own `fillLatest` on the bodies
 * the browser holds); refetches a coalescer deferred on purpose are counted apart, not timed.
 * Errors are counted by cause (the code of the socket error, or the HTTP status). Then the same browsers
 * against a bare `node:http` SSE broadcast of the same events (relayed from the app by one
 * connection) that serves the same bodies from memory: the floor of this pattern on this machine.
 * Target (issue 19): p95 <= 2 s with no errors at 1,000 browsers.
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/fanout.ts
 *   (SERVER_PID=<pid of the app server> to print its CPU share beside the bench's own;
 *   CLIENTS=250,500,1000,1500 SECONDS=20 to change the steps; BARE=0 skips the baseline;
 *   VALUES=0 makes the browsers refetch instead of using the values events carry: the old hooks)
 *
 * The largest step whose p95 all-hold is <= 2 s with no errors is printed last ("holds").
 *
 * The server keeps its defaults (TWINOPS_SSE_PER_PRINCIPAL=8): each device token is shared by 8
 * browsers. The embedded twin raises an observation and a kpi event every 5 s.
 */
import { setMaxListeners } from "node:events";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Coalescer, staleKeyMatcher } from "@/lib/views/overview/live";
import type { Cache, ScopedMutator } from "swr";
import { alertsKey, assetKey, kpisKey, latestKey, seriesKey } from "@/lib/twin-client/keys";
import { fillLatest, kpiKeyFillable, latestKeyIds, type LiveKpiFields, type LiveLatestFields } from "@/lib/twin-client/revalidate";
import type { Domain } from "@/lib/twin/types";
import { deviceToken, signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const STEPS = (process.env.CLIENTS ?? "250,500,1000,1500").split(",").map(Number);
const SECONDS = Number(process.env.SECONDS ?? 20);
const BARE = process.env.BARE !== "0";
/** VALUES=0: browsers ignore the values events carry and refetch, as the hooks did before. */
const USE_VALUES = process.env.VALUES !== "0";
const PER_TOKEN = 8;
/** The app server's process id (`ss -ltnp`): its CPU share is printed beside the bench's own. */
const SERVER_PID = process.env.SERVER_PID;
/** The hooks' windows (lib/twin-client/hooks.ts COALESCE_MS, OBSERVATION_COALESCE_MS). */
const COALESCE_MS = 2000;
const OBSERVATION_COALESCE_MS = 10_000;

interface Frame {
  id: number;
  event: string;
  data: string;
}

/** Parses SSE text as it arrives; returns whole frames, keeps the rest. */
function frames(buffer: { text: string }): Frame[] {
  const out: Frame[] = [];
  let end: number;
  while ((end = buffer.text.indexOf("\n\n")) >= 0) {
    const block = buffer.text.slice(0, end);
    buffer.text = buffer.text.slice(end + 2);
    const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
    const id = field("id");
    if (id) out.push({ id: Number(id), event: field("event") ?? "message", data: field("data") ?? "" });
  }
  return out;
}

interface Run {
  base: string;
  /** First arrival of each event id at any browser, ms (performance.now). */
  firstSeen: Map<number, number>;
  /** Per event id: latencies of the browsers' immediate refetches, ms. */
  samples: Map<number, number[]>;
  deferred: number;
  /** Keys filled from an event's own values (no request). */
  filled: number;
  errors: number;
  /** Errors by cause: a socket error's code (ECONNRESET, ...), `HTTP <status>`, or the message. */
  causes: Map<string, number>;
  firstError: string | null;
  responses: { ok: number; notModified: number };
  stop: AbortController;
}

/** What an error is counted as: the socket error's code where there is one. */
function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string } | undefined;
  return cause?.code ?? (err as Error & { code?: string }).code ?? err.message.replace(/ for \/.*$/, "");
}

/** Keys whose bodies a browser holds for the events' values to fill (as in SWR's cache). */
const holds = (key: string) => latestKeyIds(key) !== null || /^\/api\/twin\/v1\/assets\/[^/?]+$/.test(key);

/** A browser's SWR cache for the keys events fill: the hooks' `fillLatest` runs on it as it is. */
function heldCache(): { cache: Cache; mutate: ScopedMutator; map: Map<string, { data: unknown }> } {
  const map = new Map<string, { data: unknown }>();
  const cache = { keys: () => map.keys(), get: (k: string) => map.get(k), set: (k: string, v: { data: unknown }) => map.set(k, v), delete: (k: string) => map.delete(k) };
  const mutate = (key: string, data: unknown) => (map.set(key, { data }), Promise.resolve(data));
  return { cache: cache as unknown as Cache, mutate: mutate as unknown as ScopedMutator, map };
}

/** One browser: an event stream and the keys of a wall, revalidated like the hooks do. */
class Browser {
  private readonly etags = new Map<string, string>();
  private readonly held = heldCache();
  private readonly coalescers: Coalescer[] = [];

  constructor(
    private readonly run: Run,
    private readonly auth: string,
    private readonly keys: string[],
  ) {}

  private async fetchKey(key: string): Promise<void> {
    const etag = this.etags.get(key);
    const res = await fetch(`${this.run.base}${key}`, {
      headers: { authorization: this.auth, accept: "application/json", ...(etag ? { "if-none-match": etag } : {}) },
      signal: this.run.stop.signal,
    });
    if (res.status === 200 && holds(key)) this.held.map.set(key, { data: await res.json() });
    else await res.arrayBuffer();
    if (res.status === 200) {
      this.run.responses.ok++;
      const e = res.headers.get("etag");
      if (e) this.etags.set(key, e);
    } else if (res.status === 304) this.run.responses.notModified++;
    else throw new Error(`HTTP ${res.status} for ${key}`);
  }

  /** The page load: every key once (the server seeds them in the HTML). */
  async load(): Promise<void> {
    await Promise.all(this.keys.map((k) => this.fetchKey(k)));
  }

  private refetch(eventId: number, match: (k: string) => boolean, immediate: boolean): void {
    const keys = this.keys.filter(match);
    if (keys.length === 0) return;
    if (!immediate) this.run.deferred++;
    void Promise.all(keys.map((k) => this.fetchKey(k))).then(
      () => {
        if (!immediate) return;
        const t0 = this.run.firstSeen.get(eventId)!;
        const list = this.run.samples.get(eventId) ?? [];
        list.push(performance.now() - t0);
        this.run.samples.set(eventId, list);
      },
      (err: unknown) => this.error(err),
    );
  }

  /** The event itself brought the new data for some of this browser's keys. */
  private filled(eventId: number): void {
    this.run.filled++;
    const list = this.run.samples.get(eventId) ?? [];
    list.push(performance.now() - this.run.firstSeen.get(eventId)!);
    this.run.samples.set(eventId, list);
  }

  private error(err: unknown): void {
    if (this.run.stop.signal.aborted) return;
    this.run.errors++;
    const cause = causeOf(err);
    this.run.causes.set(cause, (this.run.causes.get(cause) ?? 0) + 1);
    this.run.firstError ??= String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err);
  }

  /** Opens the stream; resolves once its first bytes arrived. */
  async open(): Promise<void> {
    const res = await fetch(`${this.run.base}/api/twin/v1/events`, {
      headers: { authorization: this.auth, accept: "text/event-stream" },
      signal: this.run.stop.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const buffer = { text: "" };
    // Each matcher id has its own coalescer entry, as in the hooks; `current` ties a run to its event.
    let current = 0;
    let sync = false;
    const matchers = new Map<string, (k: string) => boolean>();
    const onRun = (id: string) => this.refetch(current, matchers.get(id)!, sync);
    const fast = new Coalescer(COALESCE_MS, onRun);
    const slow = new Coalescer(OBSERVATION_COALESCE_MS, onRun);
    this.coalescers.push(fast, slow);
    const invalidate = (eventId: number, id: string, match: (k: string) => boolean) => {
      matchers.set(id, match);
      current = eventId;
      sync = true;
      (id.startsWith("observation") ? slow : fast).request(id);
      sync = false;
    };
    const first = await reader.read();
    if (first.done) throw new Error("events: stream ended at once");
    buffer.text += decoder.decode(first.value, { stream: true });
    void (async () => {
      try {
        for (;;) {
          for (const f of frames(buffer)) {
            if (!this.run.firstSeen.has(f.id)) this.run.firstSeen.set(f.id, performance.now());
            const data = JSON.parse(f.data) as { domains?: Domain[]; domain?: Domain; latest?: LiveLatestFields["latest"] } & Partial<LiveKpiFields>;
            if (f.event === "observation" && USE_VALUES && data.latest && data.valuesAsOf) {
              // The event carries the latest values it wrote: the hooks' own updater fills the held keys.
              const rest = fillLatest(this.held.cache, this.held.mutate, data.domains, { latest: data.latest, valuesAsOf: data.valuesAsOf });
              if (this.keys.some((k) => holds(k) && !rest(k))) this.filled(f.id);
              invalidate(f.id, `observation:${(data.domains ?? []).join(",")}`, rest);
            } else if (f.event === "observation") invalidate(f.id, `observation:${(data.domains ?? []).join(",")}`, staleKeyMatcher({ type: "observation", domains: data.domains }));
            else if (f.event === "kpi" && data.domain && data.values && USE_VALUES) {
              // The event carries the figures: the keys they fill are held on arrival; the rest refetch.
              const domain = data.domain;
              if (this.keys.some((k) => kpiKeyFillable(k, domain))) this.filled(f.id);
              invalidate(f.id, `kpi-rest:${domain}`, (k) => staleKeyMatcher({ type: "kpi", domain })(k) && !kpiKeyFillable(k, domain));
            } else if (f.event === "kpi" && data.domain) invalidate(f.id, `kpi:${data.domain}`, staleKeyMatcher({ type: "kpi", domain: data.domain }));
            else if (f.event === "alert" && data.domain) invalidate(f.id, `alert:${data.domain}`, staleKeyMatcher({ type: "alert", domain: data.domain }));
          }
          const next = await reader.read();
          if (next.done) {
            this.error(new Error("event stream ended"));
            return;
          }
          buffer.text += decoder.decode(next.value, { stream: true });
        }
      } catch (err) {
        this.error(err);
      }
    })();
  }

  dispose(): void {
    this.coalescers.forEach((c) => c.dispose());
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(base: string, tokens: string[], keys: string[], clients: number): Promise<string[]> {
  const run: Run = { base, firstSeen: new Map(), samples: new Map(), deferred: 0, filled: 0, errors: 0, causes: new Map(), firstError: null, responses: { ok: 0, notModified: 0 }, stop: new AbortController() };
  // Every request of the run listens to the one stop signal.
  setMaxListeners(0, run.stop.signal);
  const browsers = Array.from({ length: clients }, (_, i) => new Browser(run, `Bearer ${tokens[Math.floor(i / PER_TOKEN)]}`, keys));
  let failedOpen = 0;
  // Open in waves, as a control room's screens come up, not all in one millisecond.
  for (let i = 0; i < browsers.length; i += 50) {
    const wave = browsers.slice(i, i + 50);
    const results = await Promise.allSettled(wave.map(async (b) => {
      await b.load();
      await b.open();
    }));
    for (const r of results) {
      if (r.status === "fulfilled") continue;
      failedOpen++;
      const cause = causeOf(r.reason);
      run.causes.set(`${cause} (opening)`, (run.causes.get(`${cause} (opening)`) ?? 0) + 1);
      run.firstError ??= String(r.reason);
    }
  }
  const startSeen = Math.max(0, ...run.firstSeen.keys());
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const server0 = serverCpuSeconds();
  run.responses = { ok: 0, notModified: 0 };
  run.filled = 0;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  // Let refetches started by the last events finish.
  await new Promise((r) => setTimeout(r, 3000));
  const wallS = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpuSeconds();
  run.stop.abort();
  browsers.forEach((b) => b.dispose());
  if (run.firstError) console.log(`first error (${run.errors + failedOpen} in all): ${run.firstError}; by cause: ${[...run.causes].map(([c, n]) => `${c} ${n}`).join(", ")}`);
  const events = [...run.samples.entries()].filter(([id]) => id > startSeen);
  const all = events.flatMap(([, s]) => s).sort((a, b) => a - b);
  const perEventMax = events.map(([, s]) => Math.max(...s)).sort((a, b) => a - b);
  return [
    String(clients),
    String(events.length),
    String(all.length),
    pct(all, 50).toFixed(0),
    pct(all, 95).toFixed(0),
    pct(perEventMax, 95).toFixed(0),
    String(run.deferred),
    String(run.filled),
    (((run.responses.ok + run.responses.notModified) / wallS) || 0).toFixed(0),
    `${run.responses.notModified}/${run.responses.ok + run.responses.notModified}`,
    String(run.errors + failedOpen),
    `${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(0)} %`,
    server0 !== null && server1 !== null && base === BASE_URL ? `${(((server1 - server0) / wallS) * 100).toFixed(0)} %` : "-",
    loadavg()[0]!.toFixed(1),
  ];
}

/** CPU seconds the app server (SERVER_PID) has used, from /proc; null without SERVER_PID. */
function serverCpuSeconds(): number | null {
  if (!SERVER_PID) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${SERVER_PID}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * A bare SSE broadcast: one upstream stream from the app relayed to every client, and the keys'
 * bodies served from memory (refreshed from the app before each event is relayed), with ETags.
 */
async function bareServer(tokenForUpstream: string, keys: string[]): Promise<{ url: string; close(): void }> {
  const bodies = new Map<string, { body: Buffer; etag: string; type: string }>();
  const refresh = async () => {
    await Promise.all(
      keys.map(async (k) => {
        const res = await fetch(`${BASE_URL}${k}`, { headers: { authorization: tokenForUpstream } });
        bodies.set(k, { body: Buffer.from(await res.arrayBuffer()), etag: res.headers.get("etag") ?? '"x"', type: res.headers.get("content-type") ?? "application/json" });
      }),
    );
  };
  await refresh();
  const clients = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/api/twin/v1/events")) {
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      res.write("retry: 3000\n: connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const b = bodies.get(path);
    if (!b) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers["if-none-match"] === b.etag) {
      res.writeHead(304, { ETag: b.etag }).end();
      return;
    }
    res.writeHead(200, { "Content-Type": b.type, ETag: b.etag, "Content-Length": b.body.length }).end(b.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const stop = new AbortController();
  const upstream = await fetch(`${BASE_URL}/api/twin/v1/events`, { headers: { authorization: tokenForUpstream }, signal: stop.signal });
  void (async () => {
    const reader = upstream.body!.getReader();
    const decoder = new TextDecoder();
    const buffer = { text: "" };
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) return;
        buffer.text += decoder.decode(next.value, { stream: true });
        const fs = frames(buffer);
        if (fs.length === 0) continue;
        await refresh();
        for (const f of fs) {
          const text = `id: ${f.id}\nevent: ${f.event}\ndata: ${f.data}\n\n`;
          for (const c of clients) c.write(text);
        }
      }
    } catch {
      // Stopped.
    }
  })();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      stop.abort();
      for (const c of clients) c.destroy();
      server.close();
    },
  };
}

async function main() {
  const most = Math.max(...STEPS);
  const files = /Max open files\s+(\d+|unlimited)/.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
  console.log(`fan-out bench: open files limit ${files ?? "?"}, ${BASE_URL}, browsers ${STEPS.join(", ")}, ${SECONDS} s each, ${PER_TOKEN} browsers per device token, ${USE_VALUES ? "using the values events carry" : "refetching (VALUES=0)"}`);
  const session = await signInAdmin(BASE_URL);
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(most / PER_TOKEN) + 1; i++) tokens.push(await deviceToken(BASE_URL, session, ["city"], `fanout ${i}`));
  const auth = `Bearer ${tokens[tokens.length - 1]}`;
  const landing = (await (await fetch(`${BASE_URL}/api/twin/v1`, { headers: { authorization: auth } })).json()) as { metrics: { id: string }[] };
  const assets = (await (await fetch(`${BASE_URL}/api/twin/v1/assets?domain=energy&limit=20`, { headers: { authorization: auth } })).json()) as {
    features: { id: string }[];
  };
  const ids: string[] = [];
  for (const f of assets.features) {
    const d = (await (await fetch(`${BASE_URL}/api/twin/v1/assets/${f.id}`, { headers: { authorization: auth } })).json()) as { properties: { datastreams: { id: string }[] } };
    ids.push(...d.properties.datastreams.map((s) => s.id));
  }
  // What a city wall's hooks hold: KPIs, open alerts, a latest-values table, two trend charts and
  // one asset's detail (a department page's selected asset).
  const keys = [
    kpisKey(),
    alertsKey({ state: ["open", "acknowledged", "assigned"] }),
    latestKey(ids.slice(0, 20)),
    ...landing.metrics.slice(0, 2).map((m) => seriesKey({ metric: m.id, maxPoints: 300 })),
    assetKey(assets.features[0]!.id),
  ];
  console.log(`keys per browser: ${keys.length}`);
  const header = ["browsers", "events", "refetches timed", "p50 ms", "p95 ms", "p95 all-hold ms", "deferred", "filled", "req/s", "304/all", "errors", "bench CPU", "server CPU", "load 1m"];
  const rows: string[][] = [];
  for (const n of STEPS) {
    rows.push(["app", ...(await measure(BASE_URL, tokens, keys, n))]);
    if (BARE) {
      const bare = await bareServer(auth, keys);
      try {
        rows.push(["bare", ...(await measure(bare.url, tokens, keys, n))]);
      } finally {
        bare.close();
      }
    }
    console.log(rows.slice(-2).map((r) => r.join("  ")).join("\n"));
  }
  const h = ["server", ...header];
  const widths = h.map((x, i) => Math.max(x.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${line(h)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  rows.forEach((r) => console.log(line(r)));
  console.log("p95 all-hold: per event, the time until the last browser held the new data; p95 over events.");
  console.log("bench CPU: this process (the browsers, and in the bare rows the bare server too) over the timed window, % of one core; server CPU: SERVER_PID's.");
  const held = rows.filter((r) => r[0] === "app" && Number(r[6]) <= 2000 && r[11] === "0").map((r) => Number(r[1]));
  console.log(`holds (app, p95 all-hold <= 2 s, no errors): ${held.length > 0 ? `${Math.max(...held)} browsers` : "none of the steps"}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
