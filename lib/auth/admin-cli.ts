import "server-only";
/**
 * Out-of-band account recovery, for when no admin can sign in (`npm run admin -- …`, run on the
 * server's machine with the server's environment): set a new password, or lift the sign-in
 * locks of an account. It opens the account store with the server's own opener
 * (`getAuthStore`), so it reads the same variables and finds the same database the server uses.
 * Each change is an audit record by `(cli)`. Safe while the server runs (SQLite, WAL).
 */
import { hashPassword, passwordProblem, randomPassword } from "./password";
import { getAuthStore } from "./server";
import type { AuthStore } from "./store";

export const ADMIN_USAGE = `Usage: npm run admin -- <command> <username>

Commands:
  reset-password <username>                   set a random password and print it
  reset-password <username> --password-stdin  set the password read from standard input
  unlock <username>                           lift the account's sign-in locks (every client)

A new password also lifts the locks and ends the account's sessions.
The database is the server's: run with the server's environment (TWINOPS_DB_PATH...).`;

export interface AdminIo {
  /** Standard input as text (read only for --password-stdin). */
  readStdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The account store; the server's own by default. */
  openStore?: () => AuthStore;
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
  const store = (io.openStore ?? getAuthStore)();
  const user = store.userForSignIn(username)?.user;
  if (!user) {
    io.err(`No account named "${username}".`);
    return 1;
  }
  if (command === "unlock") {
    store.audited(
      () => store.clearSignInFailures(user.username),
      () => ({ ...CLI, action: "user.unlock", target: `user:${user.username}` }),
    );
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
  const passwordHash = await hashPassword(password);
  store.audited(
    () => store.updateUser(user.id, { passwordHash }),
    () => ({ ...CLI, action: "user.password", target: `user:${user.username}` }),
  );
  if (user.disabled) io.err(`Note: "${user.username}" is disabled; an admin must enable it before it can sign in.`);
  io.out(stdin ? `New password set for "${user.username}"; its sessions have ended.` : `New password for "${user.username}" (shown only now; its sessions have ended):\n${password}`);
  return 0;
}
