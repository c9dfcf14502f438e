/**
 * City single sign-on against a real OpenID provider (e2e/oidc-provider.ts, started here on
 * OIDC_PORT, which the server's TWINOPS_OIDC_ISSUER names). Every test starts signed out.
 */
import { expect, request as apiRequest, test, type Page } from "@playwright/test";
import { ADMIN_STATE, OIDC_PORT } from "../playwright.config";
import { startOidcProvider } from "./oidc-provider";

test.use({ storageState: { cookies: [], origins: [] } });

let provider: { close(): Promise<void> } | undefined;
test.beforeAll(async () => {
  provider = await startOidcProvider(OIDC_PORT);
});
test.afterAll(async () => {
  await provider?.close();
});

const CALLBACK = "/api/auth/oidc/callback";

/** From the app's sign-in page through the provider's login and consent pages. */
async function signInAtProvider(page: Page, next: string, login: string): Promise<void> {
  // A link, not a form: the CSP's form-action (fixed at build time) need not know the issuer.
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId("signin-sso").click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  await page.locator("input[name=login]").fill(login);
  // The provider's development login takes any password.
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

/** Audit records about one user, read as the suite's admin. */
async function auditActions(baseURL: string, user: string): Promise<string[]> {
  const admin = await apiRequest.newContext({ baseURL, storageState: ADMIN_STATE });
  const res = await admin.get(`/api/twin/v1/audit?target=${encodeURIComponent(`user:${user}`)}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { records: { action: string }[] };
  await admin.dispose();
  return body.records.map((r) => r.action);
}

test("an operator signs in with city SSO and lands on the page asked for", async ({ page, baseURL }) => {
  await signInAtProvider(page, "/energy", "ops.chen");
  await expect(page).toHaveURL(/\/energy$/);
  await expect(page.getByTestId("session-user")).toHaveText("ops.chen");
  await expect(page.getByTestId("session-menu")).toContainText("(operator)");
  // The flow cookie is single-use and gone; the session is the app's own.
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names).toContain("twinops_session");
  expect(names).not.toContain("twinops_oidc");
  expect((await page.request.get("/api/twin/v1/kpis?domain=energy")).status()).toBe(200);
  expect(await auditActions(baseURL!, "ops.chen")).toContain("signin.oidc");
});

test("a viewer's domains come from the ID token: health opens, energy does not", async ({ page }) => {
  await signInAtProvider(page, "/health", "viewer.wu");
  await expect(page).toHaveURL(/\/health$/);
  await expect(page.getByTestId("session-user")).toHaveText("viewer.wu");
  await expect(page.getByTestId("session-menu")).toContainText("(viewer)");
  await page.goto("/energy");
  await expect(page).toHaveURL(/\/signin\?.*error=forbidden/);
});

test("cancelling at the provider returns to sign-in with the SSO error", async ({ page }) => {
  await page.goto("/signin?next=/energy");
  await page.getByTestId("signin-sso").click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(page).toHaveURL(/\/signin\?.*error=sso/);
  expect(new URL(page.url()).searchParams.get("next")).toBe("/energy");
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("twinops_session");
});

test("a tampered state in the provider's answer signs nobody in", async ({ page, baseURL }) => {
  // Redirects cannot be routed, so the provider's answer is fetched here hop by hop, from the
  // login and consent form posts on, and the browser is sent on with the callback's state changed.
  let tampered: URL | undefined;
  await page.route(
    (url) => url.port === String(OIDC_PORT) && url.pathname.startsWith("/interaction/"),
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const submitted = await route.fetch({ maxRedirects: 0 });
      const resume = await page.request.get(new URL(submitted.headers().location!, route.request().url()).href, { maxRedirects: 0 });
      const next = new URL(resume.headers().location!, route.request().url());
      if (next.pathname === CALLBACK) {
        expect(next.searchParams.get("code")).toBeTruthy();
        next.searchParams.set("state", `${next.searchParams.get("state")}x`);
        tampered = next;
      }
      await route.fulfill({ status: 303, headers: { location: next.href } });
    },
  );
  await signInAtProvider(page, "/energy", "ops.chen");
  await expect(page).toHaveURL(/\/signin\?.*error=sso/);
  expect(tampered?.pathname).toBe(CALLBACK);
  await expect(page.getByTestId("signin-error")).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("twinops_session");
  expect((await page.request.get("/api/twin/v1/kpis")).status()).toBe(401);
  expect(await auditActions(baseURL!, "(sso)")).toContain("signin.oidc.failed");
});
