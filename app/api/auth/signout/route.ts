import { problemResponse, toProblem } from "@/lib/api/errors";
import { readForm, seeOther } from "@/lib/auth/http";
import { cookieHeader, csrfOk, DEVICE_COOKIE, readCookie, resolveRequest, SESSION_COOKIE } from "@/lib/auth/server";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the session (and forgets a device cookie), then back to the sign-in page. */
export async function POST(request: Request): Promise<Response> {
  try {
    const resolved = await resolveRequest(request);
    const { fields } = await readForm(request);
    if (!(await csrfOk(request, resolved, fields.csrf))) return seeOther("/");
    const signed = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
    if (signed && signed.includes(".")) await (await getOpsStore()).deleteSession(signed.slice(0, signed.lastIndexOf(".")));
    return seeOther("/signin?signedOut=1", [
      cookieHeader(SESSION_COOKIE, "", request, 0),
      cookieHeader(DEVICE_COOKIE, "", request, 0),
    ]);
  } catch (err) {
    return problemResponse(toProblem(err));
  }
}
