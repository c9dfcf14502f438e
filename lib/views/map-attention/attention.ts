/**
 * What a map's attention list needs, asked of the server instead of read from a whole layer: at
 * city scale a domain has tens of thousands of assets, and the list shows the few dozen worst.
 * The queries (`abnormalQueries`, `namedQueries`) are small filtered reads of GET /assets; the
 * rows (`attentionRows`) merge their answers with the status the alerts give. Pure; tested beside.
 */
import type { AssetsQuery, AssetsResponse } from "@/lib/twin-client/schemas";
import { LIMITS } from "@/lib/twin-client/limits";
import { STATUS_RANK, worseStatus } from "@/lib/twin/levels";
import type { AssetStatus, Domain } from "@/lib/twin/types";

export type AssetFeature = AssetsResponse["features"][number];

/** Rows one list shows (map-panel.tsx shows at most this many). */
export const ATTENTION_ROWS = 40;
/** The statuses that need attention, worst first. */
export const ABNORMAL: readonly AssetStatus[] = ["critical", "warning", "offline"];
/** How many `ids` queries the alerts' assets are spread over (alert lists hold at most 200). */
export const NAMED_QUERIES = 2;


/** One query per abnormal status: the first rows of each and, through `total`, how many there are. */
export function abnormalQueries(domain: Domain, district: string | null): AssetsQuery[] {
  return ABNORMAL.map((status) => ({ domain, ...(district ? { district } : {}), status, limit: ATTENTION_ROWS }));
}

/**
 * The assets the alerts name, worst alert first, in `NAMED_QUERIES` queries of at most
 * `LIMITS.assetIds` ids (null where there are no more): their names and own status.
 */
export function namedQueries(domain: Domain, byAlert: ReadonlyMap<string, AssetStatus> | null): (AssetsQuery | null)[] {
  const ids = [...(byAlert?.entries() ?? [])].sort((a, b) => STATUS_RANK[b[1]] - STATUS_RANK[a[1]] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
  return Array.from({ length: NAMED_QUERIES }, (_, i) => {
    const chunk = ids.slice(i * LIMITS.assetIds, (i + 1) * LIMITS.assetIds);
    return chunk.length ? { domain, ids: chunk, limit: chunk.length } : null;
  });
}

export interface Attention {
  /** Worst first, at most `ATTENTION_ROWS`, each with the status the map draws. */
  rows: AssetFeature[];
  /** How many assets need attention in all; null until every answer is in. */
  total: number | null;
}

/**
 * The attention list from the answers that are in. `live`: an asset's status is the worse of its
 * own and its open alerts' (`abnormal`: the own-status lists of `abnormalQueries`); at a past
 * instant it is the alerts' active then (`abnormal` is ignored, as the map ignores own status
 * then). `named`: the answers of `namedQueries`. `complete`: every query asked has answered
 * (else the total is not known yet).
 */
export function attentionRows(input: {
  live: boolean;
  abnormal: readonly AssetsResponse[];
  named: readonly AssetsResponse[];
  byAlert: ReadonlyMap<string, AssetStatus> | null;
  complete: boolean;
}): Attention {
  const { live, abnormal, named, byAlert, complete } = input;
  const seen = new Map<string, AssetFeature>();
  const add = (f: AssetFeature, status: AssetStatus) => {
    if (status === "normal" || seen.has(f.id)) return;
    seen.set(f.id, status === f.properties.status ? f : { ...f, properties: { ...f.properties, status } });
  };
  let total = 0;
  for (const answer of named) {
    for (const f of answer.features) {
      const alert = byAlert?.get(f.id);
      const status = live ? worseStatus(f.properties.status, alert) : (alert ?? "normal");
      add(f, status);
      // Live, the own-status totals below count every asset that is not normal by itself.
      if (status !== "normal" && (!live || f.properties.status === "normal")) total += 1;
    }
  }
  if (live) {
    for (const answer of abnormal) {
      total += answer.total;
      for (const f of answer.features) add(f, worseStatus(f.properties.status, byAlert?.get(f.id)));
    }
  }
  const rows = [...seen.values()].sort((a, b) => STATUS_RANK[b.properties.status] - STATUS_RANK[a.properties.status] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows: rows.slice(0, ATTENTION_ROWS), total: complete ? total : null };
}
