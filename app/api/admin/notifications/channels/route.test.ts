/**
 * The notifications admin API as a client sees it (admin session and CSRF checked against a real
 * SQLite operations store): bad channel and rule configurations answer 4xx in the problem
 * envelope and store nothing; secrets go in and never come back out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfToken } from "@/lib/auth/server";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { DELETE as deleteChannel } from "./[id]/route";
import { POST as testChannel } from "./[id]/test/route";
import { GET, POST } from "./route";
import { POST as postRule } from "../rules/route";
import { GET as getDeliveries } from "../deliveries/route";

const store = new SqliteOpsStore(":memory:");
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  setOpsStoreForTesting(store);
  for (const role of ["admin", "operator"] as const) {
    const user = await store.createUser({ username: `${role}.li`, role }, null);
    const sid = await store.createSession(user.id);
    headers[role] = {
      cookie: `twinops_session=${sid}.${await store.sign(sid)}`,
      "x-csrf-token": await csrfToken(sid, store),
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    };
  }
});
afterAll(async () => {
  setOpsStoreForTesting(undefined);
  await store.close();
});

const call = (handler: typeof POST, path: string, body?: unknown, role = "admin", params: Record<string, string> = {}) =>
  handler(new Request(`http://localhost${path}`, { method: body === undefined ? "GET" : "POST", headers: headers[role], body: body === undefined ? undefined : JSON.stringify(body) }), {
    params: Promise.resolve(params),
  });

const problem = async (res: Response) => {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as { status: number; code: string; errors?: { parameter: string; message: string }[] };
};

describe("POST /api/admin/notifications/channels", () => {
  it("refuses bad configurations with a 4xx problem naming the field, and stores nothing", async () => {
    const bad: [unknown, string][] = [
      [{ kind: "sms", name: "x", url: "https://a.example" }, "kind"],
      [{ kind: "webhook", name: "hook", url: "ftp://files.example/x", secret: "0123456789" }, "url"],
      [{ kind: "webhook", name: "hook", url: "https://a.example/h" }, "secret"],
      [{ kind: "webhook", name: "hook", url: "https://a.example/h", secret: "short" }, "secret"],
      [{ kind: "email", name: "mail", to: ["not-an-address"] }, "to.0"],
      [{ kind: "email", name: "mail", to: [] }, "to"],
      [{ kind: "dingtalk", name: "", url: "https://oapi.dingtalk.com/robot/send?access_token=x" }, "name"],
      [{ kind: "feishu", name: "f", url: "https://open.feishu.cn/x", locale: "fr" }, "locale"],
      [{ kind: "wecom", name: "w", url: "https://qyapi.weixin.qq.com/x", secret: "not-for-wecom" }, ""],
    ];
    for (const [body, field] of bad) {
      const res = await call(POST, "/api/admin/notifications/channels", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const p = await problem(res);
      expect(p.code).toBe("invalid_body");
      if (field) expect(p.errors?.map((e) => e.parameter), JSON.stringify(body)).toContain(field);
    }
    const notJson = await POST(new Request("http://localhost/api/admin/notifications/channels", { method: "POST", headers: headers.admin, body: "{" }), { params: Promise.resolve({}) });
    expect(notJson.status).toBe(400);
    expect((await store.notifications.listChannels()).length).toBe(0);
  });

  it("only admins may configure notifications", async () => {
    const res = await call(POST, "/api/admin/notifications/channels", { kind: "wecom", name: "w", url: "https://qyapi.weixin.qq.com/x" }, "operator");
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe("forbidden");
  });

  it("creates a channel without ever answering its secret; rules must name existing channels", async () => {
    const res = await call(POST, "/api/admin/notifications/channels", { kind: "webhook", name: "duty", url: "https://hooks.city.example/twinops", secret: "whsec_0123456789" });
    expect(res.status).toBe(200);
    const { channel } = (await res.json()) as { channel: { id: string; hasSecret: boolean } };
    expect(channel).toMatchObject({ kind: "webhook", name: "duty", locale: "en", hasSecret: true });
    const list = await (await call(GET, "/api/admin/notifications/channels")).text();
    expect(list).toContain(channel.id);
    expect(list).not.toContain("whsec_0123456789");

    const unknown = await call(postRule, "/api/admin/notifications/rules", { name: "r", channels: [channel.id, "000000000000"] });
    expect(unknown.status).toBe(422);
    expect(await problem(unknown)).toMatchObject({ code: "unknown_channel", errors: [{ parameter: "channels", message: "unknown channel 000000000000" }] });
    const halfEscalation = await call(postRule, "/api/admin/notifications/rules", { name: "r", channels: [channel.id], escalateAfterMinutes: 10 });
    expect(halfEscalation.status).toBe(400);
    expect((await problem(halfEscalation)).errors?.[0]?.parameter).toBe("escalationChannels");
    const ok = await call(postRule, "/api/admin/notifications/rules", { name: "critical energy", domains: ["energy"], severities: ["critical"], channels: [channel.id], escalateAfterMinutes: 10, escalationChannels: [channel.id] });
    expect(ok.status).toBe(200);

    // A channel a rule sends to is not deleted from under it.
    const del = await deleteChannel(new Request(`http://localhost/api/admin/notifications/channels/${channel.id}`, { method: "DELETE", headers: headers.admin }), { params: Promise.resolve({ id: channel.id }) });
    expect(del.status).toBe(409);
    expect((await problem(del)).code).toBe("channel_in_use");
    const badId = await call(testChannel, "/api/admin/notifications/channels/x/test", {}, "admin", { id: "../etc" });
    expect(badId.status).toBe(400);
    const missing = await call(testChannel, "/api/admin/notifications/channels/0/test", {}, "admin", { id: "000000000000" });
    expect(missing.status).toBe(404);

    const queued = await call(testChannel, `/api/admin/notifications/channels/${channel.id}/test`, {}, "admin", { id: channel.id });
    expect(queued.status).toBe(200);
    const { delivery } = (await queued.json()) as { delivery: number };
    const deliveries = (await (await call(getDeliveries, "/api/admin/notifications/deliveries?status=pending")).json()) as { deliveries: { id: number; kind: string }[] };
    expect(deliveries.deliveries).toEqual([expect.objectContaining({ id: delivery, kind: "test" })]);
    expect((await call(getDeliveries, "/api/admin/notifications/deliveries?status=lost")).status).toBe(400);
  });
});
