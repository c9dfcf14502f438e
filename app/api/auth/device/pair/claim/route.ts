import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { claimWallPairing } from "@/lib/auth/pairing";
import { PairClaimSchema } from "@/lib/auth/schemas";
import { sameOrigin } from "@/lib/auth/server";
import { NoQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The wall asks whether its code was confirmed; once it is, the answer sets its device cookie.
export const POST = withApi({ access: "public", query: NoQuerySchema, body: PairClaimSchema }, ({ request, body }) => {
  if (!sameOrigin(request)) throw new ApiError(403, "csrf", "Pair a wall from this site's /device page.");
  return claimWallPairing(request, body.secret);
});
