import "server-only";
/**
 * Who is calling: the one place that turns a request (or a page's cookies) into a Principal.
 * Route handlers call `resolveRequest` (through `withApi`), Server Components
 * `pagePrincipal`/`requirePage`; nothing trusts middleware or forwarded headers for identity.
 * Credentials are checked against the operations store (lib/ops/runtime.ts), shared by every
 * instance on one PostgreSQL store; checking one reads only.
 *
 * Credentials:
 * - people: cookie `twinops_session` = `<session id>.<HMAC>` (httpOnly, SameSite=Lax, Secure over TLS);
 * - wall displays: cookie `twinops_device` or `Authorization: Bearer twk_…` (device token);
 * - sensor feeds: `Authorization: Bearer twk_…` (feed token), for ingest only;
 * - scripts and GIS clients: `Authorization: Bearer twk_…` (a person's read token), reads only,
 *   with the owner's rights as the account has them at that moment.
 */
import { env, type Env } from "@/lib/config/env";
import { SESSION_MS } from "@/lib/ops/auth-rules";
import type { OperationsStore, TokenKind } from "@/lib/ops/port";
import { getOpsStore } from "@/lib/ops/runtime";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import type { Principal } from "./roles";

export const SESSION_COOKIE = "twinops_session";
export const DEVICE_COOKIE = "twinops_device";
export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "csrf";

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

async function userPrincipal(store: OperationsStore, signed: string | undefined): Promise<Principal | null> {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const sid = signed.slice(0, dot);
  if (!(await store.verifySignature(sid, signed.slice(dot + 1)))) return null;
  const u = await store.sessionUser(sid);
  if (!u) return null;
  return { kind: "user", id: u.id, name: u.username, role: u.role, domains: u.domains, sessionId: sid };
}

async function tokenPrincipal(store: OperationsStore, token: string, kinds: readonly TokenKind[]): Promise<Principal | null> {
  for (const kind of kinds) {
    const t = await store.verifyToken(token, kind);
    if (!t) continue;
    if (kind === "device") return { kind: "device", id: t.id, name: `device:${t.name}`, boards: t.scope };
    if (kind === "feed") return { kind: "feed", id: t.id, name: `feed:${t.name}` };
    // A read token is worth what its owner is now: gone or disabled, nothing.
    const owner = t.ownerId ? await store.getUser(t.ownerId) : null;
    if (!owner || owner.disabled) return null;
    return { kind: "token", id: t.id, name: `${owner.username} (token ${t.name})`, ownerId: owner.id, role: owner.role, domains: owner.domains };
  }
  return null;
}

export interface Resolved {
  principal: Principal | null;
  /** True when the credential came in an Authorization header (not ambient: no CSRF risk). */
  bearer: boolean;
}

/**
 * The caller of an API request, from its Authorization header or cookies. Reads only: it
 * answers on a store that cannot be written. A store that cannot be read rejects (503).
 */
export async function resolveRequest(request: Request, store?: OperationsStore): Promise<Resolved> {
  const s = store ?? (await getOpsStore());
  const auth = request.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return { principal: m ? await tokenPrincipal(s, m[1]!, ["device", "feed", "read"]) : null, bearer: true };
  }
  const cookie = request.headers.get("cookie");
  const user = await userPrincipal(s, readCookie(cookie, SESSION_COOKIE));
  if (user) return { principal: user, bearer: false };
  const device = readCookie(cookie, DEVICE_COOKIE);
  return { principal: device ? await tokenPrincipal(s, device, ["device"]) : null, bearer: false };
}

/** The caller of a page, from the cookies Next hands a Server Component. */
export async function pagePrincipal(): Promise<Principal | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  const store = await getOpsStore();
  const user = await userPrincipal(store, jar.get(SESSION_COOKIE)?.value);
  if (user) return user;
  const device = jar.get(DEVICE_COOKIE)?.value;
  return device ? tokenPrincipal(store, device, ["device"]) : null;
}

/** The CSRF token of a session: derived (signed), so nothing more is stored and every instance agrees. */
export async function csrfToken(sessionId: string, store?: OperationsStore): Promise<string> {
  return (store ?? (await getOpsStore())).sign(`csrf:${sessionId}`);
}

/** What the same-origin check reads of the configuration (parsed once, in lib/config/env.ts). */
export type SiteConfig = Pick<Env, "TWINOPS_PUBLIC_URL" | "TWINOPS_TRUST_PROXY">;

