/**
 * Notifications end to end, short of the browser: an alarm event is routed and queued in the
 * operations store (SQLite and PostgreSQL), and the dispatcher sends it to real local far ends —
 * an HTTP receiver (node:http) that verifies our HMAC signature and each robot's format and
 * signing independently of our code, and an SMTP sink (smtp-server) that receives the e-mail.
 * Retries with backoff, permanent failure, escalation of an unacknowledged critical alarm (on a
 * clock the test moves) and two senders sharing one outbox are checked on both backends.
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgOpsStore } from "@/lib/ops/pg-store";
import type { OperationsStore } from "@/lib/ops/port";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import type { Alert } from "@/lib/twin/types";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { startHttpReceiver, startSmtpSink, type HttpReceiver, type SmtpSink } from "@/test/receivers";
import { Dispatcher } from "./dispatcher";
import { enqueueForAlert, enqueueTest, type EnqueueContext } from "./enqueue";
import { alarmFixture } from "./testing";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from "./formats";
import type { NotificationStore } from "./port";
import type { CreateRule } from "./schemas";
import { closeTransports, sendNotification, type SmtpConfig } from "./send";

const ADMIN = { actor: "admin", role: "admin" };
/** 2026-07-15 10:00 in Shenzhen. */
const T0 = Date.parse("2026-07-15T02:00:00Z");
const SECRET = "whsec_test_0123456789";

const alarm = alarmFixture;

/** The twin as the notifier reads it: names of the city, the asset and the district. */
const twin: EnqueueContext["twin"] = {
  info: async () => ({ backend: "embedded", simulated: true, city: "shenzhen", cityName: { en: "Shenzhen", zh: "深圳" }, timezone: "Asia/Shanghai" }),
  getAsset: async (id) => ({ asset: { id, name: { en: "Feeder 12", zh: "12号馈线" } } as never, datastreams: [], latest: [] }),
  districts: async () => [{ id: "futian", name: { en: "Futian", zh: "福田区" }, areaKm2: 78, population: 1_500_000 }],
};

interface Backend {
  name: string;
  /** A fresh store, and `another()` opening a second one on the same storage (another instance). */
  open(): Promise<{ store: OperationsStore; another(): Promise<OperationsStore>; close(): Promise<void> }>;
}

