import "server-only";
/**
 * Graceful shutdown. On SIGTERM (or SIGINT) the instance stops being healthy (load balancers drain
 * it), ends its event streams with a retry hint (browsers reconnect elsewhere and resume from
 * their Last-Event-ID), stops writing (simulator, alert engine), lets Next finish the requests in
 * flight, closes the stores as the process exits, and exits within 10 s whatever happens.
 */
const KEY = Symbol.for("twinops.lifecycle");
type State = { shuttingDown: boolean; installed: boolean };
const holder = globalThis as { [KEY]?: State };
const state = (holder[KEY] ??= { shuttingDown: false, installed: false });

/** Longest a shutdown may take before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 9_000;

export function isShuttingDown(): boolean {
  return state.shuttingDown;
}

export interface ShutdownHooks {
  /** Ends open event streams; returns how many. */
  endStreams(): number;
  /** Stops every writer (ticks, background jobs). */
  stopWriting(): Promise<void>;
  /** Closes the stores synchronously (runs as the process exits). */
  closeStores(): void;
  log(line: string): void;
}

/** Installs the SIGTERM/SIGINT handling once per process (Next's own handler closes the HTTP server). */
export function installShutdown(hooks: ShutdownHooks): void {
  if (state.installed) return;
  state.installed = true;
  const begin = (signal: string) => {
    if (state.shuttingDown) return;
    state.shuttingDown = true;
    const started = Date.now();
    hooks.log(`[shutdown] ${signal}: draining`);
    setTimeout(() => {
      hooks.log(`[shutdown] still busy after ${SHUTDOWN_DEADLINE_MS} ms: exiting`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }, SHUTDOWN_DEADLINE_MS).unref();
    const streams = hooks.endStreams();
    hooks
      .stopWriting()
      .catch((err: unknown) => hooks.log(`[shutdown] stopping writers failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => hooks.log(`[shutdown] ended ${streams} event stream(s), writers stopped in ${Date.now() - started} ms`));
  };
  process.once("SIGTERM", () => begin("SIGTERM"));
  process.once("SIGINT", () => begin("SIGINT"));
  process.once("exit", () => {
    try {
      hooks.closeStores();
    } catch {
      // Exiting anyway; SQLite's WAL is consistent without a clean close.
    }
  });
}
