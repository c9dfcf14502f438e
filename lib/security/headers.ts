/**
 * Typed access to the security headers that next.config.js sends on every response. The policy
 * itself lives in headers.cjs, the one source both read: next.config.js is plain CommonJS and
 * cannot require TypeScript. Server-side only (it loads the helper through Node's require).
 */
import { createRequire } from "node:module";

export interface SecurityHeaderOptions {
  /** `next dev`: React Refresh evaluates code, so script-src gets 'unsafe-eval'. */
  dev?: boolean;
  /** TWINOPS_OIDC_ISSUER; its origin is allowed as a form-action target (sign-in redirects). */
  oidcIssuer?: string;
}

export interface Header {
  key: string;
  value: string;
}

export interface HeaderRule {
  source: string;
  headers: Header[];
  has?: { type: "header"; key: string; value: string }[];
}

interface HeadersModule {
  contentSecurityPolicy(options?: SecurityHeaderOptions): string;
  securityHeaders(options?: SecurityHeaderOptions): Header[];
  nextHeaderRules(options?: SecurityHeaderOptions): HeaderRule[];
  optionsFromEnv(env: Record<string, string | undefined>): Required<Pick<SecurityHeaderOptions, "dev">> &
    Pick<SecurityHeaderOptions, "oidcIssuer">;
  HSTS: Header;
  HTTPS_PROTO: string;
}

const impl = createRequire(import.meta.url)("./headers.cjs") as HeadersModule;

/** The Content-Security-Policy header value. Throws naming TWINOPS_OIDC_ISSUER when it is not a URL. */
export const contentSecurityPolicy: HeadersModule["contentSecurityPolicy"] = impl.contentSecurityPolicy;
/** Every header sent on every response (HSTS excepted: it depends on the request's scheme). */
export const securityHeaders: HeadersModule["securityHeaders"] = impl.securityHeaders;
/** The `headers()` rules next.config.js returns, HSTS conditioned on `x-forwarded-proto: https`. */
export const nextHeaderRules: HeadersModule["nextHeaderRules"] = impl.nextHeaderRules;
/** Header options from a process environment (NODE_ENV, TWINOPS_OIDC_ISSUER). */
export const securityOptionsFromEnv: HeadersModule["optionsFromEnv"] = impl.optionsFromEnv;
/** Strict-Transport-Security, sent only over TLS. */
export const HSTS: Header = impl.HSTS;
/** The `x-forwarded-proto` pattern (anchored by Next) that counts as TLS. */
export const HTTPS_PROTO: string = impl.HTTPS_PROTO;
