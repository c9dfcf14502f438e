import "server-only";
/**
 * The address of the socket a request came in on, as a header the app sets itself. Route handlers
 * in Next see only headers, and Next fills X-Forwarded-For with the socket address only when the
 * client sent none (`??=` in next/dist/server/base-server.js), so without a proxy in front the
 * client would choose its own address. This hook, installed once at start (instrumentation.ts),
 * overwrites PEER_HEADER on every incoming request with the socket's address, whatever the client
 * sent: with no proxy (TWINOPS_TRUST_PROXY=0) it is the client's address; behind proxies it is the
 * nearest proxy's, and X-Forwarded-For says the rest (lib/security/client.ts).
 */
import http from "node:http";

export const PEER_HEADER = "x-twinops-peer";

const KEY = Symbol.for("twinops.peer-header");
type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/** Patches http.Server's `request` event (every server in the process, now and later); idempotent. */
export function installPeerHeader(): void {
  const proto = http.Server.prototype as http.Server & { [KEY]?: true };
  if (proto[KEY]) return;
  proto[KEY] = true;
  const emit = proto.emit as Emit;
  const stamped: Emit = function (event, ...args) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  };
  proto.emit = stamped as http.Server["emit"];
}
