import { seeOther } from "@/lib/auth/http";
import { completeOidcSignIn, flowCookie } from "@/lib/auth/oidc";
import { sessionCookie } from "@/lib/auth/server";
import { log } from "@/lib/log";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The OpenID provider's answer: a session and 303 to the page asked for, or back to /signin with
 * `error=sso` (the reason is in the server log). The flow cookie is single-use either way.
 */
export async function GET(request: Request): Promise<Response> {
  const clear = flowCookie("", request, 0);
  try {
    const r = await completeOidcSignIn(request);
    if (!r.ok) return seeOther(`/signin?${new URLSearchParams({ error: "sso", next: r.next })}`, [clear]);
    const store = await getOpsStore();
    const sid = await store.createSession(r.user.id);
    return seeOther(r.next, [await sessionCookie(sid, request, store), clear]);
  } catch (err) {
    log.error("oidc: callback failed", { err });
    return seeOther("/signin?error=sso", [clear]);
  }
}
