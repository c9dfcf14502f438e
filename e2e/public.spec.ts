import AxeBuilder from "@axe-core/playwright";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";

/**
 * Public transparency pages against the production build: figures in the HTML without
 * JavaScript, `lang` per locale, no axe violations in either language, downloads matching the page,
 * cacheable responses and no MapLibre.
 */
const LOCALES = ["en", "zh"] as const;
const PAGES = ["", "/energy", "/transport", "/construction", "/health", "/logistics", "/data"] as const;

test.describe("public pages without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  for (const locale of LOCALES) {
    test(`every figure, table and as-of is in the HTML (${locale})`, async ({ page }) => {
      await page.goto(`/public/${locale}/construction`);
      await expect(page.locator("html")).toHaveAttribute("lang", locale === "zh" ? "zh-Hans" : "en");
      const value = page.getByTestId("public-figure-construction.activeSites").getByTestId("public-figure-value");
      await expect(value).toHaveText(/\d/);
      const table = page.getByTestId("public-table-construction-sites-by-district");
      await expect(table.locator("tbody tr")).toHaveCount(10);
      await expect(table).toContainText(locale === "zh" ? "福田" : "Futian");
      await expect(table).toContainText(locale === "zh" ? "少于 11" : "fewer than 11");
      await expect(page.locator("time").first()).toHaveAttribute("datetime", /Z$/);
      await expect(page.getByTestId("public-hourly-summary").first()).not.toBeEmpty();
      // Each figure says what is usual at this time of day, in the page's language.
      await expect(page.getByTestId("public-figure-construction.pm25").getByTestId("public-figure-usual")).toContainText(locale === "zh" ? "该时段常态" : "Usual at this time");
      // The logistics page names the published figure its simulation is scaled to, with its source, in the server's HTML.
      const html = await (await page.request.get(`/public/${locale}/logistics`)).text();
      const port = /<tr[^>]*data-testid="public-provenance-portTeu".*?<\/tr>/s.exec(html)?.[0] ?? "";
      expect(port).toContain(locale === "zh" ? "2988万" : "29.88\u00a0M");
      expect(port).toContain(locale === "zh" ? "深圳市交通运输局" : "Shenzhen Municipal Transportation Bureau");
      expect(port).toContain('href="https://jtys.sz.gov.cn/"');
      // So does the page of one of its datasets, and the unconfirmed drone figure is given as the confirmed running total.
      const dataset = await (await page.request.get(`/public/${locale}/data/logistics-drone-deliveries-hourly`)).text();
      const drones = /<tr[^>]*data-testid="public-provenance-droneFlights".*?<\/tr>/s.exec(dataset)?.[0] ?? "";
      expect(drones).toContain(locale === "zh" ? "超过78万" : "more than 780,000");
    });
  }
});

test("/public sends readers to their language", async ({ request }) => {
  const zh = await request.get("/public", { headers: { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5" }, maxRedirects: 0 });
  expect(zh.status()).toBe(307);
  expect(zh.headers().location).toBe("/public/zh");
  // A path, never the address the server listens on: behind a proxy that would send readers away.
  const other = await request.get("/public", { headers: { "Accept-Language": "fr", "X-Forwarded-Host": "twin.city.example" }, maxRedirects: 0 });
  expect(other.headers().location).toBe("/public/en");
});

for (const locale of LOCALES) {
  for (const path of PAGES) {
    test(`axe finds no violations on /public/${locale}${path}`, async ({ page }) => {
      const maplibre: string[] = [];
      page.on("request", (r) => {
        if (/maplibre/i.test(r.url())) maplibre.push(r.url());
      });
      await page.goto(`/public/${locale}${path}`);
      await page.waitForLoadState("networkidle");
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      expect(maplibre).toEqual([]);
    });
  }
}

test("the CSV download matches the table on the page", async ({ page, request }) => {
  await page.goto("/public/en/construction");
  const rows = page.getByTestId("public-table-construction-sites-by-district").locator("tbody tr");
  const onPage = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelector("td")?.textContent ?? ""]));
  const res = await request.get("/api/public/v1/datasets/construction-sites-by-district.csv");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toMatch(/max-age=\d+/);
  expect(res.headers()["etag"]).toBeTruthy();
  expect(res.headers()["link"]).toContain("creativecommons.org/licenses/by/4.0");
  const lines = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("district,district_en,district_zh,value,flag,as_of");
  const csv = lines.slice(1, 1 + onPage.length).map((l) => l.split(","));
  csv.forEach((cells, i) => {
    const [name, shown = ""] = onPage[i] ?? [];
    expect(cells[1]).toBe(name);
    if (cells[4] === "fewer_than_11") expect(shown).toBe("fewer than 11");
    else if (cells[4] === "withheld") expect(shown).toBe("withheld");
    else expect(shown.replace(/,/g, "")).toBe(cells[3]);
  });
  const json = (await (await request.get("/api/public/v1/datasets/construction-sites-by-district.json")).json()) as {
    licence: { id: string };
    columns: unknown[];
    asOf: string;
  };
  expect(json.licence.id).toBe("CC-BY-4.0");
  expect(json.columns.length).toBeGreaterThan(0);
  expect(json.asOf).toMatch(/Z$/);
});

