/**
 * `--help` for every bench: prints the bench's header comment and exits before it does anything,
 * so scripts/check-bench.sh can start each one in CI without a server or a browser.
 */
import { readFileSync } from "node:fs";

export function helpAndExit(file: string): void {
  if (!process.argv.includes("--help")) return;
  const header = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, "utf8"))?.[1] ?? "";
  console.log(
    header
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n")
      .trim(),
  );
  process.exit(0);
}
