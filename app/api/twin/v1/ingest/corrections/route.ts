import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { actorOf, isAdmin } from "@/lib/auth/roles";
import { CorrectionBodySchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { getOpsStore } from "@/lib/ops/runtime";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A feed (or an admin) replaces or withdraws one stored observation: re-sending a row is a
// duplicate, so a wrong value needs this. Audited with before and after; its slot recomputed.
export const POST = withApi({ query: NoQuerySchema, body: CorrectionBodySchema, access: "correct" }, async ({ body, principal }) => {
  const p = principal!;
  const scope = isAdmin(p) ? [] : ((await (await getOpsStore()).getToken(p.id))?.scope ?? []);
  const r = await getTwin().correct(body, actorOf(p), { scope });
  if (!r.ok) throw new ApiError(r.status, r.code, r.message);
  const { ok: _ok, ...out } = r;
  return out;
});
