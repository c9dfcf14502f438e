import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { startWallPairing } from "@/lib/auth/pairing";
import { NoQuerySchema } from "@/lib/twin-client/schemas";
import { sameOrigin } from "@/lib/auth/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A wall without a token asks for a pairing code (and its QR code); open to anyone, rate-limited.
export const POST = withApi({ access: "public", query: NoQuerySchema }, ({ request }) => {
  if (!sameOrigin(request)) throw new ApiError(403, "csrf", "Pair a wall from this site's /device page.");
  return startWallPairing(request);
});
