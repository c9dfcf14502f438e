/**
 * The one client helper for changes through the app's JSON API: every mutation (administration,
 * API tokens, notifications, walls, alert actions) sends the session's CSRF token the same way,
 * and a refusal arrives as CallFailed carrying the problem document's fields (RFC 9457).
 */
import type { ParameterError } from "@/lib/api/errors";

/** What a failed call answered (status 0: the server was not reached). */
export interface Failure {
  status: number;
  code: string | undefined;
  detail: string | undefined;
  errors: ParameterError[];
}

/** The fields of a problem document (RFC 9457) the screen shows; anything else as a bare status. */
export function failureOf(status: number, body: unknown): Failure {
  const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return {
    status,
    code: typeof o.code === "string" ? o.code : undefined,
    detail: "detail" in o ? String(o.detail) : undefined,
    errors: Array.isArray(o.errors) ? (o.errors as ParameterError[]) : [],
  };
}

/** Thrown by a failed call. */
export class CallFailed extends Error {
  constructor(readonly failure: Failure) {
    super([failure.detail ?? `HTTP ${failure.status}`, ...failure.errors.map((e) => `${e.parameter}: ${e.message}`)].join(" "));
  }
}

/** A change (or read) through the console's API with the session's CSRF token; CallFailed when refused. */
export async function callJson(csrf: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method,
    headers: { "x-csrf-token": csrf, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new CallFailed(failureOf(res.status, json));
  return json;
}

/** What any thrown error means for the screen: a refusal's fields, or "not reached" (status 0). */
export function failureFrom(err: unknown): Failure {
  return err instanceof CallFailed
    ? err.failure
    : { status: 0, code: undefined, detail: err instanceof Error ? err.message : String(err), errors: [] };
}

/** The call bound to one session's CSRF token, as the consoles pass it down. */
export function csrfCaller(csrf: string): (method: string, path: string, body?: unknown) => Promise<unknown> {
  return (method, path, body) => callJson(csrf, method, path, body);
}
