/**
 * Configuration is read in one place: lib/config/env.ts parses every TWINOPS_ variable with one
 * rule. A second `process.env` read elsewhere in the app would parse a variable its own way
 * (that is how TWINOPS_TRUST_PROXY=0 once meant 1), so this fails on any.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
/** App code: what `next build` bundles for the server and the browser. */
const DIRS = ["app", "components", "lib"];
const FILES = ["proxy.ts", "instrumentation.ts"];
/** Variables Next itself sets, which the app may branch on. */
const NEXT_OWN = /process\.env\.(NEXT_RUNTIME|NODE_ENV)\b/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe("environment reads", () => {
  it("happen only in lib/config/env.ts", () => {
    const files = [...DIRS.flatMap(sources), ...FILES];
    expect(files).toContain("lib/security/client.ts");
    const offenders = files
      .filter((f) => f !== "lib/config/env.ts")
      .flatMap((f) =>
        readFileSync(join(ROOT, f), "utf8")
          .replace(NEXT_OWN, "")
          .split("\n")
          .map((line, i) => ({ at: `${f}:${i + 1}`, line: line.trim() }))
          .filter(({ line }) => /process\.env\b|import\.meta\.env\b/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
