import "server-only";
/**
 * The one place the operations store is chosen from configuration: TWINOPS_DATABASE_URL set, the
 * PostgreSQL store in schema `<TWINOPS_DATABASE_SCHEMA>_ops`; unset, the SQLite file
 * (`opsDbPath`). Signatures use TWINOPS_SESSION_SECRET (and _PREVIOUS) when set. The server and
 * `npm run admin` both open it here, so they read the same variables and find the same store.
 */
import { env, opsDbPath, type Env } from "@/lib/config/env";
import { storeError } from "@/lib/twin/sources/embedded-port";
import { PgOpsStore } from "./pg-store";
import { opsSchemaName } from "./pg-schema";
import type { OperationsStore } from "./port";
import { SqliteOpsStore } from "./sqlite-store";

type OpsEnv = Pick<
  Env,
  "TWINOPS_DATABASE_URL" | "TWINOPS_DATABASE_SCHEMA" | "TWINOPS_DB_PATH" | "TWINOPS_OPS_DB_PATH" | "TWINOPS_SESSION_SECRET" | "TWINOPS_SESSION_SECRET_PREVIOUS"
>;

/** Opens a new operations store as the configuration says (each call: a store of its own). */
export async function openOpsStore(e: OpsEnv = env()): Promise<OperationsStore> {
  const secrets = { secret: e.TWINOPS_SESSION_SECRET, previousSecret: e.TWINOPS_SESSION_SECRET_PREVIOUS };
  if (e.TWINOPS_DATABASE_URL) return PgOpsStore.open(e.TWINOPS_DATABASE_URL, { schema: opsSchemaName(e.TWINOPS_DATABASE_SCHEMA), secrets });
  try {
    return new SqliteOpsStore(opsDbPath(e), secrets);
  } catch (err) {
    throw storeError(err);
  }
}

/**
 * The process-wide store lives on globalThis: Next bundles route handlers and instrumentation
 * separately, and a module-level variable would give each bundle its own connection.
 */
const KEY = Symbol.for("twinops.ops");
type Holder = { [KEY]?: Promise<OperationsStore> };
const holder = globalThis as Holder;

/**
 * The process-wide operations store, opened on first call (instrumentation makes that happen at
 * start-up). An open that fails (the server not up yet) is forgotten, so the next call tries again.
 */
export function getOpsStore(): Promise<OperationsStore> {
  const cached = holder[KEY];
  if (cached) return cached;
  const opening = openOpsStore();
  holder[KEY] = opening;
  opening.catch(() => {
    if (holder[KEY] === opening) holder[KEY] = undefined;
  });
  return opening;
}

/** Replace (or with undefined, forget) the process-wide store; for tests. */
export function setOpsStoreForTesting(store: OperationsStore | undefined): void {
  holder[KEY] = store ? Promise.resolve(store) : undefined;
}

/** Closes the process-wide store, if one was opened (at shutdown). */
export async function closeOpsStore(): Promise<void> {
  const cached = holder[KEY];
  holder[KEY] = undefined;
  const store = await cached?.catch(() => undefined);
  await store?.close();
}
