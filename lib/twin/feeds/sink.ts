import "server-only";
/**
 * Where a pulling source (SensorThings, NGSI-LD) puts its rows: through `ingestScoped` (the HTTP
 * ingest's path: checks, idempotency on (datastream, t)), counting what was accepted, already
 * stored or refused, and logging refusals with their reasons.
 */
import type { Observation } from "../types";
import { ingestScoped, type FeedTwin, type ScopedIngestResult } from "./scoped-ingest";

/** What a source has done since it started, for logs, health and tests. */
export interface SourceStats {
  /** Rows newly stored. */
  accepted: number;
  /** Rows the twin already held (same datastream and time): not stored twice. */
  duplicates: number;
  /** Rows the checks refused. */
  refused: number;
  /** Things or entities with no TwinOps asset (counted, never invented). */
  unmapped: number;
  /** Their names (the first few), to act on. */
  unmappedNames: string[];
  /** External streams mapped onto TwinOps datastreams. */
  mappedStreams: number;
  /** Time of the last completed pull, ISO 8601. */
  lastSync: string | null;
  lastError: string | null;
}

export const newSourceStats = (): SourceStats => ({
  accepted: 0,
  duplicates: 0,
  refused: 0,
  unmapped: 0,
  unmappedNames: [],
  mappedStreams: 0,
  lastSync: null,
  lastError: null,
});

/** Rows are sent in batches of at most this many (the HTTP ingest's limit is of this order). */
export const SINK_BATCH = 5000;

export class SourceSink {
  constructor(
    private readonly twin: FeedTwin,
    readonly stats: SourceStats,
    private readonly log: (line: string) => void,
    private readonly label: string,
    /** Domains the rows may write (empty: all): a source configured by the operator writes all. */
    private readonly domains: readonly string[] = [],
  ) {}

  async ingest(rows: Observation[]): Promise<ScopedIngestResult> {
    const total: ScopedIngestResult = { accepted: 0, duplicates: 0, rejected: [], outOfScope: 0 };
    for (let i = 0; i < rows.length; i += SINK_BATCH) {
      const r = await ingestScoped(this.twin, this.domains, rows.slice(i, i + SINK_BATCH));
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.outOfScope += r.outOfScope;
      total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + i })));
    }
    this.stats.accepted += total.accepted - total.duplicates;
    this.stats.duplicates += total.duplicates;
    this.stats.refused += total.rejected.length;
    if (total.rejected.length > 0) {
      const first = total.rejected
        .slice(0, 3)
        .map((x) => `${rows[x.index]?.datastreamId ?? "?"} @ ${String(rows[x.index]?.t)}: ${x.reason}`)
        .join("; ");
      this.log(`[${this.label}] ${total.rejected.length} of ${rows.length} rows refused (${first}${total.rejected.length > 3 ? "; …" : ""})`);
    }
    return total;
  }

  /** Counts a Thing or entity with no TwinOps asset. */
  unmapped(name: string): void {
    this.stats.unmapped++;
    if (this.stats.unmappedNames.length < 20) this.stats.unmappedNames.push(name);
  }
}

/**
 * Where each stream's back-fill starts: the newest observation the twin stores for it, or
 * `backfillSeconds` before the twin's now when it stores none (or only older ones).
 */
export async function sinceTimes(twin: FeedTwin, datastreamIds: string[], backfillSeconds: number): Promise<Map<string, string>> {
  const floor = (await twin.now()).getTime() - backfillSeconds * 1000;
  const stored = new Map((await twin.latest(datastreamIds)).map((l) => [l.datastreamId, Date.parse(l.t)]));
  return new Map(
    datastreamIds.map((id) => {
      const t = stored.get(id);
      return [id, new Date(t !== undefined && t > floor ? t : floor).toISOString()];
    }),
  );
}
