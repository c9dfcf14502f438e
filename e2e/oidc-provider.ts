/**
 * A real OpenID provider (oidc-provider) for the SSO browser tests: one confidential client for
 * the app under test, PKCE required, and test accounts whose ID tokens carry `roles` and
 * `domains`. Its built-in development login accepts any password: the accounts are the point.
 */
import type { AddressInfo } from "node:net";
import Provider, { type Account, type Configuration } from "oidc-provider";

/** The client the app is configured with in playwright.config.ts. */
export const OIDC_CLIENT_ID = "twinops";
export const OIDC_CLIENT_SECRET = "e2e-client-secret-not-for-production";

interface TestAccount {
  name: string;
  email: string;
  roles: string[];
  domains: string[];
}

/** People of the city's directory, by login name. */
export const OIDC_ACCOUNTS: Readonly<Record<string, TestAccount>> = {
  "ops.chen": { name: "Chen Jie", email: "ops.chen@city.example", roles: ["operator"], domains: [] },
  "viewer.wu": { name: "Wu Fang", email: "viewer.wu@city.example", roles: ["viewer"], domains: ["health"] },
};

function findAccount(sub: string): Account | undefined {
  const a = OIDC_ACCOUNTS[sub];
  if (!a) return undefined;
  return {
    accountId: sub,
    claims: () => ({ sub, preferred_username: sub, name: a.name, email: a.email, email_verified: true, roles: a.roles, domains: a.domains }),
  };
}

/** Starts the provider on 127.0.0.1:`port`; its issuer is `http://127.0.0.1:<port>`. */
export async function startOidcProvider(port: number): Promise<{ issuer: string; close(): Promise<void> }> {
  const appPort = Number(process.env.E2E_PORT ?? 3210);
  const issuer = `http://127.0.0.1:${port}`;
  const config: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`http://127.0.0.1:${appPort}/api/auth/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    // Role and domain claims come with the `openid` scope, as directory role claims do at most
    // providers; and into the ID token itself, not only /userinfo.
    claims: {
      openid: ["sub", "roles", "domains"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
    },
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => findAccount(sub),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["e2e-provider-cookie-key-not-for-production"] },
  };
  // It warns at start about the development login and in-memory storage: both intended here.
  const provider = new Provider(issuer, config);
  provider.on("server_error", (_ctx, err) => console.error("[oidc-provider]", err));
  const server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
