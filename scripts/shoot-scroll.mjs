// Viewport screenshots of a page at several scroll offsets (what a person sees as they scroll).
//   node scripts/shoot-scroll.mjs <url> <out-prefix> [width] [height] [scrolls]
import { chromium } from "@playwright/test";
const [,, url, out, w = "1440", h = "900", n = "2"] = process.argv;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) }, colorScheme: process.env.SCHEME ?? "dark" });
const errs = [];
page.on("pageerror", (e) => errs.push(e.message));
page.on("response", (r) => { if (r.status() >= 400) errs.push(`${r.status()} ${r.url()}`); });
await page.goto(url);
try { await page.waitForSelector('[data-map-loaded="true"]', { timeout: 30000 }); } catch { console.log("map not loaded"); }
await page.waitForTimeout(2500);
for (let i = 0; i < Number(n); i++) {
  await page.evaluate((y) => window.scrollTo(0, y), i * Number(h) * 0.9);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}-${i}.png` });
}
console.log(errs.join("\n"));
await browser.close();
