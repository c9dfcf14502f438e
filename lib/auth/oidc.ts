import "server-only";
/**
 * City single sign-on: OpenID Connect authorization code flow with PKCE, state and nonce, through
 * openid-client (the one adapter to the provider). Discovery runs on the first sign-in and is
 * kept per process; a provider that cannot be reached sends the browser back to /signin with
 * `error=sso`, and the reason goes to the server log only.
 *
 * Between the two legs the browser holds the flow (state, nonce, PKCE verifier, `next`) in a
 * ten-minute httpOnly cookie, encrypted and authenticated with AES-256-GCM under a key derived
 * from the auth store's secret: it cannot be read (the verifier stays secret) nor forged.
 *
 * An account is the provider's `(iss, sub)`; its role and domains follow the ID token's claims
 * at every sign-in (see `accountFromClaims`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as client from "openid-client";
import { z } from "zod";
import { log, type LogFields } from "@/lib/log";
import type { OperationsStore, UserRecord } from "@/lib/ops/port";
import { getOpsStore } from "@/lib/ops/runtime";
import { cleanText } from "@/lib/security/text";
import type { Domain } from "@/lib/twin/types";
import { isLocalHttpIssuer, oidcSettings, type OidcSettings } from "./oidc-config";
import { ROLES, type Role } from "./roles";
import { isHttps, parseDomainList, publicOrigin, readCookie, safeNext } from "./server";

export { publicOrigin };
import { auditSignIn } from "./signin";

/** Cookie holding the sealed flow between the redirect to the provider and its answer. */
export const FLOW_COOKIE = "twinops_oidc";
/** Time a person has to sign in at the provider. */
export const FLOW_MS = 10 * 60_000;
export const CALLBACK_PATH = "/api/auth/oidc/callback";
/** The flow cookie goes only to the SSO routes. */
const FLOW_COOKIE_PATH = "/api/auth/oidc";
/** Standard scopes only: role and domain claims come with them (a custom scope would fail at some providers). */
const SCOPE = "openid profile email";
/** Seconds to wait for the provider (discovery, token, keys) before giving up. */
const PROVIDER_TIMEOUT_S = 10;

// ---- discovery, once per process and settings

const KEY = Symbol.for("twinops.oidc");
type Holder = { [KEY]?: { key: string; config: Promise<client.Configuration> } };
const holder = globalThis as Holder;

/** The provider's metadata and our client at it; a failed discovery is retried by the next sign-in. */
function configuration(s: OidcSettings): Promise<client.Configuration> {
  const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret ?? null]);
  const held = holder[KEY];
  if (held?.key === key) return held.config;
  const auth = s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None();
  const config = client.discovery(new URL(s.issuer), s.clientId, undefined, auth, {
    execute: isLocalHttpIssuer(s.issuer) ? [client.allowInsecureRequests] : [],
    timeout: PROVIDER_TIMEOUT_S,
  });
  holder[KEY] = { key, config };
  config.catch(() => {
    if (holder[KEY]?.config === config) holder[KEY] = undefined;
  });
  return config;
}

export function resetOidcForTesting(): void {
  holder[KEY] = undefined;
}

// ---- the flow cookie

const FlowSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(43),
  next: z.string(),
  exp: z.number(),
});
export type Flow = z.infer<typeof FlowSchema>;

const flowKey = async (store: OperationsStore) => Buffer.from(await store.sign("oidc-flow-cookie:v1"), "base64url");
const FLOW_AAD = Buffer.from(FLOW_COOKIE);

/** `iv.ciphertext.tag` (base64url): the flow, encrypted and authenticated. */
export async function sealFlow(flow: Flow, store: OperationsStore): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await flowKey(store), iv).setAAD(FLOW_AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), "utf8"), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString("base64url")).join(".");
}

/** The flow a cookie holds, or null when it is missing, altered, from another store or expired. */
export async function openFlow(sealed: string | undefined, store: OperationsStore, now = Date.now()): Promise<Flow | null> {
  const key = await flowKey(store);
  const [iv, body, tag, ...rest] = (sealed ?? "").split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !body || !tag || rest.length > 0 || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(FLOW_AAD).setAuthTag(tag);
    const json = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    const flow = FlowSchema.safeParse(JSON.parse(json));
    return flow.success && flow.data.exp > now ? flow.data : null;
  } catch {
    return null;
  }
}

