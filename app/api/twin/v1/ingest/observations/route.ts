import { forbidden } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { IngestBodySchema, NoQuerySchema } from "@/lib/domains/twin/schemas";
import { getOpsStore } from "@/lib/ops/runtime";
import { ingestScoped } from "@/lib/twin/feeds/scoped-ingest";
import { getTwin } from "@/lib/twin/runtime";
import type { Observation } from "@/lib/twin/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Batches from sensor feeds, each with its own feed token. Every row is checked (known
// datastream, finite value, sane time); good rows are stored even when others are refused, and
// a row already stored for (datastream, t) is accepted again without a second copy.
export const POST = withApi({ query: NoQuerySchema, body: IngestBodySchema, access: "ingest" }, async ({ body, principal }) => {
  const token = await (await getOpsStore()).getToken(principal!.id);
  const domains = token?.scope ?? [];
  const rows = body.observations as Observation[];
  const r = await ingestScoped(getTwin(), domains, rows);
  // A feed scoped to domains may not write others: those rows are refused, not the batch.
  if (r.outOfScope > 0 && r.outOfScope === rows.length) throw forbidden(`This feed writes only ${domains.join(", ")}.`);
  return { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected };
});
