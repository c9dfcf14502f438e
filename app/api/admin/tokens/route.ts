import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { IssueTokenSchema } from "@/lib/auth/schemas";
import { getBoard } from "@/lib/config/boards";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi({ access: "admin", cache: "live" }, async () => ({ tokens: await (await getOpsStore()).listTokens() }));

// Issues a device token (read-only, bound to boards) or a feed token (ingest only). The secret is
// in this answer and nowhere else.
export const POST = withApi({ access: "admin", body: IssueTokenSchema }, async ({ body, principal }) => {
  const scope = body.kind === "device" ? body.boards : (body.domains ?? []);
  if (body.kind === "device") {
    const unknown = body.boards.filter((b) => !getBoard(b));
    if (unknown.length) throw new ApiError(422, "unknown_board", `Unknown board(s): ${unknown.join(", ")}.`, unknown.map((b) => ({ parameter: "boards", message: `unknown board ${b}` })));
  }
  const { token, record } = await (await getOpsStore()).issueToken(body.kind, body.name, scope, auditBy(principal!));
  return { token, record };
});
