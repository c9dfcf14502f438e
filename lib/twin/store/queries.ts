import "server-only";
/**
 * The asset and alert queries of both twin stores, built once: SQLite (`TwinStore`) runs them as
 * they are, PostgreSQL (`PgTwinStore`) through `pgPlaceholders` and with `COLLATE "C"`, so text
 * orders, cursors and case folding behave as SQLite's binary collation does (PostgreSQL's default
 * collation sorts `urn:ngsi-ld:A-b` and `urn:ngsi-ld:Ab` by locale rules, and its `lower()`
 * folds non-ASCII letters, where SQLite folds ASCII only).
 */
import type { AlertQuery } from "../source";
import type { AssetFilter } from "./rows";

/** How a store's SQL differs: the collation clause for text order and case folding ("" in SQLite). */
export interface SqlDialect {
  collate: string;
}

export const SQLITE: SqlDialect = { collate: "" };
export const POSTGRES: SqlDialect = { collate: ' COLLATE "C"' };

export interface SqlQuery {
  sql: string;
  args: (string | number)[];
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (our statements have no `?` in literals). */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const whereOf = (where: string[]) => (where.length ? `WHERE ${where.join(" AND ")}` : "");

/**
 * Count and page of an asset filter: equal filters, bbox overlap, a case-insensitive text match
 * on id and names, ordered by id after the cursor (or, for a page before one, by id descending
 * before it). `columns`: the row's select list.
 */
export function assetQueries(f: AssetFilter, columns: string, d: SqlDialect): { count: SqlQuery; page: SqlQuery } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  for (const col of ["domain", "type", "district", "status"] as const) {
    const v = f[col];
    if (v === undefined) continue;
    where.push(`${col} = ?`);
    args.push(v);
  }
  if (f.domains) {
    // An empty list matches nothing (a scope of no domains), not everything.
    where.push(f.domains.length ? `domain IN (${f.domains.map(() => "?").join(",")})` : "0 = 1");
    args.push(...f.domains);
  }
  if (f.ids) {
    // An empty list matches nothing, like an empty scope.
    where.push(f.ids.length ? `id${d.collate} IN (${f.ids.map(() => "?").join(",")})` : "0 = 1");
    args.push(...f.ids);
  }
  if (f.bbox) {
    where.push("maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?");
    args.push(f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
  }
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const ci = (col: string) => `lower(${col}${d.collate}) LIKE ? ESCAPE '\\'`;
    where.push(`(${ci("id")} OR ${ci("name_en")} OR ${ci("name_zh")})`);
    args.push(like, like, like);
  }
  const count = { sql: `SELECT count(*) AS n FROM assets ${whereOf(where)}`, args };
  const edge = f.afterId !== undefined ? { op: ">", id: f.afterId } : f.beforeId !== undefined ? { op: "<", id: f.beforeId } : null;
  const pageWhere = edge ? whereOf([...where, `id${d.collate} ${edge.op} ?`]) : whereOf(where);
  const pageArgs = edge ? [...args, edge.id] : args;
  const order = f.beforeId !== undefined ? "DESC" : "ASC";
  return {
    count,
    page: { sql: `SELECT ${columns} FROM assets ${pageWhere} ORDER BY id${d.collate} ${order} LIMIT ?`, args: [...pageArgs, f.limit] },
  };
}

/**
 * Alerts matching a query, newest first. `select`: the store's select of alerts (`a`) joined with
 * the operators' workflow of the twin's generation.
 */
export function alertQuery(q: AlertQuery, select: string, d: SqlDialect): SqlQuery {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.state?.length) {
    where.push(`state IN (${q.state.map(() => "?").join(",")})`);
    args.push(...q.state);
  }
  if (q.severity?.length) {
    where.push(`severity IN (${q.severity.map(() => "?").join(",")})`);
    args.push(...q.severity);
  }
  if (q.domain) {
    where.push("domain = ?");
    args.push(q.domain);
  }
  if (q.bbox) {
    where.push("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?");
    args.push(q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3]);
  }
  if (q.district) {
    where.push("district = ?");
    args.push(q.district);
  }
  if (q.assetId) {
    where.push("asset_id = ?");
    args.push(q.assetId);
  }
  if (q.at) {
    // Active at that instant: started by then and not yet ended.
    const a = Math.floor(q.at.getTime() / 1000);
    where.push('start <= ? AND ("end" IS NULL OR "end" > ?)');
    args.push(a, a);
  }
  if (q.since) {
    // Alerts still open, or that started or ended since then.
    where.push('("end" IS NULL OR "end" >= ? OR start >= ?)');
    const s = Math.floor(q.since.getTime() / 1000);
    args.push(s, s);
  }
  if (q.from) {
    where.push("start >= ?");
    args.push(Math.floor(q.from.getTime() / 1000));
  }
  if (q.to) {
    where.push("start < ?");
    args.push(Math.ceil(q.to.getTime() / 1000));
  }
  return { sql: `${select} ${whereOf(where)} ORDER BY start DESC, id${d.collate} LIMIT ?`, args: [...args, q.limit] };
}
