import "server-only";
/**
 * Password hashing with scrypt (node:crypto; runs on libuv's thread pool, so the event loop keeps
 * serving while a hash is computed). Stored as `scrypt$N$r$p$salt$hash` (base64url): a hash keeps
 * the cost it was made with, so the cost can be raised and old hashes still verify; sign-in
 * rehashes a password whose hash is below the current cost (`needsRehash`).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * The current cost: OWASP's minimum for scrypt (N=2^17, r=8, p=1, Password Storage Cheat Sheet).
 * Each hash takes 128·N·r = 128 MiB while it runs, at most one per libuv thread (4 by default).
 */
export const SCRYPT: Readonly<ScryptParams> = { N: 2 ** 17, r: 8, p: 1 };
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·r·(N + p) bytes; Node's default ceiling (32 MiB) is below N=2^17's.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p) + 2 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize("NFKC"), salt, KEYLEN, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Cost, salt and key of a stored hash, or null when it is malformed or its cost is out of bounds. */
function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return null;
  const key = Buffer.from(parts[5]!, "base64url");
  if (key.length !== KEYLEN) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4]!, "base64url"), key };
}

/** True when `password` matches `stored`; false for any malformed hash (never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  return timingSafeEqual(await scrypt(password, h.salt, h.params), h.key);
}

/** True when a (verified) hash was made with another cost than the current one. */
export function needsRehash(stored: string): boolean {
  const h = parseHash(stored);
  return !h || h.params.N !== SCRYPT.N || h.params.r !== SCRYPT.r || h.params.p !== SCRYPT.p;
}

/** A hash of a random password, verified for unknown accounts so they take as long as known ones. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString("base64url"));
  return dummy;
}

/** Rules for a new password: long enough to resist guessing, bounded so hashing stays cheap. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "must be at least 12 characters";
  if (password.length > 256) return "must be at most 256 characters";
  return null;
}

/** A random password for the first admin account (printed once at start-up). */
export function randomPassword(): string {
  return randomBytes(15).toString("base64url");
}
