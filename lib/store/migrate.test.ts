import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, NewerSchemaError, schemaVersion, type Migration } from "./migrate";

const steps: Migration[] = [
  { version: 1, name: "t", up: (db, s) => db.exec(`CREATE TABLE ${s}.t (a INTEGER)`) },
  { version: 2, name: "t.b", up: (db, s) => db.exec(`ALTER TABLE ${s}.t ADD COLUMN b TEXT`) },
];

describe("migrate", () => {
  it("applies each step once, in order, and records it", () => {
    const db = new Database(":memory:");
    expect(migrate(db, "test", steps)).toBe(2);
    expect(migrate(db, "test", steps)).toBe(2);
    expect(schemaVersion(db)).toBe(2);
    db.prepare("INSERT INTO t (a, b) VALUES (1, 'x')").run();
    expect(db.prepare("SELECT name FROM schema_migrations ORDER BY version").all()).toEqual([{ name: "t" }, { name: "t.b" }]);
  });

  it("moves an older store forward without touching its rows", () => {
    const db = new Database(":memory:");
    migrate(db, "test", steps.slice(0, 1));
    db.prepare("INSERT INTO t (a) VALUES (7)").run();
    migrate(db, "test", steps);
    expect(db.prepare("SELECT a, b FROM t").all()).toEqual([{ a: 7, b: null }]);
  });

  it("refuses a store written by a newer release instead of guessing", () => {
    const db = new Database(":memory:");
    migrate(db, "test", steps);
    expect(() => migrate(db, "test", steps.slice(0, 1))).toThrow(NewerSchemaError);
  });

  it("migrates an attached schema by name", () => {
    const db = new Database(":memory:");
    db.exec("ATTACH DATABASE ':memory:' AS ops");
    migrate(db, "ops store", steps, "ops");
    expect(schemaVersion(db, "ops")).toBe(2);
    expect(schemaVersion(db)).toBe(0);
  });

  it("rolls back a step that fails, leaving the version where it was", () => {
    const db = new Database(":memory:");
    const broken: Migration[] = [...steps, { version: 3, name: "bad", up: (d) => d.exec("ALTER TABLE nope ADD COLUMN x") }];
    expect(() => migrate(db, "test", broken)).toThrow();
    expect(schemaVersion(db)).toBe(2);
  });
});
