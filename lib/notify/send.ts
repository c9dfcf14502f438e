import "server-only";
/**
 * Sends one notification to one channel: an HTTP POST for webhooks and robots (formats.ts), an
 * e-mail over SMTP through nodemailer for e-mail channels. Answers what happened; never throws for
 * a failure of the far end (the dispatcher retries those), and never follows a redirect (a signed
 * body must not go to a host the admin did not name).
 */
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { buildRequest, robotAccepted } from "./formats";
import { plainText, renderMessage, type NotifyPayload } from "./message";
import type { ChannelWithSecret } from "./schemas";

/** SMTP server and sender, from TWINOPS_SMTP_URL and TWINOPS_SMTP_FROM. */
export interface SmtpConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS from the start). */
  url: string;
  from: string;
}

export interface SendDeps {
  smtp: SmtpConfig | null;
  /** Milliseconds a far end may take before the attempt counts as failed. */
  timeoutMs?: number;
}

export interface SendResult {
  ok: boolean;
  /** What the far end answered, or why it could not be reached (short, no secrets). */
  detail: string;
}

const transports = new Map<string, Transporter>();
/** One pooled transport per SMTP URL. */
function transportFor(smtp: SmtpConfig, timeoutMs: number): Transporter {
  let t = transports.get(smtp.url);
  if (!t) {
    t = nodemailer.createTransport({ url: smtp.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transports.set(smtp.url, t);
  }
  return t;
}

const reason = (err: unknown) => {
  const e = err as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const cause = e.cause?.code ?? e.cause?.message;
  return `${String(e.message ?? err)}${cause ? ` (${String(cause)})` : ""}`.slice(0, 300);
};

export async function sendNotification(channel: ChannelWithSecret, payload: NotifyPayload, deliveryId: number, deps: SendDeps, nowMs = Date.now()): Promise<SendResult> {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const m = renderMessage(payload, channel.locale);
  if (channel.kind === "email") {
    if (!deps.smtp) return { ok: false, detail: "no SMTP server configured (TWINOPS_SMTP_URL)" };
    try {
      const info = await transportFor(deps.smtp, timeoutMs).sendMail({
        from: deps.smtp.from,
        to: channel.to,
        subject: m.title,
        text: plainText(m, channel.locale),
        headers: { "X-TwinOps-Delivery": String(deliveryId) },
      });
      const accepted = (info.accepted as unknown[]).length;
      return accepted > 0 ? { ok: true, detail: `SMTP accepted for ${accepted} recipient(s)` } : { ok: false, detail: `SMTP rejected every recipient` };
    } catch (err) {
      return { ok: false, detail: `SMTP: ${reason(err)}` };
    }
  }
  if (!channel.url) return { ok: false, detail: "channel has no URL" };
  const req = buildRequest({ kind: channel.kind, url: channel.url, secret: channel.secret, locale: channel.locale }, m, payload, deliveryId, nowMs);
  try {
    const res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => "");
    return robotAccepted(channel.kind, res.status, text);
  } catch (err) {
    return { ok: false, detail: reason(err) };
  }
}

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
