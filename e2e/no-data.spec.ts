/**
 * TWINOPS_SIMULATOR=off on an empty database: a twin fed only by real feeds, none of which has
 * sent anything yet. Every kind of page says "no data yet" (en and zh) instead of showing zeros,
 * and the first feed row ends the empty state. One server of its own, one browser context.
 */
import { expect, test } from "@playwright/test";
import { TEST_IDS } from "../lib/test-ids";
import { exited, removeDatabase, signal, signIn, startOwnServer, waitUp, type OwnServer } from "./own-server";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 50;
const DB = `data/e2e-nodata-${PORT}.db`;
const PASSWORD = `nodata-test-${Date.now().toString(36)}-password`;

test("a twin with no data yet says so on every page, in English and Chinese", async ({ browser }) => {
  test.setTimeout(180_000);
  removeDatabase(DB);
  let server: OwnServer | null = startOwnServer(PORT, DB, PASSWORD, { TWINOPS_SIMULATOR: "off", TWINOPS_CITY: "demo-harbour" });
  try {
    await test.step("start", () => waitUp(server!));
    const s = await signIn(server);
    const context = await browser.newContext({ baseURL: server.base });
    const eq = s.cookie.indexOf("=");
    await context.addCookies([{ name: s.cookie.slice(0, eq), value: s.cookie.slice(eq + 1), url: server.base }]);
    const page = await context.newPage();
    const notice = page.getByTestId(TEST_IDS.noData);
    for (const [path, text] of [
      ["/", "No data yet"],
      ["/?lang=zh", "暂无数据"],
      ["/health?lang=zh", "暂无数据"],
      ["/wall/city", "No data yet"],
    ] as const) {
      await test.step(path, async () => {
        await page.goto(path);
        await expect(notice, path).toContainText(text);
      });
    }

    // Public pages are regenerated in the background (ISR) into the build's own directory, which
    // every server of this run shares: rendering them from this empty twin would hand the main
    // server's public tests an empty page. Their shell shows the notice from the snapshot's
    // `empty` (public-shell.tsx), which the public API serves uncached.
    const snap = (await (await fetch(`${server.base}/api/public/v1/snapshot`)).json()) as { empty: boolean };
    expect(snap.empty).toBe(true);

    // The first feed row: the twin is no longer empty.
    const issued = await fetch(`${server.base}/api/admin/tokens`, {
      method: "POST",
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ kind: "feed", name: "first feed", domains: ["health"] }),
    });
    const { token } = (await issued.json()) as { token: string };
    const hospital = (await (await fetch(`${server.base}/api/twin/v1/assets?type=Building&limit=1`, { headers: { cookie: s.cookie } })).json()) as {
      features: { id: string }[];
    };
    const fed = await fetch(`${server.base}/api/twin/v1/ingest/observations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ observations: [{ datastreamId: `${hospital.features[0]!.id}:bedsOccupied`, t: "2026-07-15T10:00:01+08:00", v: 120 }] }),
    });
    expect(await fed.json()).toMatchObject({ accepted: 1, rejected: [] });
    // Pages read the same landing document (the public snapshot follows at its next 5-minute slot).
    const landing = (await (await fetch(`${server.base}/api/twin/v1`)).json()) as { empty: boolean; simulated: boolean };
    expect(landing).toMatchObject({ empty: false, simulated: false });
    await context.close();
  } finally {
    if (server) {
      signal(server, "SIGTERM");
      await exited(server);
      server = null;
    }
    removeDatabase(DB);
  }
});
