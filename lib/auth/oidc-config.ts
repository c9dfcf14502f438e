import "server-only";
import { env, type Env } from "@/lib/config/env";
/**
 * Settings of the city's OpenID Connect sign-in, read from the environment on each call (the
 * sign-in page and the two SSO routes are dynamic, so a restart with new values takes effect).
 */

/** The OpenID provider, our client at it, and which ID token claims carry role and domains. */
export interface OidcSettings {
  /** Issuer identifier (TWINOPS_OIDC_ISSUER); discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Confidential clients authenticate with it (client_secret_basic); without it, PKCE alone (public client). */
  clientSecret: string | undefined;
  /** Claim with the TwinOps role: an array or space-separated string (TWINOPS_OIDC_ROLE_CLAIM, default `roles`). */
  roleClaim: string;
  /** Claim with a viewer's domains, same forms (TWINOPS_OIDC_DOMAINS_CLAIM, default `domains`). */
  domainsClaim: string;
}

/** Whether the city's OpenID Connect sign-in is configured (TWINOPS_OIDC_ISSUER and client id). */
export function oidcConfigured(): boolean {
  return oidcSettings() !== null;
}

/** The settings, or null when SSO is not configured. */
export function oidcSettings(source: Env = env()): OidcSettings | null {
  const issuer = source.TWINOPS_OIDC_ISSUER;
  const clientId = source.TWINOPS_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return null;
  return {
    issuer,
    clientId,
    clientSecret: source.TWINOPS_OIDC_CLIENT_SECRET,
    roleClaim: source.TWINOPS_OIDC_ROLE_CLAIM,
    domainsClaim: source.TWINOPS_OIDC_DOMAINS_CLAIM,
  };
}

/**
 * Plain HTTP is allowed only for an issuer on this machine (tests, a local Keycloak): anywhere
 * else tokens and the client secret would cross the network in clear.
 */
export function isLocalHttpIssuer(issuer: string): boolean {
  try {
    const u = new URL(issuer);
    return u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost");
  } catch {
    return false;
  }
}
