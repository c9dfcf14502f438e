import { afterEach, describe, expect, it, vi } from "vitest";
import { accountFromClaims, claimValues, completeOidcSignIn, flowCookie, FLOW_MS, openFlow, publicOrigin, resetOidcForTesting, roleFromValues, sealFlow, startOidcSignIn, type Flow } from "./oidc";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

const settings = { roleClaim: "roles", domainsClaim: "domains" };
const flow = (exp = Date.now() + FLOW_MS): Flow => ({ state: "s".repeat(43), nonce: "n".repeat(43), verifier: "v".repeat(43), next: "/energy", exp });

describe("OIDC claims to an account", () => {
  it("reads arrays, space-separated strings and dotted paths; ignores other types", () => {
    expect(claimValues({ roles: ["Operator", 3, " viewer "] }, "roles")).toEqual(["operator", "viewer"]);
    expect(claimValues({ roles: "viewer  admin" }, "roles")).toEqual(["viewer", "admin"]);
    expect(claimValues({ realm_access: { roles: ["admin"] } }, "realm_access.roles")).toEqual(["admin"]);
    // A namespaced claim whose name has dots is read as it is.
    expect(claimValues({ "https://city.example/roles": ["operator"] }, "https://city.example/roles")).toEqual(["operator"]);
    expect(claimValues({ roles: { admin: true } }, "roles")).toEqual([]);
    expect(claimValues({}, "roles")).toEqual([]);
  });

  it("takes the highest role named, and viewer when none is", () => {
    expect(roleFromValues(["viewer", "admin", "operator"])).toBe("admin");
    expect(roleFromValues(["viewer", "operator"])).toBe("operator");
    expect(roleFromValues(["superuser", "staff"])).toBe("viewer");
    expect(roleFromValues([])).toBe("viewer");
  });

  it("names the account from preferred_username, then email, then sub; domains only for viewers", () => {
    expect(accountFromClaims({ sub: "1", preferred_username: "viewer.wu", name: "Wu", roles: ["viewer"], domains: "health nowhere" }, settings)).toEqual({
      username: "viewer.wu",
      displayName: "Wu",
      role: "viewer",
      domains: ["health"],
    });
    expect(accountFromClaims({ sub: "2", email: "chen@city.example", roles: "operator", domains: ["energy"] }, settings)).toEqual({
      username: "chen@city.example",
      displayName: "chen@city.example",
      role: "operator",
      domains: [],
    });
    expect(accountFromClaims({ sub: "abc\u0000def", preferred_username: "  " }, settings).username).toBe("abcdef");
    expect(accountFromClaims({ sub: "3", groups: ["admin"] }, { roleClaim: "groups", domainsClaim: "domains" }).role).toBe("admin");
  });
});

describe("OIDC flow cookie", () => {
  it("round-trips, and refuses an altered, foreign or expired cookie", async () => {
    const store = new SqliteOpsStore(":memory:");
    const sealed = await sealFlow(flow(), store);
    expect(await openFlow(sealed, store)).toEqual(flow((await openFlow(sealed, store))!.exp));
    // The verifier is not readable in the cookie.
    expect(Buffer.from(sealed.split(".")[1]!, "base64url").toString("latin1")).not.toContain("vvvv");
    const [iv, body, tag] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(await openFlow([iv, flipped.toString("base64url"), tag].join("."), store)).toBeNull();
    expect(await openFlow(sealed, new SqliteOpsStore(":memory:"))).toBeNull();
    expect(await openFlow(await sealFlow(flow(1000), store), store, 1000)).toBeNull();
    for (const bad of [undefined, "", "a.b", "a.b.c.d", "x".repeat(100)]) expect(await openFlow(bad, store)).toBeNull();
  });

  it("is httpOnly, SameSite=Lax, scoped to the SSO routes and short-lived", () => {
    const c = flowCookie("v", new Request("http://127.0.0.1:3210/api/auth/oidc/start"), FLOW_MS);
    expect(c).toBe("twinops_oidc=v; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600");
    expect(flowCookie("", new Request("https://twin.example/api/auth/oidc/callback"), 0)).toContain("Max-Age=0; Secure");
  });
});

describe("OIDC redirect origin", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost:3210/api/auth/oidc/start", { headers });

  it("is TWINOPS_PUBLIC_URL when set", () => {
    expect(publicOrigin(request({ host: "127.0.0.1:3210" }), { TWINOPS_PUBLIC_URL: "https://twin.city.example/app" })).toBe("https://twin.city.example");
  });

  it("else the host the browser asked for, never a forwarded host", () => {
    expect(publicOrigin(request({ host: "127.0.0.1:3210", "x-forwarded-host": "evil.example" }), {})).toBe("http://127.0.0.1:3210");
    expect(publicOrigin(request({ host: "twin.city.example", "x-forwarded-proto": "https" }), {})).toBe("https://twin.city.example");
    expect(publicOrigin(request({ host: "[::1]:3210" }), {})).toBe("http://[::1]:3210");
    // No or a malformed Host: the URL the server received.
    expect(publicOrigin(request({}), {})).toBe("http://localhost:3210");
    expect(publicOrigin(request({ host: "evil.example/path@x" }), {})).toBe("http://localhost:3210");
    expect(publicOrigin(request({ host: "a b" }), {})).toBe("http://localhost:3210");
  });
});

describe("OIDC start", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetOidcForTesting();
  });

  it("answers 'not possible' (never throws) when the provider cannot be discovered", async () => {
    vi.stubEnv("TWINOPS_OIDC_ISSUER", "http://127.0.0.1:9");
    vi.stubEnv("TWINOPS_OIDC_CLIENT_ID", "twinops");
    const r = await startOidcSignIn(new Request("http://127.0.0.1:3210/api/auth/oidc/start"), "/energy", new SqliteOpsStore(":memory:"));
    expect(r).toEqual({ ok: false });
  });

  it("refuses a plain-HTTP issuer that is not on this machine", async () => {
    vi.stubEnv("TWINOPS_OIDC_ISSUER", "http://sso.city.example");
    vi.stubEnv("TWINOPS_OIDC_CLIENT_ID", "twinops");
    const r = await startOidcSignIn(new Request("http://127.0.0.1:3210/api/auth/oidc/start"), "/energy", new SqliteOpsStore(":memory:"));
    expect(r).toEqual({ ok: false });
  });
});

describe("OIDC callback", () => {
  it("sends the browser back only to a path on this site, even from a flow cookie sealed with a path that leaves it", async () => {
    const store = new SqliteOpsStore(":memory:");
    for (const next of ["/..//evil.example/phish", "/.%2e//evil.example/x"]) {
      const cookie = `twinops_oidc=${await sealFlow({ ...flow(), next }, store)}`;
      const r = await completeOidcSignIn(new Request("http://127.0.0.1:3210/api/auth/oidc/callback?code=x&state=y", { headers: { cookie } }), store);
      expect(r, next).toEqual({ ok: false, next: "/" });
    }
  });
});
