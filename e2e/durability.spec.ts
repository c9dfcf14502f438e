/**
 * Kill -9 durability: a burst of operator actions against a server of its own, killed with
 * SIGKILL halfway through. After a restart on the same database, every action that was answered
 * 2xx is in the audit trail, and each alert's state agrees with its newest audit record.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 20;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = `data/e2e-kill-${PORT}.db`;
const PASSWORD = `kill-test-${Date.now().toString(36)}-password`;

function startServer(): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TWINOPS_DB_PATH: DB,
      TWINOPS_BACKFILL_DAYS: "1",
      TWINOPS_HISTORY_DAYS: "1",
      TWINOPS_TICK_SECONDS: "5",
      TWINOPS_CLOCK_START: "2026-07-15T10:00:00+08:00",
      TWINOPS_ADMIN_PASSWORD: PASSWORD,
      TWINOPS_RATE_LIMIT: "off",
    },
  });
}

async function waitUp(): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${BASE}/api/twin/v1`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    if (Date.now() > until) throw new Error("the server did not come up in 120 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

function kill9(p: ChildProcess): void {
  if (p.pid) {
    try {
      process.kill(-p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${BASE}/api/auth/signin`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

test("operator actions answered 2xx survive the server being killed with SIGKILL mid-burst", async () => {
  test.setTimeout(240_000);
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(f, { force: true });
  let server = startServer();
  try {
    await waitUp();
    const s = await signIn();
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json" };
    const open = (await (await fetch(`${BASE}/api/twin/v1/alerts?state=open&limit=20`, { headers })).json()) as { features: { id: string }[] };
    const ids = open.features.map((f) => f.id).slice(0, 5);
    expect(ids.length).toBeGreaterThan(0);

    // Eight clients assign alerts to ever new teams until the server dies under them.
    const answered: { team: string; alert: string }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      for (;;) {
        const n = next++;
        const alert = ids[n % ids.length]!;
        const team = `team-${n}`;
        try {
          const res = await fetch(`${BASE}/api/twin/v1/alerts/${encodeURIComponent(alert)}/actions`, {
            method: "POST",
            headers,
            body: JSON.stringify({ action: "assign", assignee: team }),
          });
          if (res.ok) answered.push({ team, alert });
          else if (!killed) throw new Error(`HTTP ${res.status} before the kill`);
        } catch (err) {
          if (killed) return;
          throw err;
        }
        if (!killed && answered.length >= 150) {
          killed = true;
          kill9(server);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(150);

    server = startServer();
    await waitUp();
    const s2 = await signIn();
    const auth = { cookie: s2.cookie };
    const records: { seq: number; action: string; target: string; after: { assignee?: string } }[] = [];
    let before: number | undefined;
    for (;;) {
      const page = (await (await fetch(`${BASE}/api/twin/v1/audit?limit=1000${before ? `&before=${before}` : ""}`, { headers: auth })).json()) as { records: typeof records };
      records.push(...page.records);
      if (page.records.length < 1000) break;
      before = page.records.at(-1)!.seq;
    }
    const stored = new Set(records.filter((r) => r.action === "alert.assign").map((r) => r.after.assignee));
    const lost = answered.filter((a) => !stored.has(a.team));
    expect(lost, `${lost.length} of ${answered.length} acknowledged actions lost`).toEqual([]);

    // Each alert's stored assignee is the one its newest audit record set.
    const now = (await (await fetch(`${BASE}/api/twin/v1/alerts?limit=200`, { headers: auth })).json()) as {
      features: { id: string; properties: { assignee: string | null } }[];
    };
    for (const id of ids) {
      const newest = records.find((r) => r.target === id && r.action === "alert.assign");
      expect(now.features.find((f) => f.id === id)?.properties.assignee).toBe(newest?.after.assignee);
    }
  } finally {
    kill9(server);
  }
});
