import "server-only";
import { createHash } from "node:crypto";
import { DOMAIN_MODULES } from "@/domains";
import type { DomainModule } from "@/domains/types";

/**
 * Content hash of what stored twin data means: every domain's datastreams (units, cadences), its
 * metrics in rollup-index order, and its KPI and alert rule definitions. A store written under
 * another hash is rebuilt (its twin data re-simulated; operations data lives elsewhere and is
 * kept), so changing a definition in domains/ can never leave a database holding old definitions
 * or rollups indexed by an older metric order — no version to bump by hand.
 */
export function definitionsHash(modules: readonly DomainModule[] = DOMAIN_MODULES): string {
  const meaning = modules.map((m) => ({
    id: m.id,
    streams: m.assetTypes.map((t) => ({ type: t.type, datastreams: t.datastreams })),
    metrics: m.metrics,
    kpis: m.kpis,
    alertRules: m.alertRules,
  }));
  return createHash("sha256").update(JSON.stringify(meaning)).digest("hex").slice(0, 16);
}

/** The hash of the registry this build carries (what `meta.schemaVersion` of a current store holds). */
export const DEFINITIONS_HASH = definitionsHash();
