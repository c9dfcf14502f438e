import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "@/lib/twin/sources/embedded-port";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { closeOpsStore, getOpsStore, setOpsStoreForTesting } from "./runtime";

const url = testPgUrl();

afterEach(async () => {
  await closeOpsStore();
  setOpsStoreForTesting(undefined);
  vi.unstubAllEnvs();
});

describe("getOpsStore", () => {
  it("opens the SQLite operations file without TWINOPS_DATABASE_URL, once per process", async () => {
    vi.stubEnv("TWINOPS_DATABASE_URL", undefined);
    vi.stubEnv("TWINOPS_DB_PATH", ":memory:");
    const store = await getOpsStore();
    expect(store.backend).toBe("sqlite");
    expect(await getOpsStore()).toBe(store);
  });

  it("answers 503 while PostgreSQL is unreachable, and tries again at the next call", async () => {
    vi.stubEnv("TWINOPS_DATABASE_URL", "postgres://twinops@127.0.0.1:1/twinops");
    const first = getOpsStore();
    await expect(first).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(getOpsStore()).not.toBe(first);
    await getOpsStore().catch(() => {});
  });

  it.skipIf(!url)("opens the PostgreSQL store in schema <TWINOPS_DATABASE_SCHEMA>_ops with TWINOPS_DATABASE_URL", async () => {
    const base = freshSchemaName("rt");
    vi.stubEnv("TWINOPS_DATABASE_URL", url!);
    vi.stubEnv("TWINOPS_DATABASE_SCHEMA", base);
    try {
      const store = await getOpsStore();
      expect(store.backend).toBe("postgres");
      await store.createUser({ username: "a", role: "admin" }, null);
      const pg = await import("pg");
      const c = new pg.default.Client({ connectionString: url! });
      await c.connect();
      const r = await c.query(`SELECT username FROM "${base}_ops".auth_users`);
      await c.end();
      expect(r.rows).toEqual([{ username: "a" }]);
    } finally {
      await closeOpsStore();
      await dropSchema(url!, `${base}_ops`);
    }
  });
});
