/**
 * An instance's life as a load balancer and an operator see it: /api/health says whether it can
 * serve; SIGTERM drains it (health 503, event streams told to reconnect, exit within 10 s) and a
 * restart has everything; a database file that disappears turns health to 503, not a 500.
 */
import { renameSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { exited, removeDatabase, signal, signIn, startOwnServer, waitUp, type OwnServer } from "./own-server";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 30;
const DB = `data/e2e-life-${PORT}.db`;
const PASSWORD = `life-test-${Date.now().toString(36)}-password`;

interface Health {
  status: string;
  store: string;
  writer: boolean;
  dataThrough: string | null;
}

async function health(s: OwnServer): Promise<{ status: number; body: Health }> {
  const r = await fetch(`${s.base}/api/health`);
  return { status: r.status, body: (await r.json()) as Health };
}

/** Reads an event stream until `until` matches what arrived since the last call (or the stream ends). */
async function readStream(reader: ReadableStreamDefaultReader<Uint8Array>, until: RegExp): Promise<string> {
  const dec = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += dec.decode(value, { stream: true });
    if (until.test(text)) return text;
  }
}

test("health, graceful SIGTERM with streams told to reconnect, a restart that keeps everything, a lost file", async () => {
  test.setTimeout(300_000);
  removeDatabase(DB);
  let server = startOwnServer(PORT, DB, PASSWORD);
  try {
    await waitUp(server);
    const h = await health(server);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: "ok", store: "sqlite", writer: true });
    expect(Date.parse(h.body.dataThrough!)).toBeGreaterThan(Date.parse("2026-07-15T00:00:00Z"));

    // An operator's work before the restart.
    const s = await signIn(server);
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json" };
    const open = (await (await fetch(`${server.base}/api/twin/v1/alerts?state=open&limit=1`, { headers })).json()) as { features: { id: string }[] };
    const alertId = open.features[0]!.id;
    const ack = await fetch(`${server.base}/api/twin/v1/alerts/${encodeURIComponent(alertId)}/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ action: "acknowledge", comment: "before the restart" }),
    });
    expect(ack.status).toBe(200);

    // A live event stream, then SIGTERM.
    const stream = await fetch(`${server.base}/api/twin/v1/events`, { headers: { cookie: s.cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await readStream(reader, /event: heartbeat/);
    const t0 = Date.now();
    signal(server, "SIGTERM");
    const tail = await readStream(reader, /event: shutdown/);
    expect(tail).toMatch(/retry: \d+\nevent: shutdown/);
    await exited(server);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(server.output.join("\n")).toMatch(/\[shutdown\] SIGTERM: draining/);

    // Restarted on the same files: the acknowledgement and its comment are there.
    server = startOwnServer(PORT, DB, PASSWORD);
    await waitUp(server);
    const s2 = await signIn(server);
    const after = (await (await fetch(`${server.base}/api/twin/v1/alerts?limit=500`, { headers: { cookie: s2.cookie } })).json()) as {
      features: { id: string; properties: { state: string; comment: string | null } }[];
    };
    expect(after.features.find((f) => f.id === alertId)?.properties).toMatchObject({ state: "acknowledged", comment: "before the restart" });

    // The database file disappears under the running server: health says so, in the same shape.
    renameSync(DB, `${DB}.gone`);
    const lost = await health(server);
    expect(lost.status).toBe(503);
    expect(lost.body).toMatchObject({ status: "unavailable", store: "sqlite" });
    renameSync(`${DB}.gone`, DB);
    expect((await health(server)).status).toBe(200);
  } finally {
    signal(server, "SIGKILL");
  }
});
