import { ApiError, problemResponse, toProblem } from "@/lib/api/errors";
import { readForm, seeOther } from "@/lib/auth/http";
import { cookieHeader, DEVICE_COOKIE, DEVICE_COOKIE_MS, sameOrigin } from "@/lib/auth/server";
import { auditSignIn } from "@/lib/auth/signin";
import { getOpsStore } from "@/lib/ops/runtime";
import { wallPath } from "@/lib/auth/pairing";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Sets up a wall display: the device token pasted into /device becomes an httpOnly cookie, and
 * the browser goes to the first board (or playlist) the token is bound to.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!sameOrigin(request)) throw new ApiError(403, "csrf", "Set up the device from this site's /device page.");
    const { fields } = await readForm(request);
    const token = (fields.token ?? "").trim();
    const t = await (await getOpsStore()).verifyToken(token, "device");
    if (!t) return seeOther("/device?error=invalid");
    await auditSignIn({ actor: `device:${t.name}`, role: "device", action: "device.signin", target: `token:${t.id}` });
    const path = wallPath(t.scope);
    return seeOther(path, [cookieHeader(DEVICE_COOKIE, token, request, DEVICE_COOKIE_MS)]);
  } catch (err) {
    return problemResponse(toProblem(err));
  }
}
