/**
 * Many instances, one twin: two production servers on one throwaway PostgreSQL, as a city runs
 * them behind a load balancer. A session made on one holds on the other, an operator acts on the
 * other, events cross with the same global ids, the writer is killed (-9) and the other takes
 * over within 15 s, and the killed one comes back with nothing lost.
 */
import { expect, test } from "@playwright/test";
import { findPgBin, startCluster, type Cluster } from "../test/postgres";
import { signal, signIn, startOwnServer, waitUp, type OwnServer } from "./own-server";

const PORT_A = Number(process.env.E2E_PORT ?? 3210) + 40;
const PORT_B = PORT_A + 1;
const PASSWORD = `instances-${Date.now().toString(36)}-password`;

interface Health {
  status: string;
  store: string;
  writer: boolean;
  dataThrough: string | null;
}

const health = async (s: OwnServer): Promise<Health> => (await (await fetch(`${s.base}/api/health`)).json()) as Health;

/** An event stream's reader that collects `id:`/`event:`/`data:` blocks as they arrive. */
function events(res: Response) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const seen: { id: number; event: string; data: string }[] = [];
  let done = false;
  void (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (r.done) return void (done = true);
      text += dec.decode(r.value, { stream: true });
      let cut: number;
      while ((cut = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, cut);
        text = text.slice(cut + 2);
        const field = (name: string) => block.match(new RegExp(`^${name}: ?(.*)$`, "m"))?.[1] ?? "";
        const id = Number(field("id"));
        if (id > 0) seen.push({ id, event: field("event"), data: field("data") });
      }
    }
  })();
  return { seen, cancel: () => reader.cancel().catch(() => {}), ended: () => done };
}

