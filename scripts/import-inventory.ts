/** `npm run import-inventory -- <city> <file> <out.json>`: see lib/city/import-cli.ts. */
import { runImport } from "@/lib/city/import-cli";

process.exit(runImport(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l)));
