/**
 * The HTTP requests each webhook-style channel sends, built as data (URL, headers, body) so the
 * formats and signatures are unit-tested without a network; lib/notify/send.ts posts them.
 *
 * - **webhook** (ours): JSON body; `X-TwinOps-Timestamp: <unix seconds>` and
 *   `X-TwinOps-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, plus
 *   `X-TwinOps-Delivery: <id>` (the same on every retry: receivers drop duplicates by it).
 *   Verification and replay rejection: `verifyWebhookSignature` below, docs/notifications.md.
 * - **wecom** 企业微信群机器人: POST the robot's URL
 *   (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`) with
 *   `{"msgtype":"markdown","markdown":{"content":"…"}}` (content at most 4096 bytes, UTF-8); the
 *   answer is `{"errcode":0,"errmsg":"ok"}`. No signature: the key in the URL is the credential.
 *   https://developer.work.weixin.qq.com/document/path/91770
 * - **dingtalk** 钉钉自定义机器人: POST `https://oapi.dingtalk.com/robot/send?access_token=…` with
 *   `{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}`; answer `{"errcode":0,…}`. With
 *   加签 (signing) on: `timestamp` (ms) and `sign` query parameters, sign =
 *   urlEncode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))); the
 *   timestamp must be within an hour of DingTalk's clock.
 *   https://open.dingtalk.com/document/orgapp/customize-robot-security-settings
 *   https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages
 * - **feishu** 飞书自定义机器人: POST `https://open.feishu.cn/open-apis/bot/v2/hook/…` with
 *   `{"msg_type":"text","content":{"text":"…"}}`; answer `{"code":0,"msg":"success",…}`. With
 *   签名校验 on: body fields `timestamp` (seconds, as a string) and `sign` =
 *   base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")) — the key and message are
 *   the other way round from DingTalk's; the timestamp must be within an hour.
 *   https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Locale } from "@/lib/i18n/locale";
import { markdownText, plainText, type NotifyPayload, type RenderedMessage } from "./message";
import type { ChannelKind } from "./schemas";

export const SIGNATURE_HEADER = "X-TwinOps-Signature";
export const TIMESTAMP_HEADER = "X-TwinOps-Timestamp";
export const DELIVERY_HEADER = "X-TwinOps-Delivery";
/** Default window a receiver accepts a timestamp in (seconds either side of its clock). */
export const SIGNATURE_TOLERANCE_S = 300;

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookChannel {
  kind: Exclude<ChannelKind, "email">;
  url: string;
  secret: string | null;
  locale: Locale;
}

/** `sha256=<hex>` over "<timestamp>.<body>". */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

/**
 * What a receiver does with our webhook: recompute the signature over the raw body, compare in
 * constant time, and reject a timestamp outside `toleranceS` of its own clock (a replayed request
 * carries an old timestamp, and changing it breaks the signature). Exported for receivers written
 * in TypeScript and for our tests.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | null,
  body: string,
  signature: string | null,
  nowMs = Date.now(),
  toleranceS = SIGNATURE_TOLERANCE_S,
): VerifyResult {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "malformed" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceS) return { ok: false, reason: "stale" };
  const want = Buffer.from(webhookSignature(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** DingTalk's `sign` before URL encoding: base64 HMAC-SHA256 keyed by the secret over "ts\nsecret". */
export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** Feishu's `sign`: base64 HMAC-SHA256 keyed by "ts\nsecret" over the empty string. */
export function feishuSign(secret: string, timestampS: string): string {
  return createHmac("sha256", `${timestampS}\n${secret}`).update("").digest("base64");
}

/** WeCom cuts markdown content at 4096 bytes: keep under it on a character boundary. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = "";
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + "…") > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };

/** The request for one delivery to one webhook-style channel at `nowMs`. */
export function buildRequest(channel: WebhookChannel, m: RenderedMessage, payload: NotifyPayload, deliveryId: number, nowMs: number): HttpRequestSpec {
  const locale = channel.locale;
  switch (channel.kind) {
    case "webhook": {
      const body = JSON.stringify({
        version: 1,
        delivery: deliveryId,
        kind: payload.kind,
        locale,
        title: m.title,
        text: plainText(m, locale),
        link: m.link,
        alarm: payload.alarm,
        queuedAt: payload.queuedAt,
      });
      const ts = String(Math.floor(nowMs / 1000));
      const headers: Record<string, string> = { ...JSON_HEADERS, [TIMESTAMP_HEADER]: ts, [DELIVERY_HEADER]: String(deliveryId) };
      if (channel.secret) headers[SIGNATURE_HEADER] = webhookSignature(channel.secret, ts, body);
      return { url: channel.url, headers, body };
    }
    case "wecom":
      return { url: channel.url, headers: JSON_HEADERS, body: JSON.stringify({ msgtype: "markdown", markdown: { content: truncateUtf8(markdownText(m, locale), 4096) } }) };
    case "dingtalk": {
      const url = new URL(channel.url);
      if (channel.secret) {
        const ts = String(nowMs);
        url.searchParams.set("timestamp", ts);
        // URLSearchParams percent-encodes the base64 (+ / =), which is DingTalk's urlEncode step.
        url.searchParams.set("sign", dingtalkSign(channel.secret, ts));
      }
      return { url: url.toString(), headers: JSON_HEADERS, body: JSON.stringify({ msgtype: "markdown", markdown: { title: m.title, text: markdownText(m, locale) } }) };
    }
    case "feishu": {
      const signed = channel.secret ? (() => {
        const ts = String(Math.floor(nowMs / 1000));
        return { timestamp: ts, sign: feishuSign(channel.secret!, ts) };
      })() : {};
      return { url: channel.url, headers: JSON_HEADERS, body: JSON.stringify({ ...signed, msg_type: "text", content: { text: plainText(m, locale) } }) };
    }
  }
}

/**
 * Whether a robot accepted the message. The robots answer HTTP 200 with an error code in the body
 * for refusals (a bad signature, a keyword missing, a rate limit): those are failures to retry.
 */
export function robotAccepted(kind: WebhookChannel["kind"], status: number, body: string): { ok: boolean; detail: string } {
  if (status < 200 || status >= 300) return { ok: false, detail: `HTTP ${status}` };
  if (kind === "webhook") return { ok: true, detail: `HTTP ${status}` };
  let parsed: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(body);
    if (typeof v === "object" && v !== null) parsed = v as Record<string, unknown>;
  } catch {
    return { ok: false, detail: `HTTP ${status}, answer is not JSON` };
  }
  const code = kind === "feishu" ? (parsed.code ?? parsed.StatusCode) : parsed.errcode;
  const msg = kind === "feishu" ? parsed.msg : parsed.errmsg;
  return code === 0 ? { ok: true, detail: `HTTP ${status}, code 0` } : { ok: false, detail: `HTTP ${status}, code ${String(code)}: ${String(msg ?? "")}`.slice(0, 300) };
}
