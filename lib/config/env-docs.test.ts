/**
 * The variables a deployer reads about are the ones the code parses: lib/config/env.ts's schema,
 * `.env.example` and the README's configuration table list the same names, and every value
 * `.env.example` sets is the default.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvSchema, parseEnv } from "./env";

const ROOT = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const schema = Object.keys(EnvSchema.shape).sort();

/** `NAME=value` lines of .env.example, set or commented out. */
function exampleLines(): { name: string; value: string; set: boolean }[] {
  return [...read(".env.example").matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({ name: m[2]!, value: m[3]!, set: !m[1] }));
}

/** Variable names in the first column of the table under the README's "## Configuration". */
function readmeTable(): string[] {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(read("README.md"))?.[1] ?? "";
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  return rows.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

describe("configuration docs", () => {
  it(".env.example lists every variable of the schema once, and no other", () => {
    const names = exampleLines().map((l) => l.name);
    expect([...names].sort()).toEqual(schema);
  });

  it("sets each variable in .env.example to its default (others are commented out)", () => {
    const defaults = parseEnv({});
    for (const { name, value, set } of exampleLines()) {
      if (set) expect(parseEnv({ [name]: value })[name as keyof typeof defaults], name).toEqual(defaults[name as keyof typeof defaults]);
      else expect(defaults[name as keyof typeof defaults], `${name} is commented out, so it must have no default`).toBeUndefined();
    }
  });

  it("the README's configuration table lists every variable of the schema once, and no other", () => {
    expect(readmeTable().sort()).toEqual(schema);
  });
});