/** Set-Cookie for the flow; an empty value with maxAgeMs 0 clears it. */
export function flowCookie(value: string, request: Request, maxAgeMs: number): string {
  const parts = [`${FLOW_COOKIE}=${value}`, `Path=${FLOW_COOKIE_PATH}`, "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (isHttps(request) || publicOrigin(request).startsWith("https:")) parts.push("Secure");
  return parts.join("; ");
}

// ---- claims to an account

/**
 * Strings of a claim: an array of strings or one space-separated string. A name the claims lack
 * is also tried as a dotted path, for nested claims such as Keycloak's `realm_access.roles`.
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, name: string): string[] {
  let v: unknown = claims[name];
  if (v === undefined && name.includes(".")) {
    v = name.split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined), claims);
  }
  const items = typeof v === "string" ? v.split(/\s+/) : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  return items.map((x) => x.trim().toLowerCase()).filter(Boolean);
}

/** The highest TwinOps role named; none is a viewer. */
export function roleFromValues(values: readonly string[]): Role {
  return [...ROLES].reverse().find((r) => values.includes(r)) ?? "viewer";
}

const text = (v: unknown) => (typeof v === "string" ? cleanText(v).trim() : "");

/** What an ID token says about the account: name, role and (for viewers) domains. */
export function accountFromClaims(
  claims: Readonly<Record<string, unknown>> & { sub: string },
  s: Pick<OidcSettings, "roleClaim" | "domainsClaim">,
): { username: string; displayName: string; role: Role; domains: Domain[] } {
  const username = (text(claims.preferred_username) || text(claims.email) || text(claims.sub)).slice(0, 100);
  const role = roleFromValues(claimValues(claims, s.roleClaim));
  return {
    username,
    displayName: (text(claims.name) || username).slice(0, 200),
    role,
    // Operators and admins read every domain; only a viewer's list means anything.
    domains: role === "viewer" ? parseDomainList(claimValues(claims, s.domainsClaim)) : [],
  };
}

// ---- the two legs

export type StartResult = { ok: true; location: string; cookie: string } | { ok: false };

/** The provider's authorization URL for a new flow, and the cookie that remembers it. */
export async function startOidcSignIn(request: Request, next: string, given?: OperationsStore): Promise<StartResult> {
  const s = oidcSettings();
  if (!s) {
    log.warn("oidc: sign-in started but TWINOPS_OIDC_ISSUER / TWINOPS_OIDC_CLIENT_ID are not set");
    return { ok: false };
  }
  try {
    const config = await configuration(s);
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next: safeNext(next),
      exp: Date.now() + FLOW_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: publicOrigin(request) + CALLBACK_PATH,
      scope: SCOPE,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: "S256",
    });
    return { ok: true, location: url.href, cookie: flowCookie(await sealFlow(flow, given ?? (await getOpsStore())), request, FLOW_MS) };
  } catch (err) {
    log.error("oidc: cannot start sign-in (provider discovery failed?)", { err, issuer: s.issuer });
    return { ok: false };
  }
}

export type CallbackResult = { ok: true; user: UserRecord; next: string } | { ok: false; next: string };

/**
 * The provider's answer: state, PKCE and the ID token (issuer, audience, expiry, nonce) are
 * checked by openid-client; then the account is created or brought up to date. The ID token's
 * signature is not checked: it comes straight from the token endpoint over the back channel,
 * which OpenID Connect Core 3.1.3.7 allows in place of a signature check (openid-client 6 checks
 * it only with `enableNonRepudiationChecks`). Serve the issuer over TLS. Every outcome
 * is in the audit trail; why a sign-in failed is in the server log, never in the browser.
 */
export async function completeOidcSignIn(request: Request, given?: OperationsStore): Promise<CallbackResult> {
  const store = given ?? (await getOpsStore());
  const flow = await openFlow(readCookie(request.headers.get("cookie"), FLOW_COOKIE), store);
  // Normalised again: a flow sealed by an older version may hold a path it let through.
  const next = safeNext(flow?.next);
  const fail = (reason: string, fields: LogFields = {}, actor = "(sso)"): CallbackResult => {
    log.warn("oidc: sign-in failed", { reason, ...fields });
    audit(actor, "signin.oidc.failed", { reason });
    return { ok: false, next };
  };
  const s = oidcSettings();
  if (!s) return fail("single sign-on is not configured");
  // No flow: expired, another browser's link, or a forged answer (login CSRF).
  if (!flow) return fail("no valid sign-in flow cookie");
  let claims: client.IDToken | undefined;
  try {
    const config = await configuration(s);
    // The URL the provider redirected to: its query on our public callback (the redirect_uri sent).
    const current = new URL(CALLBACK_PATH + new URL(request.url).search, publicOrigin(request));
    const tokens = await client.authorizationCodeGrant(config, current, {
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      pkceCodeVerifier: flow.verifier,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    return fail(failureReason(err), { err, issuer: s.issuer });
  }
  if (!claims) return fail("no ID token", { issuer: s.issuer });
  const account = accountFromClaims(claims, s);
  if (!account.username) return fail("ID token names nobody", { issuer: s.issuer });
  const user = await store.upsertOidcUser({ issuer: claims.iss, sub: claims.sub, ...account });
  if (user.disabled) return fail("account disabled", { issuer: s.issuer, user: user.username }, user.username);
  audit(user.username, "signin.oidc", { role: user.role, domains: user.domains, issuer: claims.iss }, user.role);
  return { ok: true, user, next };
}

/** A short, non-secret reason for the audit trail (the log gets the whole error). */
function failureReason(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError) return `provider answered ${err.error}`;
  if (err instanceof client.ResponseBodyError) return `token endpoint answered ${err.error}`;
  if (!(err instanceof Error)) return "unknown error";
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code !== "string") return "provider unreachable or invalid answer";
  // openid-client wraps the precise check that failed (state, nonce, signature...) as the cause.
  const detail = err.cause instanceof Error ? err.cause.message : err.message;
  return `${code}: ${detail}`.slice(0, 200);
}

function audit(actor: string, action: string, after: unknown, role = "-"): void {
  void auditSignIn({ actor, role, action, target: `user:${actor}`, after });
}