const sqlite: Backend = {
  name: "SQLite",
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-notify-"));
    const file = path.join(dir, "ops.db");
    const stores = [new SqliteOpsStore(file)];
    return {
      store: stores[0]!,
      another: async () => {
        const s = new SqliteOpsStore(file);
        stores.push(s);
        return s;
      },
      close: async () => {
        for (const s of stores) await s.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const pgUrl = testPgUrl();
const postgres: Backend = {
  name: "PostgreSQL",
  async open() {
    const schema = freshSchemaName("notify_ops");
    const stores = [await PgOpsStore.open(pgUrl!, { schema, max: 3 })];
    return {
      store: stores[0]!,
      another: async () => {
        const s = await PgOpsStore.open(pgUrl!, { schema, max: 3 });
        stores.push(s);
        return s;
      },
      close: async () => {
        for (const s of stores) await s.close();
        await dropSchema(pgUrl!, schema);
      },
    };
  },
};

let receiver: HttpReceiver;
let sink: SmtpSink;
beforeAll(async () => {
  [receiver, sink] = await Promise.all([startHttpReceiver(), startSmtpSink()]);
});
afterAll(async () => {
  closeTransports();
  await Promise.all([receiver?.close(), sink?.close()]);
});

/** A dispatcher on `store` with the real sender and a clock the test moves. */
function dispatcherFor(store: NotificationStore, clock: { now: number }, alarmState: (id: string) => Alert["state"] | null = () => "open", smtp: SmtpConfig | null = null) {
  return new Dispatcher({
    store,
    send: (channel, payload, id, now) => sendNotification(channel, payload, id, { smtp, timeoutMs: 5_000 }, now),
    alarm: async (id) => {
      const state = alarmState(id);
      return state ? { state } : null;
    },
    now: () => clock.now,
    random: () => 0.5,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  });
}

const rule = (channels: string[], over: Partial<CreateRule> = {}): CreateRule => ({
  name: "energy critical",
  domains: ["energy"],
  severities: ["critical"],
  alertRules: [],
  districts: [],
  channels,
  escalateAfterMinutes: null,
  escalationChannels: [],
  ...over,
});

const auditRows = async (store: OperationsStore) => {
  // The audit trail admins see is the operations store's audit table.
  if (store instanceof SqliteOpsStore) return store.db.prepare<[], { action: string; actor: string; target: string; after: string }>("SELECT action, actor, target, after FROM audit WHERE action LIKE 'notify.%' ORDER BY seq").all();
  return [];
};

describe("to real far ends (SQLite store)", () => {
  let opened: Awaited<ReturnType<Backend["open"]>>;
  let store: NotificationStore;
  beforeAll(async () => {
    opened = await sqlite.open();
    store = opened.store.notifications;
  });
  afterAll(() => opened?.close());

  it("signs a webhook so a receiver can verify it, and audits the delivery", async () => {
    receiver.requests.length = 0;
    const ch = await store.createChannel({ kind: "webhook", name: "duty desk", locale: "en", url: `${receiver.origin}/hooks/twinops`, secret: SECRET }, ADMIN, T0);
    const r = await store.createRule(rule([ch.id]), ADMIN, T0);
    const clock = { now: T0 };
    const ctx = { store, twin, baseUrl: "https://twin.city.example", now: () => clock.now };
    expect(await enqueueForAlert(alarm(), ctx)).toBe(1);
    expect(await dispatcherFor(store, clock).runOnce()).toBe(1);

    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.url.pathname).toBe("/hooks/twinops");
    const ts = String(req.headers[TIMESTAMP_HEADER.toLowerCase()]);
    const sig = String(req.headers[SIGNATURE_HEADER.toLowerCase()]);
    // Verified as a receiver would, by hand: sha256=hex(HMAC(secret, "<timestamp>.<raw body>")).
    expect(sig).toBe(`sha256=${createHmac("sha256", SECRET).update(`${ts}.${req.body}`).digest("hex")}`);
    expect(verifyWebhookSignature(SECRET, ts, req.body, sig, clock.now)).toEqual({ ok: true });
    // A replay ten minutes later, or a body changed on the way, is refused.
    expect(verifyWebhookSignature(SECRET, ts, req.body, sig, clock.now + 600_000)).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhookSignature(SECRET, ts, req.body.replace("103.4", "13.4"), sig, clock.now)).toEqual({ ok: false, reason: "mismatch" });

    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ version: 1, kind: "raised", locale: "en", title: "[Critical] New alarm: Feeder 12 loading 103.4 % above 100 % of rating" });
    expect(body.link).toBe("https://twin.city.example/assets/urn%3Angsi-ld%3AFeeder%3Ashenzhen%3AF012?alert=urn%3Angsi-ld%3AAlert%3Ashenzhen%3AfeederOverload-12-1784080800");
    const text = String(body.text);
    for (const part of ["Severity: Critical", "Asset: Feeder 12 (urn:ngsi-ld:Feeder:shenzhen:F012)", "District: Futian", "Value: 103.4 %", "Since: 2026-07-15 09:55:00 +08:00"]) expect(text).toContain(part);
    expect(req.headers[DELIVERY_HEADER.toLowerCase()]).toBe(String(body.delivery));

    const [d] = await store.listDeliveries({ limit: 1 });
    expect(d).toMatchObject({ status: "delivered", attempts: 1, channelId: ch.id, ruleId: r.id, kind: "raised" });
    const audit = await auditRows(opened.store);
    expect(audit.map((a) => a.action)).toEqual(["notify.channel.create", "notify.rule.create", "notify.delivered"]);
    expect(audit[2]).toMatchObject({ actor: "(notifier)", target: alarm().id });
    expect(JSON.parse(audit[2]!.after)).toMatchObject({ channel: ch.id, channelName: "duty desk", attempt: 1, result: "HTTP 200" });
    // The secret is in no audit record.
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    await store.deleteRule(r.id, ADMIN, T0);
  });

  it("sends WeCom, DingTalk and Feishu robot messages in Chinese, in each robot's format and signing", async () => {
    receiver.requests.length = 0;
    const dingSecret = "SECdingtalk0123456789abcdef";
    const feishuSecret = "feishu-secret-0123456789";
    const wecom = await store.createChannel({ kind: "wecom", name: "企业微信值班群", locale: "zh", url: `${receiver.origin}/cgi-bin/webhook/send?key=wk-1` }, ADMIN, T0);
    const ding = await store.createChannel({ kind: "dingtalk", name: "钉钉值班群", locale: "zh", url: `${receiver.origin}/robot/send?access_token=dt-1`, secret: dingSecret }, ADMIN, T0);
    const feishu = await store.createChannel({ kind: "feishu", name: "飞书值班群", locale: "zh", url: `${receiver.origin}/open-apis/bot/v2/hook/fs-1`, secret: feishuSecret }, ADMIN, T0);
    const r = await store.createRule(rule([wecom.id, ding.id, feishu.id]), ADMIN, T0);
    const clock = { now: T0 + 1000 };
    const a = alarm({ id: `${alarm().id}-robots` });
    expect(await enqueueForAlert(a, { store, twin, baseUrl: "https://twin.city.example", now: () => clock.now })).toBe(3);
    expect(await dispatcherFor(store, clock).runOnce()).toBe(3);
    const by = (p: string) => receiver.requests.find((q) => q.url.pathname.startsWith(p))!;

    const w = by("/cgi-bin/webhook/send");
    expect(w.url.searchParams.get("key")).toBe("wk-1");
    const wb = JSON.parse(w.body) as { msgtype: string; markdown: { content: string } };
    expect(wb.msgtype).toBe("markdown");
    for (const part of ["【紧急】新告警", "**辖区**：福田区", "**数值**：103.4 %", "2026-07-15 09:55:00 +08:00", "(https://twin.city.example/assets/"]) expect(wb.markdown.content).toContain(part);

    const d = by("/robot/send");
    const ts = d.url.searchParams.get("timestamp")!;
    expect(Number(ts)).toBe(clock.now);
    // DingTalk: sign = base64(HMAC-SHA256(key = secret, "timestamp\nsecret")), sent URL-encoded.
    expect(d.url.searchParams.get("sign")).toBe(createHmac("sha256", dingSecret).update(`${ts}\n${dingSecret}`).digest("base64"));
    expect(d.url.search).toMatch(/sign=[A-Za-z0-9%]+(&|$)/);
    expect(d.url.searchParams.get("access_token")).toBe("dt-1");
    const db = JSON.parse(d.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(db.msgtype).toBe("markdown");
    expect(db.markdown.title).toContain("【紧急】新告警");
    expect(db.markdown.text).toContain("12号馈线");

    const f = by("/open-apis/bot/v2/hook/fs-1");
    const fb = JSON.parse(f.body) as { timestamp: string; sign: string; msg_type: string; content: { text: string } };
    expect(Number(fb.timestamp)).toBe(Math.floor(clock.now / 1000));
    // Feishu: sign = base64(HMAC-SHA256(key = "timestamp\nsecret", empty message)).
    expect(fb.sign).toBe(createHmac("sha256", `${fb.timestamp}\n${feishuSecret}`).update("").digest("base64"));
    expect(fb.msg_type).toBe("text");
    expect(fb.content.text).toContain("级别：紧急");
    expect(fb.content.text).toContain("在 TwinOps 中查看：https://twin.city.example/assets/");

    expect((await store.listDeliveries({ status: "delivered", limit: 10 })).filter((x) => x.alertId === a.id)).toHaveLength(3);
    await store.deleteRule(r.id, ADMIN, T0);
  });

  it("e-mails over SMTP: the message reaches a local SMTP sink", async () => {
    const ch = await store.createChannel({ kind: "email", name: "duty mail", locale: "en", to: ["duty@city.example", "lead@city.example"] }, ADMIN, T0);
    const clock = { now: T0 };
    const id = await enqueueTest(store, ch.id, ADMIN, T0);
    const mailbox = rule([ch.id]);
    const r = await store.createRule(mailbox, ADMIN, T0);
    const a = alarm({ id: `${alarm().id}-mail` });
    await enqueueForAlert(a, { store, twin, baseUrl: "https://twin.city.example", now: () => clock.now });
    expect(await dispatcherFor(store, clock, () => "open", { url: sink.url, from: "TwinOps <twinops@city.example>" }).runOnce()).toBe(2);
    expect(sink.messages).toHaveLength(2);
    const [test, mail] = sink.messages;
    expect(test!.raw).toContain("Subject: TwinOps test notification");
    // (nodemailer spells the header X-Twinops-Delivery; header names are case-insensitive.)
    expect(test!.raw).toMatch(new RegExp(`^X-TwinOps-Delivery: ${id}\\r?$`, "im"));
    expect(mail!.from).toBe("twinops@city.example");
    expect(mail!.to).toEqual(["duty@city.example", "lead@city.example"]);
    // Long header lines are folded (RFC 5322 2.2.3): unfold before reading the subject.
    expect(mail!.raw.replace(/\r?\n[ \t]+/g, " ")).toContain("Subject: [Critical] New alarm: Feeder 12 loading 103.4 % above 100 % of rating");
    // Quoted-printable may fold long lines; unfold before reading the body.
    const body = mail!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(body).toContain("District: Futian");
    expect(body).toContain("Since: 2026-07-15 09:55:00 +08:00");
    expect(body).toContain("Open in TwinOps: https://twin.city.example/assets/");
    await store.deleteRule(r.id, ADMIN, T0);
  });

  it("an e-mail channel without an SMTP server fails with that reason, for admins to see", async () => {
    const ch = await store.createChannel({ kind: "email", name: "no smtp", locale: "zh", to: ["duty@city.example"] }, ADMIN, T0);
    const clock = { now: T0 };
    await enqueueTest(store, ch.id, ADMIN, T0);
    const d = dispatcherFor(store, clock);
    for (let i = 0; i < 3; i++) {
      await d.runOnce();
      clock.now += 60_000;
    }
    const [failed] = await store.listDeliveries({ status: "failed", limit: 1 });
    expect(failed).toMatchObject({ channelId: ch.id, attempts: 3, lastError: "no SMTP server configured (TWINOPS_SMTP_URL)" });
  });
});

