import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  HSTS,
  HTTPS_PROTO,
  nextHeaderRules,
  securityHeaders,
  securityOptionsFromEnv,
  type HeaderRule,
} from "./headers";

/** Directive name -> its source list. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("is the production policy: inline scripts without eval, everything else same-origin", () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("adds 'unsafe-eval' to script-src only in development", () => {
    expect(directives(contentSecurityPolicy({ dev: true })).get("script-src")).toEqual([
      "'self'",
      "'unsafe-inline'",
      "'unsafe-eval'",
    ]);
    expect(contentSecurityPolicy({ dev: false })).not.toContain("unsafe-eval");
  });

  it("lets sign-in forms redirect to the OIDC issuer's origin, not its path", () => {
    const d = directives(contentSecurityPolicy({ oidcIssuer: "https://id.example.gov/realms/city/" }));
    expect(d.get("form-action")).toEqual(["'self'", "https://id.example.gov"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
  });

  it("ignores an empty issuer and refuses one that is not an https URL", () => {
    expect(contentSecurityPolicy({ oidcIssuer: " " })).toBe(contentSecurityPolicy());
    expect(() => contentSecurityPolicy({ oidcIssuer: "id.example.gov" })).toThrow(/TWINOPS_OIDC_ISSUER/);
    expect(() => contentSecurityPolicy({ oidcIssuer: "http://id.example.gov" })).toThrow(/https/);
    expect(() => contentSecurityPolicy({ oidcIssuer: "javascript:alert(1)" })).toThrow(/TWINOPS_OIDC_ISSUER/);
    expect(directives(contentSecurityPolicy({ oidcIssuer: "http://localhost:8080/realms/x" })).get("form-action")).toEqual([
      "'self'",
      "http://localhost:8080",
    ]);
  });

  it("never allows plugins, framing, or base-URL changes", () => {
    const d = directives(contentSecurityPolicy({ dev: true, oidcIssuer: "https://id.example.gov" }));
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
  });
});

describe("securityHeaders", () => {
  it("sends the fixed headers and no HSTS", () => {
    const byKey = Object.fromEntries(securityHeaders().map((h) => [h.key, h.value]));
    expect(byKey).toEqual({
      "Content-Security-Policy": contentSecurityPolicy(),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });
});

describe("nextHeaderRules", () => {
  it("sends HSTS only when x-forwarded-proto says the client used TLS", () => {
    const rules = nextHeaderRules();
    const always = rules.filter((r) => !r.has);
    const tls = rules.filter((r) => r.has);
    expect(always.flatMap((r) => r.headers.map((h) => h.key))).not.toContain(HSTS.key);
    expect(tls).toEqual([
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: HTTPS_PROTO }], headers: [HSTS] },
    ]);
    expect(HSTS.value).toBe("max-age=31536000; includeSubDomains");
  });

  it("matches the proxy scheme the way Next does (anchored regex)", () => {
    const matches = (v: string) => new RegExp(`^${HTTPS_PROTO}$`).test(v);
    expect(matches("https")).toBe(true);
    expect(matches("https, http")).toBe(true);
    expect(matches("http")).toBe(false);
    expect(matches("http, https")).toBe(false);
    expect(matches("httpsx")).toBe(false);
  });

  it("reads NODE_ENV and TWINOPS_OIDC_ISSUER", () => {
    expect(securityOptionsFromEnv({ NODE_ENV: "production" })).toEqual({ dev: false, oidcIssuer: undefined });
    expect(securityOptionsFromEnv({ NODE_ENV: "development", TWINOPS_OIDC_ISSUER: "https://id.example.gov" })).toEqual({
      dev: true,
      oidcIssuer: "https://id.example.gov",
    });
  });
});

describe("next.config.js", () => {
  it("returns exactly these rules from headers()", async () => {
    const config = createRequire(import.meta.url)("../../next.config.js") as { headers(): Promise<HeaderRule[]> };
    expect(await config.headers()).toEqual(nextHeaderRules(securityOptionsFromEnv(process.env)));
  });
});
