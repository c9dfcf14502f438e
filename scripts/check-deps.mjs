#!/usr/bin/env node
/**
 * Dependencies are declared as they are used (run by scripts/test-all.sh; exits 1 on a problem):
 * - every bare import (import/export from, import(), require(), require.resolve(), CSS @import)
 *   in the project's code names a package in package.json; a type-only import may be met by
 *   its @types package instead;
 * - a package that app code (app/, components/, lib/, proxy.ts, instrumentation.ts; tests
 *   excepted) loads at run time is in `dependencies`, not only in `devDependencies`;
 * - every declared package is used: imported, named in a config file, run as a command (its
 *   bin in package.json scripts, scripts/*.sh, .ci/run or the README), or the @types of a used
 *   package or of Node.
 * Plain Node, no packages: it must run before anything else can be trusted.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const CODE_DIRS = ["app", "components", "lib", "scripts", "bench", "e2e", "test"];
const ROOT_FILES = [
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "playwright.config.ts",
  "vitest.config.ts",
  "eslint.config.mjs",
  "postcss.config.mjs",
];
/** Code that runs in the server or the browser of a production build. */
const APP_CODE = /^(app|components|lib)\/|^(proxy|instrumentation)\.ts$|^next\.config\.js$/;
/** Tests, and parts of a test suite other suites import (`*.contract.ts`: a contract run on each backend). */
const TEST_FILE = /\.(test|spec|contract)\.tsx?$/;
/** Files whose string values name packages (plugins, presets), and the tool each one configures. */
const CONFIG_FILES = { "postcss.config.mjs": "postcss", ".prettierrc.json": "prettier", "tsconfig.json": "typescript" };
/** Where commands are run from: a package whose bin appears here is used. */
const COMMAND_FILES = ["scripts/test-all.sh", ".ci/run", "README.md"];

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const deps = new Set(Object.keys(pkg.dependencies ?? {}));
const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));
const declared = new Set([...deps, ...devDeps]);
const builtins = new Set(builtinModules);

function walk(dir) {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs|css)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !f.split("/").includes("node_modules"));
}

/** The package a bare specifier names, or null for relative, aliased and built-in ones. */
function packageOf(spec) {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("@/") || spec.startsWith("node:")) return null;
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtins.has(name) ? null : name;
}

const typesOf = (name) => `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;

/** [specifier, typeOnly] of every import in a source file (comments are stripped first). */
function importsOf(file, text) {
  if (file.endsWith(".css")) return [...text.matchAll(/@(?:import|plugin)\s+["']([^"']+)["']/g)].map((m) => [m[1], false]);
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const out = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([\w*{}\s,$]+?)\s+from\s+["']([^"']+)["']/g)) {
    const names = m[3].trim();
    // `import { type A, type B } from` is type-only too.
    const allTypes =
      /^\{[\s\S]*\}$/.test(names) &&
      names
        .slice(1, -1)
        .split(",")
        .filter((s) => s.trim())
        .every((s) => /^\s*type\s/.test(s));
    out.push([m[4], Boolean(m[2]) || allTypes]);
  }
  for (const m of code.matchAll(/\bimport\s+["']([^"']+)["']/g)) out.push([m[1], false]);
  for (const m of code.matchAll(/\b(?:import|require|require\.resolve)\s*\(\s*["']([^"']+)["']\s*\)/g)) out.push([m[1], false]);
  return out;
}

const problems = [];
const used = new Set();

for (const file of [...CODE_DIRS.flatMap(walk), ...ROOT_FILES.filter((f) => existsSync(join(ROOT, f)))]) {
  for (const [spec, typeOnly] of importsOf(file, readFileSync(join(ROOT, file), "utf8"))) {
    const name = packageOf(spec);
    if (name === null) continue;
    if (declared.has(name)) {
      used.add(name);
      // CSS imports (Tailwind) are resolved by the build, not loaded by the server.
      if (!typeOnly && APP_CODE.test(file) && !TEST_FILE.test(file) && !file.endsWith(".css") && !deps.has(name)) {
        problems.push(`${file}: loads "${name}" at run time, but it is only a devDependency (move it to dependencies)`);
      }
    } else if (typeOnly && declared.has(typesOf(name))) {
      used.add(typesOf(name));
    } else {
      problems.push(`${file}: imports "${spec}", but "${name}" is not in package.json${typeOnly ? ` (nor ${typesOf(name)})` : ""}`);
    }
  }
}

for (const [file, tool] of Object.entries(CONFIG_FILES)) {
  if (!existsSync(join(ROOT, file))) continue;
  used.add(tool);
  for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/["']([^"'\s]+)["']/g)) if (declared.has(m[1])) used.add(m[1]);
}

const commands = [
  Object.values(pkg.scripts ?? {}).join("\n"),
  ...COMMAND_FILES.filter((f) => existsSync(join(ROOT, f))).map((f) => readFileSync(join(ROOT, f), "utf8")),
].join("\n");
for (const name of declared) {
  const manifest = join(ROOT, "node_modules", name, "package.json");
  if (!existsSync(manifest)) continue;
  const { bin } = JSON.parse(readFileSync(manifest, "utf8"));
  const bins = typeof bin === "string" ? [name.split("/").pop()] : Object.keys(bin ?? {});
  if (bins.some((b) => new RegExp(`(^|[\\s;&|(\`])(npx\\s+)?${b.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`, "m").test(commands)))
    used.add(name);
}

// @types/X is used when X is (or, for @types/node, whenever Node's modules are).
for (const name of declared) {
  if (!name.startsWith("@types/")) continue;
  const of = name.slice("@types/".length).replace(/^(.+)__/, "@$1/");
  if (of === "node" || used.has(of)) used.add(name);
}

for (const name of declared) if (!used.has(name)) problems.push(`package.json: "${name}" is declared but nothing uses it (remove it)`);

if (problems.length > 0) {
  console.error(`[deps] ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`[deps] ${declared.size} declared packages, each used; every import declared`);
