import { forbidden } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { IngestBodySchema, NoQuerySchema } from "@/lib/domains/twin/schemas";
import { getOpsStore } from "@/lib/ops/runtime";
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
  const twin = getTwin();
  if (domains.length === 0) return twin.ingest(rows);
  // The twin states each stream's domain; rows it cannot place go on to ingest, which refuses
  // them as unknown datastreams.
  const known = await twin.datastreamDomains(rows.flatMap((o) => (typeof o.datastreamId === "string" ? [o.datastreamId] : [])));
  // A feed scoped to domains may not write others: those rows are refused, not the batch.
  const allowed: Observation[] = [];
  const index: number[] = [];
  const refused: { index: number; reason: string }[] = [];
  rows.forEach((o, i) => {
    const d = typeof o.datastreamId === "string" ? known.get(o.datastreamId) : undefined;
    if (d && !domains.includes(d)) refused.push({ index: i, reason: `this feed may not write the ${d} domain` });
    else {
      allowed.push(o);
      index.push(i);
    }
  });
  if (allowed.length === 0 && refused.length > 0) throw forbidden(`This feed writes only ${domains.join(", ")}.`);
  const r = await twin.ingest(allowed);
  return {
    accepted: r.accepted,
    duplicates: r.duplicates,
    rejected: [...refused, ...r.rejected.map((x) => ({ index: index[x.index]!, reason: x.reason }))].sort((a, b) => a.index - b.index),
  };
});
