import { withApi } from "@/lib/api/handler";
import { confirmWallPairing } from "@/lib/auth/pairing";
import { PairWallSchema } from "@/lib/auth/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// An admin confirms the code a wall shows: the wall gets a device token for these boards by itself.
export const POST = withApi({ access: "admin", body: PairWallSchema }, async ({ body, principal }) => ({ record: await confirmWallPairing(principal!, body) }));
