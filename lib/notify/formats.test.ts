import { describe, expect, it } from "vitest";
import { buildRequest, dingtalkSign, feishuSign, robotAccepted, truncateUtf8, verifyWebhookSignature, webhookSignature } from "./formats";
import type { NotifyPayload, RenderedMessage } from "./message";

const m: RenderedMessage = { title: "T", fields: [["Value", "1 %"]], link: "https://twin.example/a" };
const payload: NotifyPayload = { kind: "test", alarm: null, queuedAt: "2026-07-15T02:00:00.000Z" };

describe("webhook signature", () => {
  const now = 1_784_080_800_000;
  const ts = String(now / 1000);
  const sig = webhookSignature("s3cret-key", ts, "{}");
  it("verifies a good one and refuses malformed, stale, future and altered ones", () => {
    expect(verifyWebhookSignature("s3cret-key", ts, "{}", sig, now)).toEqual({ ok: true });
    expect(verifyWebhookSignature("s3cret-key", ts, "{}", sig, now + 299_000)).toEqual({ ok: true });
    expect(verifyWebhookSignature("s3cret-key", ts, "{}", sig, now + 301_000)).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhookSignature("s3cret-key", ts, "{}", sig, now - 301_000)).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhookSignature("other-key", ts, "{}", sig, now)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature("s3cret-key", ts, "{ }", sig, now)).toEqual({ ok: false, reason: "mismatch" });
    for (const [t, s] of [[null, sig], [ts, null], ["12a", sig], [ts, sig.replace("sha256=", "sha1=")], [ts, "sha256=abc"]] as const)
      expect(verifyWebhookSignature("s3cret-key", t, "{}", s, now)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("robot signing (the vendors' published algorithms)", () => {
  it("DingTalk: base64 HMAC-SHA256 keyed by the secret over 'timestamp\\nsecret', URL-encoded in the query", () => {
    expect(dingtalkSign("SECabc", "1700000000000")).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const r = buildRequest({ kind: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=t", secret: "SECabc", locale: "en" }, m, payload, 1, 1_700_000_000_000);
    const url = new URL(r.url);
    expect(url.searchParams.get("timestamp")).toBe("1700000000000");
    expect(url.searchParams.get("sign")).toBe(dingtalkSign("SECabc", "1700000000000"));
    expect(r.url).not.toMatch(/sign=[^&]*[+/=]/);
  });
  it("Feishu: base64 HMAC-SHA256 keyed by 'timestamp\\nsecret' over nothing, in the body with a timestamp in seconds", () => {
    const r = buildRequest({ kind: "feishu", url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret: "fs", locale: "en" }, m, payload, 1, 1_700_000_000_999);
    expect(JSON.parse(r.body)).toMatchObject({ timestamp: "1700000000", sign: feishuSign("fs", "1700000000"), msg_type: "text" });
  });
  it("unsigned robots send no signature fields", () => {
    const f = buildRequest({ kind: "feishu", url: "https://open.feishu.cn/x", secret: null, locale: "en" }, m, payload, 1, 0);
    expect(Object.keys(JSON.parse(f.body) as object)).toEqual(["msg_type", "content"]);
    const d = buildRequest({ kind: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=t", secret: null, locale: "en" }, m, payload, 1, 0);
    expect(d.url).toBe("https://oapi.dingtalk.com/robot/send?access_token=t");
  });
});

describe("robot answers", () => {
  it("counts HTTP 200 with a non-zero code as a failure", () => {
    expect(robotAccepted("wecom", 200, '{"errcode":0,"errmsg":"ok"}').ok).toBe(true);
    expect(robotAccepted("wecom", 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({ ok: false, detail: "HTTP 200, code 93000: invalid webhook url" });
    expect(robotAccepted("dingtalk", 200, '{"errcode":310000,"errmsg":"sign not match"}').ok).toBe(false);
    expect(robotAccepted("feishu", 200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}').ok).toBe(false);
    expect(robotAccepted("feishu", 200, '{"code":0,"msg":"success"}').ok).toBe(true);
    expect(robotAccepted("feishu", 200, "<html>").ok).toBe(false);
    expect(robotAccepted("webhook", 204, "").ok).toBe(true);
    expect(robotAccepted("webhook", 301, "").ok).toBe(false);
  });
});

describe("truncateUtf8", () => {
  it("keeps WeCom markdown under 4096 bytes without splitting a character", () => {
    const t = truncateUtf8("告警".repeat(2000), 4096);
    expect(Buffer.byteLength(t)).toBeLessThanOrEqual(4096);
    expect(t.endsWith("…")).toBe(true);
    expect(truncateUtf8("short", 4096)).toBe("short");
  });
});
