/**
 * Pairing a wall display by a short code instead of a typed token: the rules both operations
 * stores apply. A wall without a token asks for a pairing and shows its code (and a QR code of
 * the admin page that confirms it); it keeps a secret only it knows. An admin confirms the code
 * (choosing the boards), which issues a device token; the wall then collects that token once
 * with its secret. Codes live PAIRING_TTL_MS, are single-use, and are never accepted after
 * expiry; guessing is bounded by the rate limits of the routes (lib/auth/pairing-limits.ts).
 */
import { randomBytes, randomInt } from "node:crypto";
import { sha256 } from "./auth-rules";

/** How long a code can be confirmed, and the wall waits for it. */
export const PAIRING_TTL_MS = 10 * 60_000;

/** No 0/O, 1/I/L, 2/Z, 5/S: read across a room and typed without mix-ups. */
export const CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY";
export const CODE_LENGTH = 6;

/** A new code (`K7M4QX`) and the wall's secret (`secret` goes to the wall; the store keeps its hash). */
export function newPairing(): { code: string; secret: string; secretHash: string } {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  const secret = randomBytes(32).toString("base64url");
  return { code, secret, secretHash: sha256(secret) };
}

export const pairingSecretHash = (secret: string) => sha256(secret);

/** What a person typed as the code (any case, spaces or dashes between groups), or null if it cannot be one. */
export function normalizeCode(typed: string): string | null {
  const c = typed.toUpperCase().replace(/[\s-]/g, "");
  return c.length === CODE_LENGTH && [...c].every((ch) => CODE_ALPHABET.includes(ch)) ? c : null;
}

/** "K7M 4QX": how a wall shows its code. */
export const displayCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Why a code was not confirmed: never issued (or mistyped), past its time, or already used. */
export type PairingRefusal = "unknown" | "expired" | "used";

/** What a wall learns when it asks with its secret. */
export type PairingClaim =
  | { status: "pending"; expiresAt: number }
  | { status: "paired"; token: string; scope: string[] }
  | { status: "gone" };

export interface PairingRow {
  id_hash: string;
  code: string;
  client: string;
  created_at: number;
  expires_at: number;
  confirmed_by: string | null;
  confirmed_at: number | null;
  token_id: string | null;
  token: string | null;
  claimed_at: number | null;
}

/** Whether a code row may be confirmed now, or why not. */
export function confirmable(row: PairingRow | undefined, now: number): PairingRefusal | null {
  if (!row) return "unknown";
  if (row.confirmed_at !== null) return "used";
  if (row.expires_at <= now) return "expired";
  return null;
}

/** What the wall holding this row's secret gets now; the token only once (the store then forgets it). */
export function claimOf(row: PairingRow | undefined, now: number): PairingClaim {
  if (!row || row.claimed_at !== null) return { status: "gone" };
  if (row.token !== null) return { status: "paired", token: row.token, scope: [] };
  if (row.expires_at <= now) return { status: "gone" };
  return { status: "pending", expiresAt: row.expires_at };
}

/** Rows kept after expiry, so a late "expired" is told apart from a wrong code for a while. */
export const PAIRING_KEPT_MS = 24 * 3600_000;
