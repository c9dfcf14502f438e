/**
 * PostgreSQL for tests: the server the global setup (test/postgres.ts) provides, and a schema of
 * one's own in it, dropped afterwards, so test files run in parallel without seeing each other.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/**
 * URL of this worker's test database, or null when the PostgreSQL tests are skipped (loudly, by
 * the setup). In the throwaway cluster every vitest worker has a database of its own.
 */
export function testPgUrl(): string | null {
  const url = inject("pgUrl");
  if (!url || !inject("pgPerWorker")) return url;
  const worker = process.env.VITEST_POOL_ID;
  if (!worker) throw new Error("VITEST_POOL_ID is not set: testPgUrl() runs inside a vitest worker");
  const u = new URL(url);
  u.pathname = `${u.pathname}_${worker}`;
  return u.toString();
}

/** A fresh, empty schema name; `dropSchema` removes it. */
export function freshSchemaName(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}
