/**
 * Kill -9 durability: a burst of operator actions against a server of its own, killed with
 * SIGKILL halfway through. After a restart on the same database, every action that was answered
 * 2xx is in the audit trail, and each alert's state agrees with its newest audit record.
 */
import { expect, test } from "@playwright/test";
import { removeDatabase, signal, signIn, startOwnServer, waitUp, type OwnServer } from "./own-server";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 20;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = `data/e2e-kill-${PORT}.db`;
const PASSWORD = `kill-test-${Date.now().toString(36)}-password`;

const startServer = () => startOwnServer(PORT, DB, PASSWORD);
const kill9 = (s: OwnServer) => signal(s, "SIGKILL");

test("operator actions answered 2xx survive the server being killed with SIGKILL mid-burst", async () => {
  test.setTimeout(240_000);
  removeDatabase(DB);
  let server = startServer();
  try {
    await waitUp(server);
    const s = await signIn(server);
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json" };
    const open = (await (await fetch(`${BASE}/api/twin/v1/alerts?state=open&limit=50`, { headers })).json()) as { features: { id: string }[] };
    const ids = open.features.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    // One person may act on one alert 10 times a minute (429 past that): spread the burst over the
    // alerts, and kill once as many actions were answered as the cap allows in well under a minute.
    const target = Math.min(150, 8 * ids.length);

    // Eight clients comment on alerts with ever new notes until the server dies under them (a
    // comment writes the alert's workflow row, its thread and an audit record in one transaction).
    const answered: { team: string; alert: string }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      for (;;) {
        const n = next++;
        const alert = ids[n % ids.length]!;
        const team = `note-${n}`;
        try {
          const res = await fetch(`${BASE}/api/twin/v1/alerts/${encodeURIComponent(alert)}/actions`, {
            method: "POST",
            headers,
            body: JSON.stringify({ action: "comment", comment: team }),
          });
          if (res.ok) answered.push({ team, alert });
          else if (res.status === 429) await new Promise((r) => setTimeout(r, 200));
          else if (!killed) throw new Error(`HTTP ${res.status} before the kill`);
        } catch (err) {
          if (killed) return;
          throw err;
        }
        if (!killed && answered.length >= target) {
          killed = true;
          kill9(server);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(target);

    server = startServer();
    await waitUp(server);
    const s2 = await signIn(server);
    const auth = { cookie: s2.cookie };
    const records: { seq: number; action: string; target: string; after: { comment?: string; actionComment?: string } }[] = [];
    let before: number | undefined;
    for (;;) {
      const page = (await (await fetch(`${BASE}/api/twin/v1/audit?limit=1000${before ? `&before=${before}` : ""}`, { headers: auth })).json()) as { records: typeof records };
      records.push(...page.records);
      if (page.records.length < 1000) break;
      before = page.records.at(-1)!.seq;
    }
    const stored = new Set(records.filter((r) => r.action === "alert.comment").map((r) => r.after.actionComment));
    const lost = answered.filter((a) => !stored.has(a.team));
    expect(lost, `${lost.length} of ${answered.length} acknowledged actions lost`).toEqual([]);

    // Each alert's stored latest comment is the one its newest audit record set, and its thread
    // holds every answered note.
    const now = (await (await fetch(`${BASE}/api/twin/v1/alerts?limit=200`, { headers: auth })).json()) as {
      features: { id: string; properties: { comment: string | null; comments: { text: string }[] } }[];
    };
    for (const id of ids) {
      const newest = records.find((r) => r.target === id && r.action === "alert.comment");
      const props = now.features.find((f) => f.id === id)?.properties;
      expect(props?.comment ?? undefined).toBe(newest?.after.comment);
      const thread = new Set(props?.comments.map((c) => c.text));
      expect(answered.filter((a) => a.alert === id && !thread.has(a.team))).toEqual([]);
    }
  } finally {
    kill9(server);
  }
});