test("two instances on one PostgreSQL: shared sessions, crossing events, writer failover, a restart that keeps everything", async () => {
  test.setTimeout(360_000);
  const bin = findPgBin();
  test.skip(!bin && !process.env.CI, "PostgreSQL is not installed here (CI installs it)");
  expect(bin, "PostgreSQL binaries (CI installs Debian's postgresql)").not.toBeNull();
  const cluster: Cluster = await startCluster(bin!);
  const env = {
    TWINOPS_DATABASE_URL: cluster.url,
    TWINOPS_DATABASE_SCHEMA: "e2e_instances",
    TWINOPS_CITY: "demo-harbour",
    TWINOPS_BACKFILL_DAYS: "0.5",
    TWINOPS_TICK_SECONDS: "2",
  };
  let a = startOwnServer(PORT_A, "data/unused-a.db", PASSWORD, env);
  let b: OwnServer | null = null;
  try {
    await waitUp(a);
    b = startOwnServer(PORT_B, "data/unused-b.db", PASSWORD, env);
    await waitUp(b);
    expect(await health(a)).toMatchObject({ status: "ok", store: "postgres", writer: true });
    expect(await health(b)).toMatchObject({ status: "ok", store: "postgres", writer: false });

    // Signed in on A; the session and its CSRF token hold on B.
    const s = await signIn(a);
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json" };
    const me = await fetch(`${b.base}/api/twin/v1/alerts?limit=1`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);

    // A feed token issued on A writes through B; the writer (A) raises the alert.
    const issued = await fetch(`${a.base}/api/admin/tokens`, { method: "POST", headers, body: JSON.stringify({ kind: "feed", name: "instances e2e" }) });
    expect(issued.status).toBe(200);
    const { token } = (await issued.json()) as { token: string };
    const feeder = "urn:ngsi-ld:Feeder:demo-harbour";
    const assets = (await (await fetch(`${b.base}/api/twin/v1/assets?type=Feeder&limit=1`, { headers: { cookie: s.cookie } })).json()) as {
      features: { id: string }[];
    };
    const assetId = assets.features[0]!.id;
    expect(assetId.startsWith(feeder)).toBe(true);
    const dsId = `${assetId}:loading`;
    const streamA = events(await fetch(`${a.base}/api/twin/v1/events`, { headers: { cookie: s.cookie } }));
    const through = Date.parse((await health(b)).dataThrough!);
    const t = new Date(through + 60_000).toISOString();
    const fed = await fetch(`${b.base}/api/twin/v1/ingest/observations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ observations: [{ datastreamId: dsId, t, v: 133 }] }),
    });
    expect(await fed.json()).toMatchObject({ accepted: 1, rejected: [] });
    await expect
      .poll(async () => {
        const r = (await (await fetch(`${b!.base}/api/twin/v1/alerts?state=open&limit=50`, { headers: { cookie: s.cookie } })).json()) as {
          features: { id: string; properties: { assetId: string; severity: string } }[];
        };
        return r.features.find((f) => f.properties.assetId === assetId);
      }, { timeout: 15_000 })
      .toMatchObject({ properties: { severity: "critical" } });
    const alerts = (await (await fetch(`${b.base}/api/twin/v1/alerts?state=open&limit=50`, { headers: { cookie: s.cookie } })).json()) as {
      features: { id: string; properties: { assetId: string } }[];
    };
    const alertId = alerts.features.find((f) => f.properties.assetId === assetId)!.id;

    // Acting on B (with A's session and CSRF token): A's event stream hears it.
    const ack = await fetch(`${b.base}/api/twin/v1/alerts/${encodeURIComponent(alertId)}/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ action: "acknowledge", comment: "acknowledged on B" }),
    });
    expect(ack.status).toBe(200);
    await expect.poll(() => streamA.seen.some((e) => e.event === "alert" && e.data.includes("acknowledged on B")), { timeout: 10_000 }).toBe(true);
    const ids = streamA.seen.map((e) => e.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const resumeFrom = ids[0]!;
    streamA.cancel();

    // Last-Event-ID on B replays what A delivered after it, with the same ids.
    const replay = events(await fetch(`${b.base}/api/twin/v1/events`, { headers: { cookie: s.cookie, "Last-Event-ID": String(resumeFrom) } }));
    await expect.poll(() => replay.seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(ids.length - 1);
    expect(replay.seen.slice(0, ids.length - 1).map((e) => e.id)).toEqual(ids.slice(1));
    replay.cancel();

    // The writer is killed; B takes over within 15 s and the twin goes on.
    const killedAt = Date.now();
    signal(a, "SIGKILL");
    await expect.poll(async () => (await health(b!)).writer, { timeout: 15_000, intervals: [250] }).toBe(true);
    const takeover = Date.now() - killedAt;
    console.log(`[instances] writer takeover after kill -9: ${takeover} ms`);
    expect(takeover).toBeLessThan(15_000);
    const before = Date.parse((await health(b)).dataThrough!);
    await expect.poll(async () => Date.parse((await health(b!)).dataThrough!), { timeout: 15_000 }).toBeGreaterThan(before);

    // A comes back: not the writer, and everything is there (session, acknowledgement, comment).
    a = startOwnServer(PORT_A, "data/unused-a.db", PASSWORD, env);
    await waitUp(a);
    expect(await health(a)).toMatchObject({ status: "ok", store: "postgres", writer: false });
    const after = (await (await fetch(`${a.base}/api/twin/v1/alerts?limit=500`, { headers: { cookie: s.cookie } })).json()) as {
      features: { id: string; properties: { state: string; comment: string | null; acknowledgedBy: string | null } }[];
    };
    expect(after.features.find((f) => f.id === alertId)?.properties).toMatchObject({
      state: "acknowledged",
      comment: "acknowledged on B",
      acknowledgedBy: "admin",
    });
    const audit = await fetch(`${a.base}/api/twin/v1/audit?target=${encodeURIComponent(alertId)}`, { headers: { cookie: s.cookie } });
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain("alert.acknowledge");
  } finally {
    signal(a, "SIGKILL");
    if (b) signal(b, "SIGKILL");
    cluster.stop();
  }
});
