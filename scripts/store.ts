/**
 * Backup and restore of the embedded stores (see README "Backups").
 *   npm run backup -- [DIR]                     consistent copies of both stores while the server runs (default data/backups)
 *   npm run restore -- twin|operations FILE     with the server stopped: put FILE in place of that store
 * The stores' files come from the same variables the server reads (TWINOPS_DB_PATH, TWINOPS_OPS_DB_PATH).
 */
import { env, opsDbPath } from "@/lib/config/env";
import { backupStores, restoreStore } from "@/lib/ops/backup";

async function main(argv: string[]): Promise<number> {
  const e = env();
  const stores = { twin: e.TWINOPS_DB_PATH, operations: opsDbPath(e) };
  const [command, ...args] = argv;
  if (command === "backup") {
    const written = await backupStores(stores, args[0] ?? "data/backups");
    for (const f of written) console.log(`[backup] ${f.store}: ${f.from} -> ${f.to} (${(f.bytes / 1e6).toFixed(1)} MB, integrity ok)`);
    return 0;
  }
  if (command === "restore" && (args[0] === "twin" || args[0] === "operations") && args[1]) {
    const r = restoreStore(args[1], stores[args[0]], args[0]);
    console.log(`[restore] ${args[0]}: ${args[1]} -> ${r.target}${r.kept ? ` (the previous file is kept as ${r.kept})` : ""}`);
    return 0;
  }
  console.error("usage: npm run backup -- [DIR]  |  npm run restore -- twin|operations FILE (server stopped)");
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[store] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
