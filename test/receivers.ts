/**
 * Local far ends for notification tests: an HTTP receiver (node:http) that keeps every request
 * and answers as the test says, and an SMTP sink (the smtp-server package, a real SMTP server on a
 * loopback port) that keeps every message. Both listen on 127.0.0.1 on a free port.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: ReceivedRequest[];
  /** How to answer the next requests (default: 200 `{"errcode":0,"code":0}`). */
  respond: (req: ReceivedRequest) => { status: number; body?: string };
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const receiver: HttpReceiver = {
    origin: "",
    requests: [],
    respond: () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: ReceivedRequest = { method: req.method ?? "", url: new URL(req.url ?? "/", receiver.origin), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.requests.push(r);
      const answer = receiver.respond(r);
      res.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body ?? "");
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export interface SmtpMessage {
  from: string;
  to: string[];
  /** The message as sent (headers and body, RFC 5322). */
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  messages: SmtpMessage[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to make for a test.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const env = session.envelope;
        messages.push({ from: env.mailFrom ? env.mailFrom.address : "", to: env.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
