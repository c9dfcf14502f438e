/**
 * Vitest global setup: a throwaway PostgreSQL server for the tests that need one.
 *
 * - `TWINOPS_TEST_DATABASE_URL` set: that server is used as it is (tests work in schemas of their
 *   own and drop them).
 * - Otherwise Debian's PostgreSQL 15 binaries are looked for (`/usr/lib/postgresql/15/bin`,
 *   `pg_config --bindir`, PATH); when missing and running as root, `postgresql` is installed with
 *   apt, the way scripts/test-all.sh installs Chromium. A cluster is made with `initdb` in a
 *   temporary folder (as the `postgres` OS user when root: initdb refuses root), started with
 *   `pg_ctl` on a free port with its socket in that folder and `fsync=off`, and stopped and removed
 *   in teardown. Clusters left by a crashed run (their owner process is gone) are removed first.
 * - No server can be had: the PostgreSQL tests are skipped with a loud message, and under CI the
 *   run fails instead (a green CI must not hide a missing store).
 *
 * Vitest runs test files on several workers at once. Each worker gets a database of its own in the
 * throwaway cluster (`twinops_test_<n>`, n = VITEST_POOL_ID), so a file that looks at the whole
 * database (statistics, vacuum, pg_stat_activity) never sees another worker's file; files on one
 * worker run one after another. A server given in TWINOPS_TEST_DATABASE_URL is shared as it is.
 *
 * Tests read their URL with `testPgUrl()` (null when skipped); see test/pg.ts.
 */
import { execFileSync, spawnSync, type SpawnSyncOptionsWithStringEncoding } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test PostgreSQL server, or null when none could be had. */
    pgUrl: string | null;
    /** Whether `pgUrl`'s database is a stem: each worker uses `<database>_<VITEST_POOL_ID>`. */
    pgPerWorker: boolean;
  }
}

const PREFIX = "twinops-pg-";
/** Database name stem in the throwaway cluster: worker n uses `${STEM}_n`. */
const STEM = "twinops_test";
const APT_LOG = path.join(os.tmpdir(), "twinops-apt-postgresql.log");

const log = (line: string) => process.stderr.write(`[pg] ${line}\n`);

function loud(reason: string): void {
  const bar = "!".repeat(78);
  process.stderr.write(`\n${bar}\n[pg] PostgreSQL tests are SKIPPED: ${reason}\n`);
  process.stderr.write("[pg] Install it (apt-get install postgresql) or set TWINOPS_TEST_DATABASE_URL.\n");
  process.stderr.write(`${bar}\n\n`);
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function hasBins(dir: string): boolean {
  return ["initdb", "pg_ctl", "postgres"].every((b) => fs.existsSync(path.join(dir, b)));
}

/** Folder holding initdb, pg_ctl and postgres, or null. */
export function findPgBin(): string | null {
  const candidates = ["/usr/lib/postgresql/15/bin"];
  const cfg = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (cfg.status === 0 && cfg.stdout.trim()) candidates.push(cfg.stdout.trim());
  // Debian puts only wrappers on PATH; resolve a real initdb to its folder.
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, "initdb");
    if (fs.existsSync(p)) candidates.push(path.dirname(fs.realpathSync(p)));
  }
  for (const dir of fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort().reverse() : [])
    candidates.push(path.join("/usr/lib/postgresql", dir, "bin"));
  return candidates.find(hasBins) ?? null;
}

