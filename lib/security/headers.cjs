// @ts-check
/**
 * The one source of the security headers. CommonJS because next.config.js (plain Node, no
 * TypeScript) requires it; lib/security/headers.ts gives typed access to the same functions for
 * tests and server code. Why each directive is what it is: docs/security.md.
 */
"use strict";

/** Variable naming the OIDC issuer; sign-in form posts redirect to it, so form-action allows it. */
const OIDC_ISSUER_VAR = "TWINOPS_OIDC_ISSUER";

/**
 * The origin of an issuer URL, or undefined when none is configured.
 * @param {string | undefined} issuer
 * @returns {string | undefined}
 */
function issuerOrigin(issuer) {
  if (issuer === undefined || issuer.trim() === "") return undefined;
  let url;
  try {
    url = new URL(issuer.trim());
  } catch {
    throw new Error(`${OIDC_ISSUER_VAR}=${JSON.stringify(issuer)}: must be an absolute https URL`);
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Error(`${OIDC_ISSUER_VAR}=${JSON.stringify(issuer)}: must be an https URL (http only for localhost)`);
  }
  return url.origin;
}

/**
 * Content-Security-Policy for every response.
 * @param {{ dev?: boolean; oidcIssuer?: string }} [options]
 *   dev: `next dev` (React Refresh evaluates code, so 'unsafe-eval' is added);
 *   oidcIssuer: the configured issuer URL, whose origin form-action allows.
 * @returns {string}
 */
function contentSecurityPolicy(options = {}) {
  const issuer = issuerOrigin(options.oidcIssuer);
  /** @type {Array<[string, string[]]>} */
  const directives = [
    ["default-src", ["'self'"]],
    // App Router streams its payload in inline <script> tags; public pages are static/ISR and
    // cannot carry a per-request nonce (docs/security.md).
    ["script-src", ["'self'", "'unsafe-inline'", ...(options.dev ? ["'unsafe-eval'"] : [])]],
    // React style={} props, MapLibre and ECharts set inline styles on their DOM.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    // MapLibre decodes raster images through blob: URLs; small icons may be data: URLs.
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    // Style, GeoJSON, glyphs, the twin API and SSE are all served by the app itself.
    ["connect-src", ["'self'"]],
    // MapLibre starts its worker from a same-origin /_next/static URL (components/map/twin-map.tsx).
    ["worker-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'", ...(issuer ? [issuer] : [])]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/**
 * Headers sent on every response (HSTS excluded: it depends on the request, see nextHeaderRules).
 * @param {{ dev?: boolean; oidcIssuer?: string }} [options]
 * @returns {Array<{ key: string; value: string }>}
 */
function securityHeaders(options = {}) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}

/** Sent only when the request reached the first proxy over TLS. */
const HSTS = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };

/**
 * `x-forwarded-proto` values that mean TLS: `https`, or a proxy chain whose first hop was https
 * (`https, http`). Next anchors this as ^…$.
 */
const HTTPS_PROTO = "https(?:\\s*,.*)?";

/**
 * The `headers()` rules of next.config.js.
 * @param {{ dev?: boolean; oidcIssuer?: string }} [options]
 * @returns {Array<{ source: string; headers: Array<{ key: string; value: string }>; has?: Array<{ type: "header"; key: string; value: string }> }>}
 */
function nextHeaderRules(options = {}) {
  return [
    { source: "/:path*", headers: securityHeaders(options) },
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: HTTPS_PROTO }],
      headers: [HSTS],
    },
  ];
}

/**
 * Options from a process environment.
 * @param {Record<string, string | undefined>} env
 * @returns {{ dev: boolean; oidcIssuer: string | undefined }}
 */
function optionsFromEnv(env) {
  return { dev: env.NODE_ENV !== "production", oidcIssuer: env[OIDC_ISSUER_VAR] };
}

module.exports = { contentSecurityPolicy, securityHeaders, nextHeaderRules, optionsFromEnv, HSTS, HTTPS_PROTO };
