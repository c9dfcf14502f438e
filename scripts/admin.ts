/**
 * Account recovery from the server's shell: `npm run admin -- reset-password <user>` or
 * `npm run admin -- unlock <user>` (lib/auth/admin-cli.ts; docs/security.md). Run it with the
 * server's environment so it opens the server's database. `--conditions=react-server` (in the
 * npm script) lets lib/ modules import "server-only".
 */
import { ADMIN_USAGE, runAdmin } from "@/lib/auth/admin-cli";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

const args = process.argv.slice(2);
if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
  console.log(ADMIN_USAGE);
  process.exit(args.length === 0 ? 2 : 0);
}
runAdmin(args, { readStdin, out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
