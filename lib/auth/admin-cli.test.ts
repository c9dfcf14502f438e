import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runAdmin, type AdminIo } from "./admin-cli";
import { hashPassword } from "./password";
import { getAuthStore, setAuthStoreForTesting } from "./server";
import { signInWithPassword } from "./signin";
import { AuthStore, MAX_FAILED_SIGNINS } from "./store";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-admin-cli-"));
const file = path.join(dir, "twinops.db");
/** A second connection to the same file, as the running server would hold. */
let server: AuthStore;

beforeAll(async () => {
  // The command opens the store the way the server does: from the environment (the operations
  // store's file), through getAuthStore.
  vi.stubEnv("TWINOPS_OPS_DB_PATH", file);
  setAuthStoreForTesting(undefined);
  server = new AuthStore(file);
  server.createUser({ username: "admin", role: "admin", passwordHash: await hashPassword("the-old-password-1") });
});

afterAll(() => {
  server.close();
  getAuthStore().close();
  setAuthStoreForTesting(undefined);
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

function io(stdin = ""): AdminIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, readStdin: () => Promise.resolve(stdin), out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

const lockOut = (client: string) => {
  for (let i = 0; i < MAX_FAILED_SIGNINS; i++) server.recordFailedSignIn("admin", client);
};

describe("npm run admin", { timeout: 120_000 }, () => {
  it("reset-password sets and prints a random password in the server's database; the admin signs in with it, locks lifted", async () => {
    lockOut("ip:192.0.2.1");
    const sid = server.createSession(server.userForSignIn("admin")!.user.id);
    const out = io();
    expect(await runAdmin(["reset-password", "admin"], out)).toBe(0);
    expect(getAuthStore().db.name).toBe(file);
    const password = out.lines.join("\n").split("\n").at(-1)!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await signInWithPassword(server, "admin", password, "ip:192.0.2.1")).toMatchObject({ ok: true, user: { username: "admin" } });
    expect(server.sessionUser(sid)).toBeNull();
    const audit = server.db.prepare<[], { actor: string; action: string; target: string }>("SELECT actor, action, target FROM audit ORDER BY seq").all();
    expect(audit).toContainEqual({ actor: "(cli)", action: "user.password", target: "user:admin" });
  });

  it("reset-password --password-stdin sets the password given, after checking it", async () => {
    expect(await runAdmin(["reset-password", "ADMIN", "--password-stdin"], io("short\n"))).toBe(1);
    const out = io("a-password-from-stdin\n");
    expect(await runAdmin(["reset-password", "admin", "--password-stdin"], out)).toBe(0);
    expect(out.lines.join("\n")).not.toContain("a-password-from-stdin");
    expect(await signInWithPassword(server, "admin", "a-password-from-stdin", "ip:192.0.2.2")).toMatchObject({ ok: true });
  });

  it("unlock lifts the locks of every client and the account-wide one", async () => {
    lockOut("ip:192.0.2.3");
    expect(server.signInLock("admin", "ip:192.0.2.3")).not.toBeNull();
    expect(await runAdmin(["unlock", "admin"], io())).toBe(0);
    expect(server.signInLock("admin", "ip:192.0.2.3")).toBeNull();
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
