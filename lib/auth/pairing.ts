import "server-only";
/**
 * Wall pairing over HTTP (rules and storage: lib/ops/pairing.ts and the operations store): a wall
 * without a token starts a pairing and shows the code and a QR code of the admin page that
 * confirms it; it then asks with its secret until the admin has confirmed, and gets its device
 * cookie in that answer. Starting and asking are open to anyone (a wall has no account), so both
 * are rate-limited per client; confirming is an admin's, limited per admin so codes cannot be
 * guessed: a code is one of 27^6 ≈ 387 M, and an admin gets 10 tries a minute.
 */
import QRCode from "qrcode";
import { ApiError } from "@/lib/api/errors";
import { getBoard } from "@/lib/config/boards";
import { getOpsStore } from "@/lib/ops/runtime";
import { displayCode, newPairing, normalizeCode, pairingSecretHash, type PairingRefusal } from "@/lib/ops/pairing";
import type { TokenRecord } from "@/lib/ops/port";
import { clientKey } from "@/lib/security/client";
import { createRateLimiter } from "@/lib/security/rate-limit";
import { auditBy, type Principal } from "./roles";
import { cookieHeader, DEVICE_COOKIE, DEVICE_COOKIE_MS, siteOrigins } from "./server";

/** New codes per client: a wall asks once per 10 minutes; 12 a minute covers reloads and a room of screens behind one address. */
const startLimiter = createRateLimiter({ rate: 12 / 60, burst: 12 });
/** Asks per client: a wall asks every 2 s. */
const claimLimiter = createRateLimiter({ rate: 1, burst: 20 });
/** Confirmations per admin (right or wrong): 10 a minute. */
export const CONFIRMS_PER_MINUTE = 10;
const confirmLimiter = createRateLimiter({ rate: CONFIRMS_PER_MINUTE / 60, burst: CONFIRMS_PER_MINUTE });

function limit(limiter: ReturnType<typeof createRateLimiter>, key: string, what: string): void {
  const r = limiter.check(key);
  if (!r.ok) {
    throw new ApiError(429, "rate_limited", `Too many ${what}: try again in ${r.retryAfterSeconds} s.`, undefined, { "Retry-After": String(r.retryAfterSeconds) });
  }
}

/** Where a wall with these boards goes: the first board, rotating through all when there are several. */
export function wallPath(scope: readonly string[]): string {
  return scope.length > 1 ? `/wall/${scope[0]}?rotate=${scope.join(",")}` : `/wall/${scope[0] ?? ""}`;
}

export interface PairingStart {
  code: string;
  /** "K7M 4QX" */
  display: string;
  expiresAt: string;
  /** The wall's proof when it asks; shown to nobody. */
  secret: string;
  /** The admin page that confirms this code, as the QR code says. */
  confirmUrl: string;
  /** That URL as a QR code (SVG, made here: the wall loads nothing from elsewhere). */
  qrSvg: string;
}

export async function startWallPairing(request: Request): Promise<PairingStart> {
  const client = clientKey(request);
  limit(startLimiter, client, "pairing codes from this address");
  const store = await getOpsStore();
  for (let attempt = 0; attempt < 5; attempt++) {
    const p = newPairing();
    const made = await store.startPairing({ code: p.code, secretHash: p.secretHash, client });
    if (!made) continue; // a code still kept: draw another
    const origin = siteOrigins(request)[0] ?? new URL(request.url).origin;
    const confirmUrl = `${origin}/admin?pair=${p.code}#pair`;
    const qrSvg = await QRCode.toString(confirmUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#000000", light: "#ffffff" } });
    return { code: p.code, display: displayCode(p.code), expiresAt: new Date(made.expiresAt).toISOString(), secret: p.secret, confirmUrl, qrSvg };
  }
  throw new ApiError(503, "pairing_busy", "No pairing code is free just now: try again in a minute.");
}

/** The wall asks with its secret: still waiting, paired (the answer sets its device cookie), or gone (410). */
export async function claimWallPairing(request: Request, secret: string): Promise<Response> {
  limit(claimLimiter, clientKey(request), "pairing checks from this address");
  const claim = await (await getOpsStore()).claimPairing(pairingSecretHash(secret));
  const json = (body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } });
  if (claim.status === "pending") return json({ status: "pending", expiresAt: new Date(claim.expiresAt).toISOString() });
  if (claim.status === "gone") throw new ApiError(410, "pairing_gone", "This pairing code has expired or was used: the screen shows a new one.");
  return json({ status: "paired", path: wallPath(claim.scope) }, { "Set-Cookie": cookieHeader(DEVICE_COOKIE, claim.token, request, DEVICE_COOKIE_MS) });
}

const REFUSAL: Record<PairingRefusal, [404 | 409 | 410, string, string]> = {
  unknown: [404, "pairing_unknown", "No wall shows this code: check it on the screen."],
  expired: [410, "pairing_expired", "This code has expired: the screen shows a new one."],
  used: [409, "pairing_used", "This code was already confirmed."],
};

/** 422 unless every board exists. */
export function checkBoards(boards: readonly string[]): void {
  const unknown = boards.filter((b) => !getBoard(b));
  if (unknown.length) throw new ApiError(422, "unknown_board", `Unknown board(s): ${unknown.join(", ")}.`, unknown.map((b) => ({ parameter: "boards", message: `unknown board ${b}` })));
}

/** An admin confirms the code a wall shows, naming the wall and its boards. */
export async function confirmWallPairing(principal: Principal, body: { code: string; name: string; boards: string[] }): Promise<TokenRecord> {
  limit(confirmLimiter, `${principal.kind}:${principal.id}`, "pairing confirmations");
  const code = normalizeCode(body.code);
  if (!code) throw new ApiError(400, "invalid_body", "Invalid request body: code.", [{ parameter: "code", message: "must be the 6 letters and digits the wall shows" }]);
  checkBoards(body.boards);
  const r = await (await getOpsStore()).confirmPairing(code, { name: body.name, scope: body.boards }, auditBy(principal));
  if (!r.ok) {
    const [status, c, message] = REFUSAL[r.reason];
    throw new ApiError(status, c, message, [{ parameter: "code", message }]);
  }
  return r.record;
}
