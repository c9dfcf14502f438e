"use client";
/**
 * The admin screen: accounts (create, change role/domains, reset password, disable), device and
 * feed tokens (issue: the secret is shown once; revoke), and the audit trail. Changes go to the
 * admin API with the session's CSRF token; the page then re-renders from the server.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TokenRecord, UserRecord } from "@/lib/auth/store";
import type { AuditRecord } from "@/lib/twin/source";
import { DOMAINS } from "@/lib/twin/types";

type User = Pick<UserRecord, "id" | "username" | "role" | "domains" | "oidc" | "disabled" | "lockedUntil">;
type Token = TokenRecord;

const input = "rounded border border-line bg-bg px-2 py-1.5 text-sm";
const button = "min-h-8 rounded border border-line px-3 text-sm hover:bg-surface-2";
const primary = "min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg";
/** "field: before → after" for the fields an action changed (all fields of a record without a before). */
export function changes(before: unknown, after: unknown): string {
  const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
  const b = obj(before);
  const a = obj(after);
  const show = (v: unknown) => (v === null || v === undefined ? "–" : typeof v === "string" ? v : JSON.stringify(v));
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.map((k) => (k in b ? `${k}: ${show(b[k])} → ${show(a[k])}` : `${k}: ${show(a[k])}`)).join("; ");
}

