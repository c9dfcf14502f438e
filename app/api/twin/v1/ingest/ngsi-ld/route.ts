import { ApiError, forbidden } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { env } from "@/lib/config/env";
import { NgsiNotificationBodySchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { getOpsStore } from "@/lib/ops/runtime";
import { sourceMappingOf } from "@/lib/twin/feeds/mapping";
import { entityRows } from "@/lib/twin/feeds/ngsi-ld/reshape";
import { ingestScoped } from "@/lib/twin/feeds/scoped-ingest";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Notifications of the NGSI-LD subscription, sent by the broker with a feed token: each mapped
// attribute value becomes a row on the HTTP ingest's path (checks, idempotency, the token's domains).
export const POST = withApi({ query: NoQuerySchema, body: NgsiNotificationBodySchema, access: "ingest" }, async ({ body, principal }) => {
  const mapping = sourceMappingOf(env().TWINOPS_CITY).ngsiLd;
  if (!mapping) throw new ApiError(409, "not_configured", `The city pack ${env().TWINOPS_CITY} maps no NGSI-LD entities (sources.json).`);
  const token = await (await getOpsStore()).getToken(principal!.id);
  const domains = token?.scope ?? [];
  let unmapped = 0;
  const origin: { entity: string; attribute: string }[] = [];
  const rows = body.data.flatMap((e) => {
    const r = entityRows(e, mapping, body.notifiedAt);
    if (!r.assetId) unmapped++;
    origin.push(...r.attributes.map((attribute) => ({ entity: e.id, attribute })));
    return r.rows;
  });
  const r = await ingestScoped(getTwin(), domains, rows);
  if (r.outOfScope > 0 && r.outOfScope === rows.length) throw forbidden(`This feed writes only ${domains.join(", ")}.`);
  // A refused row is named by the entity and attribute it came from (the broker knows no row index).
  const rejected = r.rejected.map((x) => ({ ...origin[x.index]!, reason: x.reason }));
  return { accepted: r.accepted, duplicates: r.duplicates, rejected, unmapped };
});
