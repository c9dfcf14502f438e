/**
 * A GIS client reads TwinOps: the signed-in admin makes a personal read token on My account →
 * API tokens (one page load: the secret shown once, the token listed), then GDAL's OAPIF driver
 * (Debian's gdal-bin) copies every collection of /api/ogc with that
 * token, paging through all assets, and the copy holds as many features as the API's
 * numberMatched. Revoking the token on the page cuts GDAL off. Skipped without `ogrinfo` only
 * outside CI (under CI=true a missing GDAL fails the run).
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ACCOUNT_IDS } from "@/lib/test-ids";

const BASE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210)}`;
const run = promisify(execFile);
const hasGdal = spawnSync("ogrinfo", ["--version"]).status === 0;

test.skip(!hasGdal && !process.env.CI, "GDAL (ogrinfo, ogr2ogr) is not installed: apt-get install -y gdal-bin");

/** GDAL with the token in an Authorization header (GDAL_HTTP_HEADERS: GDAL 3.6 and later). */
const gdalEnv = (token: string) => ({ ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}`, CPL_DEBUG: "OFF" });

test("a read token made on the tokens page lets GDAL copy every OGC collection, until it is revoked", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto("/account/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  const form = page.getByTestId(ACCOUNT_IDS.createForm);
  await form.getByLabel("Name (what it is for)").fill("gdal e2e");
  await form.getByLabel("Expires after").selectOption("30");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId(ACCOUNT_IDS.secret).textContent())!.trim();
  expect(token).toMatch(/^twk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId(ACCOUNT_IDS.tokens).locator("tr", { hasText: "gdal e2e" });
  await expect(row).toHaveAttribute("data-state", "active");

  // What the API says it holds, with the same token.
  const auth = { authorization: `Bearer ${token}` };
  const matched: Record<string, number> = {};
  for (const c of ["assets", "alerts", "districts"]) {
    const res = await request.get(`/api/ogc/collections/${c}/items?limit=1`, { headers: auth });
    expect(res.status()).toBe(200);
    matched[c] = ((await res.json()) as { numberMatched: number }).numberMatched;
  }
  expect(matched.assets).toBeGreaterThan(1000);

  // GDAL copies every layer, following `next` links page by page (1000 features a page).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-ogc-"));
  const out = path.join(dir, "twin.gpkg");
  try {
    await run("ogr2ogr", ["-f", "GPKG", out, `OAPIF:${BASE}/api/ogc`, "-oo", "PAGE_SIZE=1000"], { env: gdalEnv(token), timeout: 60_000 });
    const info = (await run("ogrinfo", ["-ro", "-so", "-al", out], { timeout: 20_000 })).stdout;
    const counts = Object.fromEntries([...info.matchAll(/Layer name: (\w+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(counts).toEqual(matched);
    // The copy keeps the columns a GIS user filters on, in both languages.
    expect(info).toMatch(/name_zh: String/);
    expect(info).toMatch(/capacity: Real/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Revoked on the page: GDAL is refused (401) from the next request on.
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  const refused = await run("ogrinfo", ["-ro", "-so", `OAPIF:${BASE}/api/ogc`, "assets"], { env: gdalEnv(token), timeout: 20_000 }).then(
    () => "opened",
    (err: { stderr?: string }) => err.stderr ?? "",
  );
  expect(refused).toMatch(/401/);
});
