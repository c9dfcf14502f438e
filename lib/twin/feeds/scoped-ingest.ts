/**
 * The one way a feed's rows reach the twin, whatever carried them (HTTP ingest, the MQTT feed, a
 * SensorThings or NGSI-LD source): rows of a domain the feed may not write are refused per row,
 * and the rest go to the port's `ingest`, which runs the checks (lib/twin/ingest-check.ts) and is
 * idempotent on (datastream, t).
 */
import type { IngestResult, TwinIngest, TwinReader } from "../source";
import type { Observation } from "../types";

/** What a feed or source needs of the twin. */
export type FeedTwin = Pick<TwinIngest, "ingest"> & Pick<TwinReader, "datastreamDomains" | "unknownDatastreams" | "latest" | "now">;

export interface ScopedIngestResult extends IngestResult {
  /** Rows refused because their stream's domain is outside the feed's scope. */
  outOfScope: number;
}

/**
 * Ingests `rows` for a feed that may write `domains` (empty: every domain). Refusals carry the
 * row's position in `rows`, sorted.
 */
export async function ingestScoped(
  twin: Pick<TwinIngest, "ingest"> & Pick<TwinReader, "datastreamDomains">,
  domains: readonly string[],
  rows: Observation[],
): Promise<ScopedIngestResult> {
  if (domains.length === 0) return { ...(await twin.ingest(rows)), outOfScope: 0 };
  // The twin states each stream's domain; rows it cannot place go on to ingest, which refuses
  // them as unknown datastreams.
  const known = await twin.datastreamDomains(rows.flatMap((o) => (typeof o.datastreamId === "string" ? [o.datastreamId] : [])));
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
  const r = allowed.length > 0 ? await twin.ingest(allowed) : { accepted: 0, duplicates: 0, rejected: [] };
  return {
    accepted: r.accepted,
    duplicates: r.duplicates,
    rejected: [...refused, ...r.rejected.map((x) => ({ index: index[x.index]!, reason: x.reason }))].sort((a, b) => a.index - b.index),
    outOfScope: refused.length,
  };
}
