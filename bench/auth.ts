/**
 * Credentials for benchmarks: internal pages and the twin API need a signed-in person or a
 * device token. A bench that starts its own server sets the first admin's password
 * (BENCH_ADMIN_PASSWORD); against a running server, pass that server's admin password in
 * TWINOPS_ADMIN_PASSWORD (and TWINOPS_ADMIN_USER if not "admin").
 */
import { randomBytes } from "node:crypto";

/** The password a bench gives the server it starts (random per run, never a fixed one). */
export const BENCH_ADMIN_PASSWORD = process.env.TWINOPS_ADMIN_PASSWORD ?? `bench-${randomBytes(9).toString("base64url")}`;

export interface BenchSession {
  /** `twinops_session=<value>` for a Cookie header. */
  cookie: string;
  name: string;
  value: string;
  csrf: string;
}

/** Signs in as the admin (JSON sign-in) and returns the session cookie and CSRF token. */
export async function signInAdmin(base: string, password = BENCH_ADMIN_PASSWORD): Promise<BenchSession> {
  const res = await fetch(`${base}/api/auth/signin`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: process.env.TWINOPS_ADMIN_USER ?? "admin", password }),
  });
  if (res.status !== 200) {
    throw new Error(`sign-in at ${base} failed (HTTP ${res.status}); set TWINOPS_ADMIN_PASSWORD to that server's admin password`);
  }
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const eq = cookie.indexOf("=");
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, name: cookie.slice(0, eq), value: cookie.slice(eq + 1), csrf: csrfToken };
}

/** A read-only device token bound to these boards, as a wall display would use. */
export async function deviceToken(base: string, session: BenchSession, boards: string[], name = "bench"): Promise<string> {
  const res = await fetch(`${base}/api/admin/tokens`, {
    method: "POST",
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "Content-Type": "application/json" },
    body: JSON.stringify({ kind: "device", name, boards }),
  });
  if (!res.ok) throw new Error(`issuing a device token failed (HTTP ${res.status})`);
  return ((await res.json()) as { token: string }).token;
}

/** A personal read token of the signed-in person (made on their account, as an analyst would). */
export async function readToken(base: string, session: BenchSession, name = "bench"): Promise<string> {
  const res = await fetch(`${base}/api/account/tokens`, {
    method: "POST",
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`making a read token failed (HTTP ${res.status})`);
  return ((await res.json()) as { token: string }).token;
}
