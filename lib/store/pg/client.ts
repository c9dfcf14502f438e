import "server-only";
/**
 * The one place TwinOps talks to PostgreSQL through `pg` (node-postgres): a pool opened from a
 * URL, `query`, and `transaction` that commits or rolls back around a callback. int8 and numeric
 * columns come back as JS numbers (epoch seconds and counts stay far below 2^53), not strings.
 */
import pg from "pg";

/** What a statement can run on: the pool or a transaction's client. */
export interface PgQueryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface PgDb extends PgQueryable {
  readonly pool: pg.Pool;
  /** Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PgOptions {
  /** Schema the connections work in (search_path); created when missing. Default: the server's. */
  schema?: string;
  /** Pool size. */
  max?: number;
  applicationName?: string;
}

const INT8 = 20;
const NUMERIC = 1700;
const parseNumber = (v: string) => Number(v);
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? parseNumber : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes an identifier we build ourselves (schema, partition names); refuses anything unusual. */
export function ident(name: string): string {
  if (!SCHEMA_NAME.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

function wrap(client: pg.PoolClient | pg.Pool): PgQueryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const r = await client.query<R>(sql, params as unknown[]);
      return r.rows;
    },
  };
}

/** Opens a pool on `url` (postgres://user@host:port/db). */
export async function openPg(url: string, opts: PgOptions = {}): Promise<PgDb> {
  const schema = opts.schema;
  if (schema !== undefined) ident(schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 4,
    types: TYPES,
    application_name: opts.applicationName ?? "twinops",
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on("error", () => {});
  if (schema) {
    // Two instances starting together both run this; IF NOT EXISTS is not atomic, and the one that
    // loses the race gets a unique violation (23505) or duplicate schema (42P06): the schema is there.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`).catch((e: unknown) => {
      const code = (e as { code?: unknown }).code;
      if (code !== "23505" && code !== "42P06") throw e;
    });
  }
  const base = wrap(pool);
  return {
    pool,
    query: base.query,
    async transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
