/**
 * Notifications as an admin sets them up: a signed webhook channel made on the admin screen, a
 * test notification sent from it, received by a real HTTP receiver in this test (signature
 * checked the way docs/notifications.md tells receivers to), and seen as delivered on the screen
 * and in the audit trail. One page load for the whole story.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { TEST_IDS } from "@/lib/test-ids";

test("an admin creates a webhook channel and sees a signed test notification delivered", async ({ page }) => {
  const secret = `e2e-${Date.now().toString(36)}-webhook-secret`;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await page.goto("/admin");
    const section = page.getByTestId(TEST_IDS.adminNotifications);
    const form = section.getByTestId(TEST_IDS.adminNotifyChannelForm);
    await form.getByLabel("Kind").selectOption("webhook");
    await form.getByLabel("Name").fill("e2e duty desk");
    await form.getByLabel("Webhook URL").fill(`${origin}/twinops`);
    await form.getByLabel(/^Secret/).fill(secret);
    await form.getByRole("button", { name: "Create channel" }).click();
    const message = section.getByTestId(TEST_IDS.adminNotifyMessage);
    await expect(message).toHaveText("Channel e2e duty desk created.");

    const row = section.getByTestId(TEST_IDS.adminNotifyChannels).getByRole("row", { name: /e2e duty desk/ });
    // The secret is never shown back: the row says only that the channel signs.
    await expect(row).toContainText(`${origin}/twinops`);
    await expect(row.getByRole("cell", { name: "yes", exact: true })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(secret);
    await row.getByRole("button", { name: "Send test" }).click();
    await expect(message).toHaveText(/^Test notification queued \(delivery \d+\)\.$/);
    const id = /delivery (\d+)/.exec((await message.textContent()) ?? "")![1]!;

    // The screen refreshes itself while the delivery is on its way.
    const delivery = section.getByTestId(TEST_IDS.adminNotifyDeliveries).locator(`tr[data-delivery="${id}"]`);
    await expect(delivery).toHaveAttribute("data-status", "delivered", { timeout: 15_000 });
    await expect(delivery).toContainText("e2e duty desk");
    await expect(delivery).toContainText("test");

    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    const ts = String(headers["x-twinops-timestamp"]);
    const want = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`);
    const got = Buffer.from(String(headers["x-twinops-signature"]));
    expect(got.length === want.length && timingSafeEqual(got, want)).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(300);
    expect(headers["x-twinops-delivery"]).toBe(id);
    expect(JSON.parse(body)).toMatchObject({ kind: "test", title: "TwinOps test notification", delivery: Number(id) });

    await page.reload();
    await expect(page.getByTestId("admin-audit").getByRole("row").filter({ hasText: "notify.delivered" }).first()).toContainText("(notifier)");
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
