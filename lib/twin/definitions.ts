import "server-only";
import { createHash } from "node:crypto";
import { DOMAIN_MODULES } from "@/domains";
import type { DomainModule } from "@/domains/types";

/**
 * Content hash of what stored twin data means: every domain's datastreams (units, cadences) and
 * its metrics in rollup-index order. An embedded store written under another hash is rebuilt (its
 * twin data re-simulated; operations data lives elsewhere and is kept; a PostgreSQL twin refuses
 * to start instead of being rebuilt in place), so changing what a stored row means can never leave
 * a database read under the wrong meaning — no version to bump by hand. KPI and alert rule texts,
 * thresholds and formulas are read from the registry and the pack on every start (the embedded
 * store's copy of the KPI definitions is refreshed): changing them rebuilds nothing.
 */
export function definitionsHash(modules: readonly DomainModule[] = DOMAIN_MODULES): string {
  const meaning = modules.map((m) => ({
    id: m.id,
    streams: m.assetTypes.map((t) => ({ type: t.type, datastreams: t.datastreams })),
    metrics: m.metrics,
  }));
  return createHash("sha256").update(JSON.stringify(meaning)).digest("hex").slice(0, 16);
}

/** The hash of the registry this build carries (what `meta.schemaVersion` of a current store holds). */
export const DEFINITIONS_HASH = definitionsHash();
