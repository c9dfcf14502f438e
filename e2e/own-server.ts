/**
 * A TwinOps server of a test's own (production build, its own port and database), for tests that
 * kill, stop or break it: start, wait until it answers, sign in, stop with a signal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

export interface OwnServer {
  base: string;
  db: string;
  password: string;
  process: ChildProcess;
  /** Output lines so far (stdout and stderr). */
  output: string[];
}

/** Removes a database and its operations store, with their WAL sides. */
export function removeDatabase(db: string): void {
  for (const base of [db, db.replace(/\.db$/, "-ops.db")]) for (const f of [base, `${base}-wal`, `${base}-shm`]) rmSync(f, { force: true });
}

export function startOwnServer(port: number, db: string, password: string, env: Record<string, string> = {}): OwnServer {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TWINOPS_DB_PATH: db,
      TWINOPS_BACKFILL_DAYS: "1",
      TWINOPS_HISTORY_DAYS: "1",
      TWINOPS_TICK_SECONDS: "5",
      TWINOPS_CLOCK_START: "2026-07-15T10:00:00+08:00",
      TWINOPS_ADMIN_PASSWORD: password,
      TWINOPS_RATE_LIMIT: "off",
      ...env,
    },
  });
  const output: string[] = [];
  for (const s of [child.stdout, child.stderr]) s?.on("data", (b: Buffer) => output.push(...b.toString().split("\n").filter(Boolean)));
  return { base: `http://127.0.0.1:${port}`, db, password, process: child, output };
}

export async function waitUp(s: OwnServer, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${s.base}/api/twin/v1`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    if (s.process.exitCode !== null) throw new Error(`the server exited (${s.process.exitCode}):\n${s.output.slice(-20).join("\n")}`);
    if (Date.now() > until) throw new Error(`the server did not come up in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sends a signal to the server's process group (Next's server is a child of the CLI). */
export function signal(s: OwnServer, sig: NodeJS.Signals): void {
  if (s.process.pid) {
    try {
      process.kill(-s.process.pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Resolves with the exit code (or signal) once the server process has exited. */
export function exited(s: OwnServer): Promise<number | string> {
  if (s.process.exitCode !== null) return Promise.resolve(s.process.exitCode);
  return new Promise((resolve) => s.process.once("exit", (code, sig) => resolve(code ?? sig ?? -1)));
}

export async function signIn(s: OwnServer): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${s.base}/api/auth/signin`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: s.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}
