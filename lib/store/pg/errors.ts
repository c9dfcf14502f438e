import "server-only";
/**
 * Which PostgreSQL failures are the store's, not the request's: the server gone, shutting down,
 * refusing connections, out of disk or connections, or read-only (a standby after failover).
 * Those become `StoreUnavailableError`, the same error the embedded twin throws, which the API
 * answers 503 `store_unavailable` (lib/api/errors.ts); anything else passes through.
 */
import { StoreUnavailableError } from "@/lib/twin/sources/embedded-port";

/**
 * SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources (53100 disk
 * full), 57P01-57P05 shutdown / cannot connect now / idle timeouts, 58 system (I/O) errors,
 * 25006 read-only transaction, XX001/XX002 corrupted data or index.
 */
const PG_STORE_FAILURE = /^(08|53|58|57P0[1-5]|25006$|XX00[12]$)/;
/** Socket errors of the connection itself. */
const NET_FAILURE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)$/;
/** node-postgres' own words for a lost, ended or unobtainable connection (these carry no code). */
const PG_CLIENT_FAILURE = /Connection terminated|connection error|Cannot use a pool after calling end|timeout exceeded when trying to connect|Client was closed|not queryable/i;

/** Turns a failure of a PostgreSQL store into `StoreUnavailableError`; anything else passes through. */
export function pgStoreError(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof StoreUnavailableError) return err;
  const code = typeof (err as Error & { code?: unknown }).code === "string" ? (err as Error & { code: string }).code : "";
  if ((code && (PG_STORE_FAILURE.test(code) || NET_FAILURE.test(code))) || (!code && PG_CLIENT_FAILURE.test(err.message))) {
    return new StoreUnavailableError(err.message, code || "connection");
  }
  // An AggregateError (every address of a host refused) carries its codes inside.
  if (err instanceof AggregateError && err.errors.some((e) => pgStoreError(e) instanceof StoreUnavailableError)) {
    return new StoreUnavailableError(err.message || "connection refused", "connection");
  }
  return err;
}