/** A Host header value: a DNS name or IPv4 address, or a bracketed IPv6 address, and a port. */
export const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origins this site is reached at, as a browser's Origin header names them: the configured
 * public origin (TWINOPS_PUBLIC_URL, when set), and the host the request itself was sent to: its
 * Host header, or behind trusted proxies (TWINOPS_TRUST_PROXY > 0) the X-Forwarded-Host they
 * set. Not `request.url`: `next start` builds it from the address it listens on
 * (`localhost:<port>`), not the name the browser used. A browser cannot forge Host or
 * X-Forwarded-Host on a cross-site request, so a cross-site Origin never matches.
 */
export function siteOrigins(request: Request, config: SiteConfig = env()): string[] {
  const out = new Set<string>();
  const configured = config.TWINOPS_PUBLIC_URL;
  // An invalid value already stops start-up (lib/config/env.ts); never throw from here.
  if (configured && URL.canParse(configured)) out.add(new URL(configured).origin);
  const scheme = isHttps(request) ? "https" : new URL(request.url).protocol.slice(0, -1);
  const hosts = [request.headers.get("host")];
  if (config.TWINOPS_TRUST_PROXY > 0) {
    // The proxy nearest the app wrote the last entry.
    hosts.push(request.headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() ?? null);
  }
  for (const host of hosts) if (host && HOST.test(host)) out.add(new URL(`${scheme}://${host}`).origin);
  return [...out];
}

/** True for a request the browser says comes from this origin (or typed by the user). */
export function sameOrigin(request: Request, config: SiteConfig = env()): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (origin === null) return true; // not a browser: no ambient-credential attack to stop
  return siteOrigins(request, config).includes(origin);
}

/**
 * CSRF check for a state change made with a cookie session: same origin, and the session's
 * token in the `x-csrf-token` header (or, for HTML forms, `formToken`). Bearer credentials are
 * not sent by browsers on their own, so they need no token.
 */
export async function csrfOk(request: Request, resolved: Resolved, formToken?: string): Promise<boolean> {
  if (resolved.bearer) return true;
  if (!sameOrigin(request)) return false;
  const p = resolved.principal;
  if (!p || p.kind !== "user") return true; // devices have nothing to change; anonymous gets 401 anyway
  const sent = request.headers.get(CSRF_HEADER) ?? formToken;
  return sent !== undefined && sent !== null && (await getOpsStore()).verifySignature(`csrf:${p.sessionId}`, sent);
}

/** True when this request reached us over TLS (directly or via a proxy that says so). */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/**
 * Origin of this site as a person reached it (the sign-in redirect URI, public metadata links): TWINOPS_PUBLIC_URL when set (the way to name the public host behind
 * a proxy), else the host the browser asked for, i.e. the Host header. Not `request.url`: `next
 * start` builds it from the address it listens on (`localhost`), not the name the browser used,
 * so the flow cookie and the redirect URI would name another site than the sign-in form. Never
 * X-Forwarded-Host: any client can put any host there. A forged Host only misleads the forger's
 * own flow, and the provider refuses a redirect URI it has not registered.
 */
export function publicOrigin(request: Request, source: Pick<Env, "TWINOPS_PUBLIC_URL"> = env()): string {
  const explicit = source.TWINOPS_PUBLIC_URL;
  if (explicit) return new URL(explicit).origin;
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return host && HOST.test(host) ? new URL(`${isHttps(request) ? "https" : url.protocol.slice(0, -1)}://${host}`).origin : url.origin;
}

export function cookieHeader(name: string, value: string, request: Request, maxAgeMs: number | null): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (isHttps(request)) parts.push("Secure");
  if (maxAgeMs !== null) parts.push(`Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`);
  return parts.join("; ");
}

export async function sessionCookie(sid: string, request: Request, store?: OperationsStore): Promise<string> {
  const signature = await (store ?? (await getOpsStore())).sign(sid);
  return cookieHeader(SESSION_COOKIE, `${sid}.${signature}`, request, SESSION_MS);
}

/** Device cookies last a year: a wall is set up once; revoking the token ends it. */
export const DEVICE_COOKIE_MS = 365 * 86400_000;

/** Stand-in origin for resolving `next`: only whether the result stays on it matters. */
const NEXT_BASE = "http://twinops.invalid";

/**
 * Where a sign-in may send the browser afterwards: a path on this site, never another host.
 * `next` is normalised first the way the browser will read it (WHATWG URL: percent-encoded dots,
 * dot segments, backslashes, tabs and newlines), so `/..//evil.example` or `/.%2e//evil.example`,
 * which resolve to the scheme-relative `//evil.example`, fall back like `//evil.example` itself.
 * Returns the normalised path, query and fragment.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== NEXT_BASE || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** Domains a viewer asked for in a form or claim, kept to real ones. */
export function parseDomainList(values: readonly string[]): Domain[] {
  return DOMAINS.filter((d) => values.includes(d));
}