function aptInstall(): boolean {
  log(`PostgreSQL missing: installing Debian's postgresql with apt (log: ${APT_LOG})...`);
  const r = spawnSync(
    "bash",
    ["-c", `(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >${APT_LOG} 2>&1`],
    { stdio: "inherit" },
  );
  return r.status === 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const shellQuote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root (runuser, else su). */
function runPg(bin: string, args: string[], asPostgres: boolean): void {
  const io: SpawnSyncOptionsWithStringEncoding = { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] };
  let r = asPostgres ? spawnSync("runuser", ["-u", "postgres", "--", bin, ...args], io) : spawnSync(bin, args, io);
  if (asPostgres && r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT")
    r = spawnSync("su", ["postgres", "-s", "/bin/sh", "-c", [bin, ...args].map(shellQuote).join(" ")], io);
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
}

/** Stops and removes clusters whose vitest process is gone (a crashed or killed run). */
function reapStale(binDir: string, asPostgres: boolean): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(dir, "owner.pid"), "utf8"));
    } catch {
      // A folder without an owner file is from a run that died while making it.
    }
    if (owner && alive(owner)) continue;
    if (fs.existsSync(path.join(dir, "data", "postmaster.pid"))) {
      try {
        runPg(path.join(binDir, "pg_ctl"), ["stop", "-D", path.join(dir, "data"), "-m", "immediate", "-w"], asPostgres);
      } catch {
        // Already down.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    log(`removed a cluster left by an earlier run: ${dir}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  url: string;
  stop(): void;
}

/**
 * Starts a throwaway cluster of the PostgreSQL in `binDir`; `settings` are extra `-c` options.
 * `databases` (default: the one `twinops_test`) are created in it; the URL names the first.
 */
export async function startCluster(binDir: string, settings: readonly string[] = [], databases: readonly string[] = ["twinops_test"]): Promise<Cluster> {
  const asPostgres = isRoot();
  reapStale(binDir, asPostgres);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.writeFileSync(path.join(dir, "owner.pid"), String(process.pid));
  if (asPostgres) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const bin = (b: string) => path.join(binDir, b);
  const stop = () => {
    try {
      runPg(bin("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"], asPostgres);
    } catch {
      // Not running (start failed) or already stopped.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const t0 = performance.now();
    runPg(bin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], asPostgres);
    // A port taken between freePort() and the start is rare; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts = [
        `-p ${port}`,
        "-c listen_addresses=127.0.0.1",
        `-c unix_socket_directories=${dir}`,
        "-c fsync=off",
        // Commits stay synchronous (cheap with fsync off): after an asynchronous commit, hint bits
        // wait for the WAL writer, and a VACUUM before it cannot mark pages all-visible (on a
        // loaded machine pg/store.test.ts then saw heap fetches in an index-only scan).
        "-c full_page_writes=off",
        "-c shared_buffers=64MB",
        ...(settings.some((x) => x.startsWith("max_connections=")) ? [] : ["-c max_connections=60"]),
        ...settings.map((x) => `-c ${x}`),
      ].join(" ");
      try {
        runPg(bin("pg_ctl"), ["start", "-D", data, "-w", "-t", "30", "-l", path.join(dir, "server.log"), "-o", opts], asPostgres);
      } catch (e) {
        if (attempt < 3) continue;
        throw e;
      }
      for (const db of databases) runPg(bin("createdb"), ["-h", dir, "-p", String(port), "-U", "postgres", db], asPostgres);
      log(`throwaway PostgreSQL on 127.0.0.1:${port} (${dir}) with ${databases.join(", ")} ready in ${Math.round(performance.now() - t0)} ms`);
      return { url: `postgres://postgres@127.0.0.1:${port}/${databases[0]}`, stop };
    }
  } catch (e) {
    const serverLog = path.join(dir, "server.log");
    if (fs.existsSync(serverLog)) log(fs.readFileSync(serverLog, "utf8").slice(-2000));
    stop();
    throw e;
  }
}

let cluster: Cluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.TWINOPS_TEST_DATABASE_URL;
  if (given) {
    log("using the server in TWINOPS_TEST_DATABASE_URL");
    project.provide("pgUrl", given);
    project.provide("pgPerWorker", false);
    return;
  }
  let binDir = findPgBin();
  if (!binDir && isRoot() && fs.existsSync("/usr/bin/apt-get")) {
    if (!aptInstall()) log(`apt install of postgresql failed; see ${APT_LOG}`);
    binDir = findPgBin();
  }
  if (!binDir) {
    const reason = "no PostgreSQL binaries (initdb, pg_ctl) found and not root to install them";
    if (process.env.CI) throw new Error(`[pg] ${reason} (CI must run the PostgreSQL tests)`);
    loud(reason);
    project.provide("pgUrl", null);
    project.provide("pgPerWorker", false);
    return;
  }
  // VITEST_POOL_ID runs from 1 to maxWorkers.
  const workers = Math.max(1, project.config.maxWorkers);
  const names = Array.from({ length: workers }, (_, i) => `${STEM}_${i + 1}`);
  // Each worker's files open a few pools at once (two twin instances, writer, readers).
  // No autovacuum: a test that vacuums itself (pg/store.test.ts, the writer's finished days)
  // must find the rows it wrote still unvacuumed, whenever the launcher comes by.
  cluster = await startCluster(binDir, [`max_connections=${20 + 40 * workers}`, "autovacuum=off"], names);
  project.provide("pgUrl", cluster.url.replace(/[^/]+$/, STEM));
  project.provide("pgPerWorker", true);
}

export function teardown(): void {
  cluster?.stop();
  cluster = null;
}