describe.each([sqlite, ...(pgUrl ? [postgres] : [])])("outbox on $name", (backend) => {
  let opened: Awaited<ReturnType<Backend["open"]>>;
  let store: NotificationStore;
  beforeAll(async () => {
    opened = await backend.open();
    store = opened.store.notifications;
  });
  afterAll(() => opened?.close());

  it("retries with exponential backoff (and jitter) until the receiver answers, then stops", async () => {
    let failures = 2;
    receiver.requests.length = 0;
    receiver.respond = () => (failures-- > 0 ? { status: 500, body: "busy" } : { status: 204 });
    const ch = await store.createChannel({ kind: "webhook", name: "flaky", locale: "en", url: `${receiver.origin}/flaky`, secret: SECRET }, ADMIN, T0);
    const clock = { now: T0 };
    const id = await enqueueTest(store, ch.id, ADMIN, T0);
    const d = dispatcherFor(store, clock);
    expect(await d.runOnce()).toBe(1);
    // Attempt 1 failed: next in base/2 + jitter/2 of base = 750 ms (random 0.5).
    let [row] = await store.listDeliveries({ limit: 1 });
    expect(row).toMatchObject({ id, status: "pending", attempts: 1, nextAt: T0 + 750, lastError: "HTTP 500" });
    clock.now = T0 + 749;
    expect(await d.runOnce()).toBe(0);
    clock.now = T0 + 750;
    expect(await d.runOnce()).toBe(1);
    [row] = await store.listDeliveries({ limit: 1 });
    // Attempt 2 failed: the delay doubles (2000 ms: 1000 + 500).
    expect(row).toMatchObject({ status: "pending", attempts: 2, nextAt: T0 + 750 + 1500 });
    clock.now = row!.nextAt;
    expect(await d.runOnce()).toBe(1);
    [row] = await store.listDeliveries({ limit: 1 });
    expect(row).toMatchObject({ status: "delivered", attempts: 3, lastError: null });
    expect(receiver.requests.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()])).toEqual([String(id), String(id), String(id)]);
    clock.now += 3_600_000;
    expect(await d.runOnce()).toBe(0);
    receiver.respond = () => ({ status: 200, body: '{"errcode":0,"code":0}' });
  });

  it("gives up after the maximum attempts: the failure stays listed, and an admin can queue it again", async () => {
    receiver.respond = () => ({ status: 503 });
    const ch = await store.createChannel({ kind: "webhook", name: "down", locale: "en", url: `${receiver.origin}/down`, secret: SECRET }, ADMIN, T0);
    const clock = { now: T0 };
    const id = (await enqueueTest(store, ch.id, ADMIN, T0))!;
    const d = dispatcherFor(store, clock);
    for (let i = 0; i < 5; i++) {
      await d.runOnce();
      clock.now += 20_000;
    }
    const failed = await store.listDeliveries({ status: "failed", limit: 10 });
    expect(failed.find((x) => x.id === id)).toMatchObject({ attempts: 3, lastError: "HTTP 503" });
    receiver.respond = () => ({ status: 200, body: "{}" });
    expect(await store.retryDelivery(id, ADMIN, clock.now)).toBe(true);
    expect(await store.retryDelivery(id, ADMIN, clock.now)).toBe(false);
    await d.runOnce();
    expect((await store.listDeliveries({ limit: 20 })).find((x) => x.id === id)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("escalates a critical alarm nobody acknowledged within N minutes, once; an acknowledged one is not escalated", async () => {
    receiver.requests.length = 0;
    const duty = await store.createChannel({ kind: "webhook", name: "duty", locale: "en", url: `${receiver.origin}/duty`, secret: SECRET }, ADMIN, T0);
    const boss = await store.createChannel({ kind: "webhook", name: "duty manager", locale: "zh", url: `${receiver.origin}/manager`, secret: SECRET }, ADMIN, T0);
    const r = await store.createRule(rule([duty.id], { escalateAfterMinutes: 10, escalationChannels: [boss.id] }), ADMIN, T0);
    const clock = { now: T0 };
    const ctx = { store, twin, baseUrl: "https://twin.city.example", now: () => clock.now };
    const ignored = alarm({ id: `${alarm().id}-ignored-${backend.name}` });
    const handled = alarm({ id: `${alarm().id}-handled-${backend.name}` });
    const states = new Map<string, Alert["state"]>([
      [ignored.id, "open"],
      [handled.id, "open"],
    ]);
    expect(await enqueueForAlert(ignored, ctx)).toBe(2);
    expect(await enqueueForAlert(handled, ctx)).toBe(2);
    // Every instance hears the event: queuing it again adds nothing.
    expect(await enqueueForAlert(ignored, ctx)).toBe(0);
    const d = dispatcherFor(store, clock, (id) => states.get(id) ?? null);
    expect(await d.runOnce()).toBe(2);
    expect(receiver.requests.map((q) => q.url.pathname)).toEqual(["/duty", "/duty"]);
    clock.now = T0 + 9 * 60_000 + 59_000;
    expect(await d.runOnce()).toBe(0);
    states.set(handled.id, "acknowledged");
    clock.now = T0 + 10 * 60_000;
    expect(await d.runOnce()).toBe(2);
    const toManager = receiver.requests.filter((q) => q.url.pathname === "/manager");
    expect(toManager).toHaveLength(1);
    const body = JSON.parse(toManager[0]!.body) as { kind: string; title: string; alarm: { id: string } };
    expect(body).toMatchObject({ kind: "unacknowledged", alarm: { id: ignored.id } });
    expect(body.title).toBe("【紧急】告警已 10 分钟未确认：12号馈线 负载率 103.4 %，超过额定值的 100%");
    const rows = (await store.listDeliveries({ limit: 50 })).filter((x) => x.kind === "unacknowledged");
    expect(rows.map((x) => [x.alertId, x.status]).sort()).toEqual([
      [handled.id, "cancelled"],
      [ignored.id, "delivered"],
    ]);
    clock.now += 3_600_000;
    expect(await d.runOnce()).toBe(0);
    await store.deleteRule(r.id, ADMIN, T0);
  });

  it("an alarm escalated from major to critical is notified again, as an escalation", async () => {
    const ch = await store.createChannel({ kind: "webhook", name: "all energy", locale: "en", url: `${receiver.origin}/all`, secret: SECRET }, ADMIN, T0);
    const r = await store.createRule(rule([ch.id], { severities: [] }), ADMIN, T0);
    const ctx = { store, twin, baseUrl: "https://twin.city.example", now: () => T0 };
    const a = alarm({ id: `${alarm().id}-rising-${backend.name}`, severity: "major" });
    expect(await enqueueForAlert(a, ctx)).toBe(1);
    expect(await enqueueForAlert({ ...a, state: "acknowledged" }, ctx)).toBe(0);
    expect(await enqueueForAlert({ ...a, severity: "critical" }, ctx)).toBe(1);
    const kinds = (await store.listDeliveries({ limit: 50 })).filter((x) => x.alertId === a.id).map((x) => x.kind);
    expect(kinds.sort()).toEqual(["escalated", "raised"]);
    await store.deleteRule(r.id, ADMIN, T0);
  });

  it("two senders on one outbox deliver each notification exactly once", async () => {
    receiver.requests.length = 0;
    receiver.respond = () => ({ status: 200, body: "{}" });
    const ch = await store.createChannel({ kind: "webhook", name: "busy", locale: "en", url: `${receiver.origin}/busy`, secret: SECRET }, ADMIN, T0);
    const clock = { now: T0 };
    // What earlier tests left queued goes first, so only this test's rows remain.
    await dispatcherFor(store, clock).runOnce();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await enqueueTest(store, ch.id, ADMIN, T0))!);
    const other = await opened.another();
    const senders = [dispatcherFor(store, clock), dispatcherFor(other.notifications, clock)];
    let settled = 0;
    for (let round = 0; round < 5 && settled < ids.length; round++) settled += (await Promise.all(senders.map((s) => s.runOnce()))).reduce((x, y) => x + y, 0);
    expect(settled).toBe(ids.length);
    const seen = receiver.requests.filter((q) => q.url.pathname === "/busy").map((q) => Number(q.headers[DELIVERY_HEADER.toLowerCase()]));
    expect(seen.sort((x, y) => x - y)).toEqual(ids);
    const rows = (await store.listDeliveries({ limit: 100 })).filter((x) => ids.includes(x.id));
    expect(rows.every((x) => x.status === "delivered" && x.attempts === 1)).toBe(true);
  });
});
