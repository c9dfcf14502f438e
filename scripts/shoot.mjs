// Screenshots of a running TwinOps at several screen sizes, for looking at what we build:
//   BASE=http://localhost:3000 PAGE=/ SIZES=1440x900,1920x1080,3840x2160 \
//   TWINOPS_ADMIN_PASSWORD=… npx tsx scripts/shoot.mjs
// (writes shots/<page>-<size>.png; needs Debian's chromium). Internal pages need a person: with
// TWINOPS_ADMIN_PASSWORD (that server's admin) the shots are taken signed in as the admin.
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";
import { signInAdmin } from "../bench/auth.ts";
const base = process.env.BASE ?? "http://localhost:3000";
const sizes = (process.env.SIZES ?? "1440x900,1920x1080,3840x2160").split(",");
const path = process.env.PAGE ?? "/";
const tag = process.env.TAG ?? "";
mkdirSync("shots", { recursive: true });
const session = process.env.TWINOPS_ADMIN_PASSWORD ? await signInAdmin(base) : null;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
for (const s of sizes) {
  const [w, h] = s.split("x").map(Number);
  const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 1, colorScheme: process.env.SCHEME ?? "dark" });
  if (session) await page.context().addCookies([{ name: session.name, value: session.value, url: base }]);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`); });
  page.on("requestfailed", (r) => errors.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) errors.push(`EXTERNAL: ${r.url()}`); });
  const t0 = Date.now();
  await page.goto(base + path, { waitUntil: "domcontentloaded" });
  try {
    await page.waitForSelector('[data-map-loaded="true"]', { timeout: 45000 });
    console.log(s, "map loaded in", Date.now() - t0, "ms");
  } catch { console.log(s, "MAP NOT LOADED"); }
  await page.waitForTimeout(1500);
  const file = `shots/${(path.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "overview")}${tag}-${s}.png`;
  await page.screenshot({ path: file });
  console.log("saved", file, "conn:", await page.getAttribute('[data-testid="connection-state"]', "data-state").catch(() => "?"));
  for (const e of errors.slice(0, 15)) console.log("  ", e);
  await page.close();
}
await browser.close();
