import { forbidden } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { IngestBodySchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { getOpsStore } from "@/lib/ops/runtime";
import { getTwin } from "@/lib/twin/runtime";
import type { Observation } from "@/lib/twin/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Batches from sensor feeds, each with its own feed token. Every row passes the twin's ingest
// checks (lib/twin/ingest-check.ts: known stream of the token's domains, finite plausible value,
// plausible rate of change, strict time with an offset, not ahead of the twin's clock); good rows
// are stored even when others are refused, and a row already stored for (datastream, t) is
// accepted again without a second copy.
export const POST = withApi({ query: NoQuerySchema, body: IngestBodySchema, access: "ingest" }, async ({ body, principal }) => {
  const token = await (await getOpsStore()).getToken(principal!.id);
  const scope = token?.scope ?? [];
  const r = await getTwin().ingest(body.observations as Observation[], { scope });
  // A batch this feed may not write at all is a credential problem, not a data problem.
  if (r.accepted === 0 && r.rejected.length > 0 && r.rejected.every((x) => x.code === "wrong_domain"))
    throw forbidden(`This feed writes only ${scope.join(", ")}.`);
  return r;
});
