import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_FAILED_SIGNINS } from "@/lib/ops/auth-rules";
import { PgOpsStore } from "@/lib/ops/pg-store";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import type { OperationsStore } from "@/lib/ops/port";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { runAdmin, type AdminIo } from "./admin-cli";
import { hashPassword } from "./password";
import { signInWithPassword } from "./signin";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-admin-cli-"));
const url = testPgUrl();

/**
 * The command opens the store the way the server does, from the environment (no `openStore`):
 * the operations file, or with TWINOPS_DATABASE_URL the PostgreSQL schema `<schema>_ops`. `server`
 * is a second store on the same storage, as the running server would hold.
 */
const backends = [
  {
    name: "sqlite",
    async setUp(): Promise<{ server: OperationsStore; audit: () => Promise<unknown[]>; tearDown: () => Promise<void> }> {
      const file = path.join(dir, "twinops-ops.db");
      vi.stubEnv("TWINOPS_DATABASE_URL", undefined);
      vi.stubEnv("TWINOPS_OPS_DB_PATH", file);
      const server = new SqliteOpsStore(file);
      return {
        server,
        audit: async () => server.db.prepare("SELECT actor, action, target FROM audit ORDER BY seq").all(),
        tearDown: () => server.close(),
      };
    },
  },
  ...(url
    ? [
        {
          name: "postgres",
          async setUp() {
            const base = freshSchemaName("cli");
            vi.stubEnv("TWINOPS_DATABASE_URL", url);
            vi.stubEnv("TWINOPS_DATABASE_SCHEMA", base);
            const server = await PgOpsStore.open(url, { schema: opsSchemaName(base) });
            const { openPg } = await import("@/lib/store/pg/client");
            const raw = await openPg(url, { schema: opsSchemaName(base) });
            return {
              server,
              audit: () => raw.query("SELECT actor, action, target FROM audit ORDER BY seq"),
              tearDown: async () => {
                await server.close();
                await raw.close();
                await dropSchema(url, opsSchemaName(base));
              },
            };
          },
        },
      ]
    : []),
];

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

function io(stdin = ""): AdminIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, readStdin: () => Promise.resolve(stdin), out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

describe.each(backends)("npm run admin ($name)", { timeout: 120_000 }, (backend) => {
  let server: OperationsStore;
  let audit: () => Promise<unknown[]>;
  let tearDown: () => Promise<void>;

  beforeAll(async () => {
    ({ server, audit, tearDown } = await backend.setUp());
    await server.createUser({ username: "admin", role: "admin", passwordHash: await hashPassword("the-old-password-1") }, null);
  });

  afterAll(async () => {
    await tearDown();
    vi.unstubAllEnvs();
  });

  const lockOut = async (client: string) => {
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await server.recordFailedSignIn("admin", client);
  };

  it("reset-password sets and prints a random password in the server's store; the admin signs in with it, locks lifted", async () => {
    await lockOut("ip:192.0.2.1");
    const sid = await server.createSession((await server.userForSignIn("admin"))!.user.id);
    const out = io();
    expect(await runAdmin(["reset-password", "admin"], out)).toBe(0);
    const password = out.lines.join("\n").split("\n").at(-1)!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await signInWithPassword(server, "admin", password, "ip:192.0.2.1")).toMatchObject({ ok: true, user: { username: "admin" } });
    expect(await server.sessionUser(sid)).toBeNull();
    expect(await audit()).toContainEqual({ actor: "(cli)", action: "user.password", target: "user:admin" });
  });

  it("reset-password --password-stdin sets the password given, after checking it", async () => {
    expect(await runAdmin(["reset-password", "ADMIN", "--password-stdin"], io("short\n"))).toBe(1);
    const out = io("a-password-from-stdin\n");
    expect(await runAdmin(["reset-password", "admin", "--password-stdin"], out)).toBe(0);
    expect(out.lines.join("\n")).not.toContain("a-password-from-stdin");
    expect(await signInWithPassword(server, "admin", "a-password-from-stdin", "ip:192.0.2.2")).toMatchObject({ ok: true });
  });

  it("unlock lifts the locks of every client and the account-wide one", async () => {
    await lockOut("ip:192.0.2.3");
    expect(await server.signInLock("admin", "ip:192.0.2.3")).not.toBeNull();
    expect(await runAdmin(["unlock", "admin"], io())).toBe(0);
    expect(await server.signInLock("admin", "ip:192.0.2.3")).toBeNull();
    expect(await audit()).toContainEqual({ actor: "(cli)", action: "user.unlock", target: "user:admin" });
  });

  it("refuses unknown accounts and malformed commands", async () => {
    const out = io();
    expect(await runAdmin(["unlock", "nobody"], out)).toBe(1);
    expect(out.errors.join("\n")).toContain("No account");
    for (const args of [[], ["unlock"], ["drop-table", "admin"], ["unlock", "admin", "--password-stdin"], ["reset-password", "admin", "--force"]]) {
      expect(await runAdmin(args, io()), args.join(" ")).toBe(2);
    }
  });
});
