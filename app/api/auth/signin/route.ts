import { ApiError, problemResponse, toProblem } from "@/lib/api/errors";
import { jsonResponse, readForm, seeOther } from "@/lib/auth/http";
import { csrfToken, safeNext, sameOrigin, sessionCookie } from "@/lib/auth/server";
import { signInWithPassword } from "@/lib/auth/signin";
import { getOpsStore } from "@/lib/ops/runtime";
import { clientKey } from "@/lib/security/client";
import { createRateLimiter } from "@/lib/security/rate-limit";

const signInLimiter = createRateLimiter({ rate: 0.5, burst: 20 });

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Password sign-in. An HTML form gets a 303 (to `next`, or back to /signin with the reason); a
 * JSON client gets the account and its CSRF token, or a 401/423-style problem.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    // Password guessing across accounts from one address: thirty tries a minute, bursts of 20 (the
    // lockout per account and client is the real stop).
    const client = clientKey(request);
    const limited = signInLimiter.check(client);
    if (!limited.ok) {
      throw new ApiError(429, "rate_limited", `Too many sign-in attempts: try again in ${limited.retryAfterSeconds} s.`, undefined, {
        "Retry-After": String(limited.retryAfterSeconds),
      });
    }
    // Login CSRF: a sign-in must come from this site's own form.
    if (!sameOrigin(request)) throw new ApiError(403, "csrf", "Sign in from this site's sign-in page.");
    const { fields, json } = await readForm(request);
    const next = safeNext(fields.next);
    const username = (fields.username ?? "").trim().slice(0, 100);
    const store = await getOpsStore();
    const r = await signInWithPassword(store, username, fields.password ?? "", client);
    if (!r.ok) {
      const until = r.reason === "locked" ? new Date(r.lockedUntil).toISOString() : undefined;
      if (!json) {
        const q = new URLSearchParams({ error: r.reason, next, ...(until ? { until } : {}) });
        return seeOther(`/signin?${q}`);
      }
      throw r.reason === "locked"
        ? new ApiError(403, "account_locked", `Too many failed sign-ins: signing in to this account from here is locked until ${until}.`)
        : new ApiError(401, "invalid_credentials", "Wrong username or password.");
    }
    const sid = await store.createSession(r.user.id);
    const cookie = await sessionCookie(sid, request, store);
    if (!json) return seeOther(next, [cookie]);
    return jsonResponse({ user: { name: r.user.username, role: r.user.role, domains: r.user.domains }, csrfToken: await csrfToken(sid, store) }, 200, [cookie]);
  } catch (err) {
    return problemResponse(toProblem(err), err instanceof ApiError && err.headers ? { headers: err.headers } : undefined);
  }
}
