/**
 * `npm start`: the production server, as `next start` runs it (Next's documented custom-server
 * API: https://nextjs.org/docs/app/guides/custom-server), with one thing `next start` has no
 * option for: the listen backlog. Node listens with a backlog of 511; when a control room's
 * screens come up at once on a loaded machine, the queue of connections waiting to be accepted
 * fills and the kernel drops new ones (the browsers' connects time out). docs/fan-out.md has the
 * measurements. The kernel caps the backlog at `net.core.somaxconn` (4096 on Linux 5.4+).
 *
 *   node server.mjs [-p PORT] [-H HOST] [--keepAliveTimeout MS] [--backlog N]
 *
 * PORT and HOSTNAME in the environment are read as `next start` reads them; `.env`, TWINOPS_*
 * and TWINOPS_DIST_DIR are read by Next itself. `next start` keeps working as before (with
 * Node's backlog).
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const OPTIONS = {
  port: { type: "string", short: "p" },
  hostname: { type: "string", short: "H" },
  keepAliveTimeout: { type: "string" },
  backlog: { type: "string" },
};
/** @type {{ port?: string; hostname?: string; keepAliveTimeout?: string; backlog?: string }} */
let values;
try {
  ({ values } = parseArgs({ options: /** @type {const} */ (OPTIONS) }));
} catch (err) {
  console.error(`server.mjs: ${err instanceof Error ? err.message : String(err)} (options: -p PORT, -H HOST, --keepAliveTimeout MS, --backlog N)`);
  process.exit(1);
}

/** A whole number in [min, max] from a flag or variable, or a clear message and exit. */
function intOption(name, raw, fallback, min, max) {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`server.mjs: ${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return n;
}

const port = intOption("the port (-p or PORT)", values.port ?? process.env.PORT, 3000, 0, 65535);
const backlog = intOption("--backlog", values.backlog, 4096, 1, 65535);
const keepAliveTimeout = intOption("--keepAliveTimeout", values.keepAliveTimeout, 5000, 0, 2 ** 31 - 1);
const hostname = values.hostname ?? process.env.HOSTNAME;

process.title = "next-server";
// As `next start` sets it, before Next is loaded.
process.env.NODE_ENV ??= "production";
const { default: next } = await import("next");
const app = next({ dev: false, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = keepAliveTimeout;
server.on("error", (err) => {
  console.error(`server.mjs: ${err.message}`);
  process.exit(1);
});
// As `next start` does: on SIGTERM/SIGINT stop accepting and exit once the open connections are
// gone (lib/ops/lifecycle.ts ends the event streams and stops the writers meanwhile, and exits
// after 10 s whatever happens).
for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]]) {
  process.once(signal, () => {
    server.close(() => process.exit(code));
    server.closeIdleConnections();
  });
}
server.listen({ port, host: hostname, backlog }, () => {
  const { port: bound } = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(`▲ TwinOps ready on http://${hostname ?? "localhost"}:${bound} (backlog ${backlog}, keep-alive ${keepAliveTimeout} ms)`);
});
