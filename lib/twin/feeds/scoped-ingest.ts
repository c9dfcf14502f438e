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
 * Ingests `rows` for a feed that may write `domains` (empty: every domain). The port's ingest
 * refuses rows of other domains per row (code `wrong_domain`), with the other checks.
 */
export async function ingestScoped(twin: Pick<TwinIngest, "ingest">, domains: readonly string[], rows: Observation[]): Promise<ScopedIngestResult> {
  const r = await twin.ingest(rows, { scope: domains });
  return { ...r, outOfScope: r.rejected.filter((x) => x.code === "wrong_domain").length };
}