test("public API answers with no asset ids and caches with revalidation", async ({ request }) => {
  const res = await request.get("/api/public/v1/snapshot");
  expect(res.headers()["cache-control"]).toContain("stale-while-revalidate");
  const text = await res.text();
  expect(text).not.toContain("urn:ngsi-ld");
  const again = await request.get("/api/public/v1/snapshot", { headers: { "If-None-Match": res.headers()["etag"] ?? "" } });
  expect(again.status()).toBe(304);
  expect((await request.get("/api/public/v1/datasets/nope.csv")).status()).toBe(404);
});

test("with JavaScript a chart draws once scrolled into view, and ECharts is not loaded before", async ({ page }) => {
  const scripts: string[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() === "script") scripts.push(r.url());
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/public/en/transport");
  const block = page.locator("[data-testid^='public-hourly-']").first();
  await expect(block.locator("canvas")).toHaveCount(0);
  const before = scripts.length;
  await block.scrollIntoViewIfNeeded();
  await expect(block.locator("canvas").first()).toBeVisible();
  // Scrolling fetched the chart code: it was not part of the first load.
  expect(scripts.length).toBeGreaterThan(before);
});

test("a daily archive downloaded from the dataset page for past days matches the twin API", async ({ page }) => {
  // The e2e twin's clock starts on 15 July 10:00 (UTC+8): 13 and 14 July are whole past days.
  await page.goto("/public/en/data/energy-load-hourly");
  // The dataset page meets the same accessibility bar as the other public pages.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // Energy's simulation follows no published figure: no provenance section.
  await expect(page.getByTestId("public-provenance")).toHaveCount(0);
  const archive = page.getByTestId("public-archive");
  await archive.getByLabel("From").fill("2026-07-13");
  await archive.getByLabel("To").fill("2026-07-14");
  const [download] = await Promise.all([page.waitForEvent("download"), archive.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.url()).toContain("/api/public/v1/archive/energy-load-hourly.csv?from=2026-07-13&to=2026-07-14");
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = bytes.subarray(3).toString("utf8").trim().split("\r\n");
  expect(header).toBe("date,hour_start,hour_start_local,value");
  expect(rows).toHaveLength(48);

  const api = (await (
    await page.request.get("/api/twin/v1/series?metric=energy.load&from=2026-07-12T16:00:00Z&to=2026-07-14T16:00:00Z&step=PT1H&agg=avg")
  ).json()) as { series: { t: string[]; values: { avg: (number | null)[] } }[] };
  const s = api.series[0]!;
  expect(rows.map((r) => r.split(",")[1])).toEqual(s.t);
  expect(rows.map((r) => r.split(",")[3])).toEqual(s.values.avg.map((v) => (v === null ? "" : String(Math.round(v * 100) / 100))));
  expect(rows[0]).toMatch(/^2026-07-13,2026-07-12T16:00:00.000Z,2026-07-13 00:00:00\+08:00,\d/);

  // A district table's archive from its own page: one row per day and district, each the mean of the API's hourly means.
  await page.goto("/public/en/data/energy-load-by-district");
  const districtArchive = page.getByTestId("public-archive");
  await districtArchive.getByLabel("From").fill("2026-07-13");
  await districtArchive.getByLabel("To").fill("2026-07-14");
  const [byDistrict] = await Promise.all([page.waitForEvent("download"), districtArchive.getByRole("button", { name: "Download CSV" }).click()]);
  expect(byDistrict.url()).toContain("/api/public/v1/archive/energy-load-by-district.csv?from=2026-07-13&to=2026-07-14");
  const [districtHeader, ...districtRows] = (await readFile((await byDistrict.path())!)).subarray(3).toString("utf8").trim().split("\r\n");
  expect(districtHeader).toBe("date,day_start,day_start_local,district,district_en,district_zh,value,flag");
  expect(districtRows).toHaveLength(20);
  expect(districtRows[0]).toMatch(/^2026-07-13,2026-07-12T16:00:00.000Z,2026-07-13 00:00:00\+08:00,/);
  const published = districtRows.map((r) => r.split(",")).filter((c) => c[7] === "");
  expect(published.length).toBeGreaterThan(10);
  for (const [date, dayStart, , district, , , value] of published) {
    const to = new Date(Date.parse(dayStart!) + 86_400_000).toISOString();
    const res = await page.request.get(`/api/twin/v1/series?metric=energy.load&district=${district}&from=${dayStart}&to=${to}&step=PT1H&agg=avg`);
    const hours = ((await res.json()) as { series: { values: { avg: (number | null)[] } }[] }).series[0]!.values.avg.filter((v): v is number => v !== null);
    expect(value, `${district} ${date}`).toBe(String(Math.round(hours.reduce((a, v) => a + v, 0) / hours.length)));
  }
});
