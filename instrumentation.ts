/**
 * Next.js start-up hook: validate configuration, load the city pack and open (backfill) the
 * embedded twin before the first request, so the first page view is fast and a bad pack or
 * variable stops the server with a clear message instead of failing on some later request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    // First: every request from here on carries its socket's address (client identity for limits).
    const { installPeerHeader } = await import("@/lib/security/peer");
    installPeerHeader();
    const { env } = await import("@/lib/config/env");
    const config = env();
    const { getTwin } = await import("@/lib/twin/runtime");
    const twin = getTwin();
    const [info, now] = await Promise.all([twin.info(), twin.now()]);
    console.log(`[twin] ${info.backend} twin of ${info.cityName.en} ready, clock ${now.toISOString()}`);
    const { getOpsStore, closeOpsStore } = await import("@/lib/ops/runtime");
    const { ensureAdmin } = await import("@/lib/auth/bootstrap");
    const ops = await getOpsStore();
    console.log(`[ops] ${ops.backend} operations store ready`);
    await ensureAdmin(ops, config, (l) => console.log(l));
    const { startNotifier } = await import("@/lib/notify/runtime");
    const notifier = await startNotifier(twin, ops);
    const { installShutdown } = await import("@/lib/ops/lifecycle");
    const { endAllEventStreams } = await import("@/lib/api/sse");
    installShutdown({
      endStreams: () => endAllEventStreams(),
      stopWriting: () => Promise.all([twin.stop(), notifier.stop()]).then(() => undefined),
      closeStores: () => {
        void twin.close();
        // SQLite closes at once; a PostgreSQL pool starts ending its connections (the server
        // drops them anyway as the process exits).
        void closeOpsStore().catch(() => {});
      },
      log: (l) => console.log(l),
    });
  } catch (err) {
    console.error(`[twin] cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
