import { ApiError, problemResponse, toProblem } from "@/lib/api/errors";
import { readForm, seeOther } from "@/lib/auth/http";
import { startOidcSignIn } from "@/lib/auth/oidc";
import { safeNext, sameOrigin } from "@/lib/auth/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Starts city single sign-on: 303 to the OpenID provider, the flow kept in a short-lived cookie.
 * The sign-in page links here (GET): a link, not a form, so the CSP's form-action (fixed at build
 * time) need not name the issuer, whose address is only known at run time.
 */
export async function GET(request: Request): Promise<Response> {
  return start(request, () => Promise.resolve(new URL(request.url).searchParams.get("next")));
}

/** The same for a form post (`next` in the body). */
export async function POST(request: Request): Promise<Response> {
  return start(request, async () => (await readForm(request)).fields.next ?? null);
}

async function start(request: Request, nextOf: () => Promise<string | null>): Promise<Response> {
  try {
    // Login CSRF: only this site's sign-in page may start a flow.
    if (!sameOrigin(request)) throw new ApiError(403, "csrf", "Start single sign-on from this site's sign-in page.");
    const next = safeNext(await nextOf());
    const r = await startOidcSignIn(request, next);
    if (!r.ok) return seeOther(`/signin?${new URLSearchParams({ error: "sso", next })}`);
    return new Response(null, { status: 303, headers: { Location: r.location, "Cache-Control": "no-store", "Set-Cookie": r.cookie } });
  } catch (err) {
    return problemResponse(toProblem(err));
  }
}