const time = (ms: number | null) => (ms === null ? "–" : new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC");

export function AdminConsole(props: { renderedAt: number; me: string; csrf: string; users: User[]; tokens: Token[]; audit: AuditRecord[]; boards: string[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(path, {
      method,
      headers: { "x-csrf-token": props.csrf, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const detail = typeof json === "object" && json && "detail" in json ? String((json as { detail: unknown }).detail) : `HTTP ${res.status}`;
      const errors = typeof json === "object" && json && "errors" in json ? (json as { errors: { parameter: string; message: string }[] }).errors : [];
      throw new Error([detail, ...errors.map((e) => `${e.parameter}: ${e.message}`)].join(" "));
    }
    return json;
  }

  async function run(e: FormEvent<HTMLFormElement> | null, fn: () => Promise<void>) {
    e?.preventDefault();
    setMessage(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }

  const createUser = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    return run(e, async () => {
      await call("POST", "/api/admin/users", {
        username: String(d.get("username")),
        role: String(d.get("role")),
        domains: d.getAll("domains").map(String),
        password: String(d.get("password")),
      });
      form.reset();
      setMessage(`Account ${String(d.get("username"))} created.`);
    });
  };

  const issueToken = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    const kind = String(d.get("kind"));
    return run(e, async () => {
      const body =
        kind === "device"
          ? { kind, name: String(d.get("name")), boards: d.getAll("boards").map(String) }
          : { kind, name: String(d.get("name")), domains: d.getAll("domains").map(String) };
      const r = (await call("POST", "/api/admin/tokens", body)) as { token: string };
      setSecret(r.token);
      form.reset();
    });
  };

  return (
    <main id="main" className="mx-auto flex max-w-6xl flex-col gap-8 p-6 text-fg">
      <header className="flex items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Administration</h1>
        <Link href="/" className="text-sm text-accent underline underline-offset-2">
          Back to the command center
        </Link>
        <span className="ml-auto text-sm text-muted">Signed in as {props.me}</span>
      </header>
      {message && (
        <p role="status" data-testid="admin-message" className="rounded border border-line bg-surface-2 p-3 text-sm">
          {message}
        </p>
      )}

      <section aria-labelledby="users-h" className="flex flex-col gap-3">
        <h2 id="users-h" className="text-lg font-semibold">
          People
        </h2>
        <table className="w-full text-left text-sm" data-testid="admin-users">
          <thead className="text-muted">
            <tr>
              <th className="py-1">Account</th>
              <th>Role</th>
              <th>Domains</th>
              <th>Sign-in</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr key={u.id} className="border-t border-line">
                <td className="py-1.5 font-medium">{u.username}</td>
                <td>{u.role}</td>
                <td>{u.role === "viewer" ? u.domains.join(", ") : "all"}</td>
                <td>{u.oidc ? "city SSO" : "password"}</td>
                <td>{u.disabled ? "disabled" : u.lockedUntil && u.lockedUntil > props.renderedAt ? `locked until ${time(u.lockedUntil)}` : "active"}</td>
                <td className="flex justify-end gap-2 py-1">
                  {!u.oidc && (
                    <form
                      className="flex gap-1"
                      onSubmit={(e) => {
                        const form = e.currentTarget;
                        const password = String(new FormData(form).get("password"));
                        void run(e, async () => {
                          await call("PATCH", `/api/admin/users/${u.id}`, { password });
                          form.reset();
                          setMessage(`New password set for ${u.username}; their sessions have ended.`);
                        });
                      }}
                    >
                      <input
                        name="password"
                        type="password"
                        required
                        minLength={12}
                        autoComplete="new-password"
                        aria-label={`New password for ${u.username}`}
                        placeholder="new password"
                        className={`${input} w-36`}
                      />
                      <button type="submit" className={button}>
                        Set
                      </button>
                    </form>
                  )}
                  {u.username !== props.me && (
                    <button type="button" className={button} onClick={() => void run(null, async () => void (await call("PATCH", `/api/admin/users/${u.id}`, { disabled: !u.disabled })))}>
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={createUser} className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3">
          <label className="flex flex-col gap-1 text-sm">
            Username
            <input name="username" required pattern="[A-Za-z0-9._@-]{2,64}" className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Role
            <select name="role" className={input} defaultValue="viewer">
              <option value="viewer">viewer</option>
              <option value="operator">operator</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <fieldset className="flex gap-2 text-sm">
            <legend className="mb-1">Domains (viewers)</legend>
            {DOMAINS.map((d) => (
              <label key={d} className="flex items-center gap-1">
                <input type="checkbox" name="domains" value={d} /> {d}
              </label>
            ))}
          </fieldset>
          <label className="flex flex-col gap-1 text-sm">
            Initial password (12+ characters)
            <input name="password" type="password" required minLength={12} autoComplete="new-password" className={input} />
          </label>
          <button type="submit" className={primary}>
            Create account
          </button>
        </form>
      </section>

      <section aria-labelledby="tokens-h" className="flex flex-col gap-3">
        <h2 id="tokens-h" className="text-lg font-semibold">
          Wall devices and sensor feeds
        </h2>
        {secret && (
          <div role="status" className="rounded border border-accent p-3 text-sm">
            <p className="mb-1 font-semibold">New token — copy it now, it is not shown again:</p>
            <code data-testid="admin-new-token" className="block font-mono break-all select-all">
              {secret}
            </code>
          </div>
        )}
        <table className="w-full text-left text-sm" data-testid="admin-tokens">
          <thead className="text-muted">
            <tr>
              <th className="py-1">Name</th>
              <th>Kind</th>
              <th>Boards / domains</th>
              <th>Issued</th>
              <th>Last used</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr key={t.id} className="border-t border-line">
                <td className="py-1.5 font-medium">{t.name}</td>
                <td>{t.kind}</td>
                <td>{t.scope.length ? t.scope.join(", ") : "all"}</td>
                <td>
                  {time(t.createdAt)} by {t.createdBy}
                </td>
                <td>{time(t.lastUsedAt)}</td>
                <td>{t.revokedAt ? `revoked ${time(t.revokedAt)}` : "active"}</td>
                <td className="text-right">
                  {!t.revokedAt && (
                    <button type="button" className={button} onClick={() => void run(null, async () => void (await call("DELETE", `/api/admin/tokens/${t.id}`)))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={issueToken} className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3">
          <label className="flex flex-col gap-1 text-sm">
            Kind
            <select name="kind" className={input} defaultValue="device">
              <option value="device">wall device (read-only, boards)</option>
              <option value="feed">sensor feed (ingest, domains)</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input name="name" required maxLength={80} className={input} placeholder="Control room wall 1" />
          </label>
          <fieldset className="flex flex-wrap gap-2 text-sm">
            <legend className="mb-1">Boards (devices)</legend>
            {props.boards.map((b) => (
              <label key={b} className="flex items-center gap-1">
                <input type="checkbox" name="boards" value={b} /> {b}
              </label>
            ))}
          </fieldset>
          <fieldset className="flex gap-2 text-sm">
            <legend className="mb-1">Domains (feeds; none = all)</legend>
            {DOMAINS.map((d) => (
              <label key={d} className="flex items-center gap-1">
                <input type="checkbox" name="domains" value={d} /> {d}
              </label>
            ))}
          </fieldset>
          <button type="submit" className={primary}>
            Issue token
          </button>
        </form>
      </section>

      <section aria-labelledby="audit-h" className="flex flex-col gap-3">
        <h2 id="audit-h" className="text-lg font-semibold">
          Audit trail
        </h2>
        <p className="text-sm text-muted">The newest 200 records: who did what, when, with the state before and after.</p>
        <div className="max-h-[60vh] overflow-auto rounded border border-line" tabIndex={0}>
          <table className="w-full text-left text-xs" data-testid="admin-audit">
            <thead className="sticky top-0 bg-surface text-muted">
              <tr>
                <th className="px-2 py-1">#</th>
                <th>When (UTC)</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {props.audit.map((r) => (
                <tr key={r.seq} className="border-t border-line align-top">
                  <td className="px-2 py-1 tabular">{r.seq}</td>
                  <td className="tabular whitespace-nowrap">{r.at.replace("T", " ").slice(0, 19)}</td>
                  <td>
                    {r.actor} <span className="text-muted">({r.role})</span>
                  </td>
                  <td className="font-medium">{r.action}</td>
                  <td className="max-w-64 break-all">{r.target}</td>
                  <td className="max-w-96 break-words">{changes(r.before, r.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
