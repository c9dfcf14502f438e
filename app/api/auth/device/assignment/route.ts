import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { wallPath } from "@/lib/auth/pairing";
import { NoQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// What a paired wall should show now (an admin may have pushed other boards): it asks every few seconds.
export const GET = withApi({ query: NoQuerySchema, cache: "live" }, ({ principal }) => {
  if (principal?.kind !== "device") throw new ApiError(403, "forbidden", "Only a wall's device token has boards to show.");
  return { boards: [...principal.boards], path: wallPath(principal.boards) };
});
