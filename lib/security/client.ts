/**
 * Who a request comes from, as a rate-limit key. A signed-in principal is keyed by its id (it
 * cannot escape its limit by changing address); anyone else by IP address.
 *
 * With TWINOPS_TRUST_PROXY=0 (the default: no proxy, the port is reached directly) the address is
 * the socket's, which the app stamps on every request itself (PEER_HEADER, lib/security/peer.ts);
 * X-Forwarded-For is the client's word then and is ignored. Behind N proxies (each appending the
 * address it saw to X-Forwarded-For) the trustworthy entry is the N-th from the right: Next fills
 * X-Forwarded-For only when the client sent none, so entries further left are the client's own.
 * IPv6 clients are keyed by their /64, which one host can usually fill at will.
 */
import { env } from "@/lib/config/env";
import { PEER_HEADER } from "./peer";

function ipv4(text: string): string | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => o <= 255) ? octets.join(".") : null;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or null. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (half: string | undefined): number[] | null => {
    if (half === undefined || half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = ipv4(piece);
        if (!v4) return null;
        const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const gap = 8 - head.length - tail.length;
  return gap >= 1 ? [...head, ...new Array<number>(gap).fill(0), ...tail] : null;
}

/**
 * The rate-limit identity of one address: an IPv4 address as is (also when IPv4-mapped IPv6),
 * an IPv6 address as its /64. Ports, brackets and zone ids are dropped; null if not an address.
 */
export function addressKey(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%[\w.-]+$/, "");
  const v4 = ipv4(text);
  if (v4) return v4;
  const groups = ipv6Groups(text);
  if (!groups) return null;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/**
 * The client's address key: with no trusted proxy (`trustProxy` 0) the socket's address as the app
 * stamped it; behind proxies the `trustProxy`-th X-Forwarded-For entry from the right (the address
 * the outermost trusted proxy saw), or the leftmost if the list is shorter. Null when there is no
 * usable address.
 */
export function clientAddress(headers: Headers, trustProxy: number): string | null {
  if (trustProxy < 1) {
    const peer = headers.get(PEER_HEADER);
    return peer ? addressKey(peer) : null;
  }
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const entry = entries[Math.max(0, entries.length - trustProxy)];
  return entry === undefined ? null : addressKey(entry);
}

/** A rate-limit key for the request: `principal:<id>`, `ip:<address>` or `ip:unknown`. */
export function clientKey(request: Request, principalId?: string, trustProxy: number = env().TWINOPS_TRUST_PROXY): string {
  if (principalId) return `principal:${principalId}`;
  return `ip:${clientAddress(request.headers, trustProxy) ?? "unknown"}`;
}
