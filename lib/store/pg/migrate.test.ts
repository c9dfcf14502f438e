import { afterAll, describe, expect, it } from "vitest";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { openPg, type PgDb } from "./client";
import { NewerSchemaError, pgMigrate, pgSchemaVersion, type PgMigration } from "./migrate";

const url = testPgUrl();
const schemas: string[] = [];

async function fresh(): Promise<PgDb> {
  const schema = freshSchemaName("mig");
  schemas.push(schema);
  return openPg(url!, { schema });
}

const steps: PgMigration[] = [
  { version: 1, name: "a", up: async (tx) => void (await tx.query("CREATE TABLE a (x int)")) },
  { version: 2, name: "b", up: async (tx) => void (await tx.query("INSERT INTO a VALUES (1)")) },
];

describe.skipIf(!url)("PostgreSQL migrations", () => {
  afterAll(async () => {
    for (const s of schemas) await dropSchema(url!, s);
  });

  it("applies each step once, even from instances starting together", async () => {
    const db = await fresh();
    const other = await openPg(url!, { schema: schemas.at(-1) });
    expect(await pgSchemaVersion(db)).toBe(0);
    expect(await Promise.all([pgMigrate(db, "t", steps), pgMigrate(other, "t", steps), pgMigrate(db, "t", steps)])).toEqual([2, 2, 2]);
    expect(await db.query("SELECT x FROM a")).toEqual([{ x: 1 }]);
    expect(await db.query("SELECT version, name FROM schema_migrations ORDER BY version")).toEqual([
      { version: 1, name: "a" },
      { version: 2, name: "b" },
    ]);
    await Promise.all([db.close(), other.close()]);
  });

  it("adds a new step to an existing database and refuses a newer one", async () => {
    const db = await fresh();
    await pgMigrate(db, "t", steps.slice(0, 1));
    expect(await pgSchemaVersion(db)).toBe(1);
    await pgMigrate(db, "t", steps);
    expect(await pgSchemaVersion(db)).toBe(2);
    await expect(pgMigrate(db, "t", steps.slice(0, 1))).rejects.toBeInstanceOf(NewerSchemaError);
    await db.close();
  });

  it("rolls a failing step back whole", async () => {
    const db = await fresh();
    const bad: PgMigration = {
      version: 1,
      name: "bad",
      up: async (tx) => {
        await tx.query("CREATE TABLE half (x int)");
        await tx.query("SELECT 1/0");
      },
    };
    await expect(pgMigrate(db, "t", [bad])).rejects.toThrow(/division by zero/);
    expect(await pgSchemaVersion(db)).toBe(0);
    expect(await db.query("SELECT to_regclass('half')::text AS t")).toEqual([{ t: null }]);
    await db.close();
  });
});
