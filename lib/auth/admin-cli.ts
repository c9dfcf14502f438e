import "server-only";
/**
 * Out-of-band account recovery, for when no admin can sign in (`npm run admin -- …`, run on the
 * server's machine with the server's environment): set a new password, or lift the sign-in
 * locks of an account. It opens the operations store with the server's own opener
 * (`openOpsStore`, lib/ops/runtime.ts), so it reads the same variables and finds the same store
 * the server uses: the SQLite file (safe while the server runs: WAL) or, with
 * TWINOPS_DATABASE_URL, the PostgreSQL schema every instance shares. Each change is an audit
 * record by `(cli)`, written in the same transaction as the change.
 */
import type { OperationsStore } from "@/lib/ops/port";
import { openOpsStore } from "@/lib/ops/runtime";
import { hashPassword, passwordProblem, randomPassword } from "./password";

export const ADMIN_USAGE = `Usage: npm run admin -- <command> <username>

Commands:
  reset-password <username>                   set a random password and print it
  reset-password <username> --password-stdin  set the password read from standard input
  unlock <username>                           lift the account's sign-in locks (every client)

A new password also lifts the locks and ends the account's sessions.
The store is the server's: run with the server's environment (TWINOPS_DATABASE_URL or TWINOPS_DB_PATH...).`;

export interface AdminIo {
  /** Standard input as text (read only for --password-stdin). */
  readStdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Opens the operations store (closed again when the command ends); the server's by default. */
  openStore?: () => Promise<OperationsStore>;
}

const CLI = { actor: "(cli)", role: "-" };

/** Runs one command; returns the process exit code (0 done, 1 refused, 2 usage). */
export async function runAdmin(args: readonly string[], io: AdminIo): Promise<number> {
  const [command, username, ...flags] = args;
  const stdin = flags.includes("--password-stdin");
  const unknownFlags = flags.filter((f) => f !== "--password-stdin");
  if (!username || unknownFlags.length > 0 || (command !== "reset-password" && command !== "unlock") || (stdin && command !== "reset-password")) {
    io.err(ADMIN_USAGE);
    return 2;
  }
  const store = await (io.openStore ?? openOpsStore)();
  try {
    return await run(store, command, username, stdin, io);
  } finally {
    await store.close();
  }
}

async function run(store: OperationsStore, command: "reset-password" | "unlock", username: string, stdin: boolean, io: AdminIo): Promise<number> {
  const user = (await store.userForSignIn(username))?.user;
  if (!user) {
    io.err(`No account named "${username}".`);
    return 1;
  }
  if (command === "unlock") {
    await store.unlockUser(user.username, CLI);
    io.out(`Sign-in locks of "${user.username}" lifted.`);
    return 0;
  }
  // A trailing newline (echo, a here-string) is not part of the password.
  const password = stdin ? (await io.readStdin()).replace(/\r?\n$/, "") : randomPassword();
  const problem = passwordProblem(password);
  if (problem) {
    io.err(`The password ${problem}.`);
    return 1;
  }
  await store.updateUser(user.id, { passwordHash: await hashPassword(password) }, CLI);
  if (user.disabled) io.err(`Note: "${user.username}" is disabled; an admin must enable it before it can sign in.`);
  io.out(stdin ? `New password set for "${user.username}"; its sessions have ended.` : `New password for "${user.username}" (shown only now; its sessions have ended):\n${password}`);
  return 0;
}
