/**
 * `npm run import-inventory -- <city> <file.geojson|file.csv> <out.json>`: checks a city's asset
 * inventory against the pack's mapping, prints the report (accepted and refused rows with
 * reasons) and writes the inventory to `out.json` only when every row was accepted, atomically
 * (a temporary file renamed over the target): never half a file, never half an inventory.
 * The twin loads the file when TWINOPS_INVENTORY_FILE names it (docs/feeds.md).
 */
import { renameSync, readFileSync, writeFileSync } from "node:fs";
import { importInventory, type ImportReport } from "./import";
import { loadCityPack } from "./pack";

export const IMPORT_USAGE =
  "usage: npm run import-inventory -- <city> <file.geojson|file.csv> <out.json>\n" +
  "  then start the twin with TWINOPS_CITY=<city> TWINOPS_INVENTORY_FILE=<out.json> (keep it outside public/)";

/** Runs the command; returns the exit code (0 imported, 1 rows refused or a bad file, 2 usage). */
export function runImport(args: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  const [city, file, target] = args;
  if (!city || !file || !target) {
    err(IMPORT_USAGE);
    return 2;
  }
  const format = /\.csv$/i.test(file) ? "csv" : "geojson";
  let report: ImportReport;
  try {
    report = importInventory(readFileSync(file, "utf8"), format, loadCityPack(city));
  } catch (e) {
    // A missing file, an unknown city or a file that is no inventory at all: said, not thrown.
    err(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  out(`${file}: ${report.rows} rows, ${report.accepted.length} accepted, ${report.refused.length} refused`);
  for (const r of report.refused) out(`  refused row ${r.row}: ${r.reason}`);
  for (const a of report.accepted) out(`  accepted row ${a.row}: ${a.id} in ${a.district}${a.districtFrom === "polygon" ? " (by location)" : ""}`);
  if (!report.inventory) {
    err(`nothing imported: fix the refused rows and run again (${target} is unchanged)`);
    return 1;
  }
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report.inventory));
  renameSync(tmp, target);
  out(`wrote ${report.inventory.assets.length} assets and ${report.inventory.datastreams.length} datastreams to ${target}`);
  out(`the twin loads it with TWINOPS_CITY=${city} TWINOPS_INVENTORY_FILE=${target}`);
  return 0;
}
