import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE } from "../playwright.config";

// The server created its first admin from TWINOPS_ADMIN_PASSWORD (set per run by the config).
setup("sign in as the first admin", async ({ page }) => {
  await page.goto("/signin?next=/energy");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD ?? "");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/energy$/);
  await expect(page.getByTestId("session-user")).toHaveText("admin");
  await page.context().storageState({ path: ADMIN_STATE });
});
