"use client";
/**
 * The wall runtime: plays a playlist of boards without reloading the page, lays a board out in
 * wall units (one screen, or one tile of a multi-screen wall), shows a banner while the live
 * stream is lost, and runs the watchdog that soft-reloads at the quiet hour or over a memory
 * budget. The map keeps one instance across boards (every board has a map cell, rendered under
 * the same key), so rotating never creates a WebGL context.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useLive } from "@/components/live/live-context";
import { useTwinNow, useView } from "@/components/live/view-context";
import { ForcedColorScheme } from "@/components/ui/use-color-scheme";
import { DisplayModeProvider } from "@/components/ui/use-display-mode";
import { BOARDS, type Board } from "@/lib/config/boards";
import { wt } from "@/lib/views/wall/messages";
import { rotationAt, type WallParams } from "@/lib/views/wall/params";
import { hourIn, watchdogAction } from "@/lib/views/wall/watchdog";
import { ageSeconds, formatClock, formatDuration } from "@/lib/format/time";
import { TEST_IDS } from "@/lib/test-ids";
import { AlarmStrip } from "./alarm-strip";
import { useApiReachable, useWallDataAsOf } from "./use-wall-data";
import { WallBoundary } from "./wall-boundary";
import { WallHeader } from "./wall-header";
import { WallPanel, type WallMapProps } from "./wall-panel";

/** How long a first connection may take before the wall says it cannot reach the service. */
const FIRST_CONNECT_GRACE_MS = 10_000;
const WATCHDOG_EVERY_MS = 30_000;

interface Props {
  params: WallParams;
  initialIndex: number;
  map: WallMapProps;
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/** The browser's own view of the network: a dead link is known before heartbeats are missed. */
function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
}

function heapBytes(): number | null {
  // Chromium only (performance.memory); other browsers leave the memory check off.
  const mem = (performance as Performance & { memory?: { usedJSHeapSize?: number } }).memory;
  return typeof mem?.usedJSHeapSize === "number" ? mem.usedJSHeapSize : null;
}

export function WallRuntime({ params, initialIndex, map }: Props) {
  const { locale, timezone } = useView();
  const { connection } = useLive();
  const playlist = useMemo(
    () => params.playlist.flatMap((id) => BOARDS.filter((b) => b.id === id)),
    [params.playlist],
  );
  const [index, setIndex] = useState(initialIndex);
  const [generation, setGeneration] = useState(0);
  const [graceOver, setGraceOver] = useState(false);
  const lastSoftAt = useRef<number | null>(null);

  // Rotation follows the wall clock: screens of a tiled wall change together, and nothing a
  // panel does (errors included) can stop the timer, which lives above every boundary.
  const count = playlist.length;
  useEffect(() => {
    if (count <= 1) return;
    let timer: number;
    const step = () => {
      const r = rotationAt(Date.now(), params.everyMs, count);
      setIndex(r.index);
      timer = window.setTimeout(step, Math.max(250, r.nextAt - Date.now() + 15));
    };
    step();
    return () => window.clearTimeout(timer);
  }, [count, params.everyMs]);

  useEffect(() => {
    const id = window.setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => window.clearTimeout(id);
  }, []);

  // Watchdog. The day roll (new "today" keys, previous day's cache dropped) is the live
  // provider's (components/live/city-day.tsx), shared with the overview.
  const { quietHour, memoryBudgetMb } = params;
  const liveRef = useRef(connection.state === "live");
  useEffect(() => {
    liveRef.current = connection.state === "live";
  }, [connection.state]);
  useEffect(() => {
    const id = window.setInterval(() => {
      const now = Date.now();
      const action = watchdogAction({
        nowMs: now,
        cityHour: hourIn(now, timezone),
        quietHour,
        heapBytes: heapBytes(),
        budgetBytes: memoryBudgetMb * 1024 * 1024,
        lastSoftAt: lastSoftAt.current,
        // The event stream says whether the server answers; a reload still probes it first.
        serverUp: liveRef.current,
      });
      if (action === "soft") {
        lastSoftAt.current = now;
        setGeneration((g) => g + 1);
      } else if (action === "hard") {
        // Reload only when the server answers, so the wall never trades its data for an error page.
        void fetch("/api/twin/v1", { cache: "no-store" })
          .then((r) => {
            if (r.ok) window.location.reload();
          })
          .catch(() => undefined);
      }
    }, WATCHDOG_EVERY_MS);
    return () => window.clearInterval(id);
  }, [quietHour, memoryBudgetMb, timezone]);

  const board: Board = playlist[Math.min(index, count - 1)] ?? BOARDS[0]!;
  const online = useOnline();
  const state = online ? connection.state : "offline";
  const disconnected = !online || state === "reconnecting" || state === "offline" || (state === "connecting" && graceOver);
  const apiUp = useApiReachable(disconnected && online);
  const asOf = useWallDataAsOf(board);
  const twinNow = useTwinNow(1000);
  const dataAge = asOf ? ageSeconds(asOf, twinNow) : 0;
  // The board's data has stopped: the service cannot be reached (or the network is gone), or
  // its newest figure is older than the quickest of its panels' staleness limits.
  const staleLimit = Math.min(...board.panels.map((p) => p.staleAfterSeconds));
  const stopped = asOf !== undefined && ((disconnected && (!online || apiUp === false)) || dataAge > staleLimit);
  const tiling = params.tiling;
  const cols = tiling?.cols ?? 1;
  const rows = tiling?.rows ?? 1;

  const gridStyle = useMemo(
    () => ({
      gridTemplateColumns: board.columns,
      gridTemplateRows: board.rows,
      gridTemplateAreas: board.areas.map((a) => `"${a}"`).join(" "),
    }),
    [board],
  );

  return (
    <ForcedColorScheme value="dark">
      <DisplayModeProvider value="wall">
      <div
        data-testid={TEST_IDS.wallRoot}
        data-board={board.id}
        data-board-index={index}
        data-soft-reloads={generation}
        data-data-stopped={stopped ? "true" : "false"}
        className="wall-root fixed inset-0 overflow-hidden bg-bg text-fg"
      >
        <div
          className="flex flex-col"
          style={{
            width: `${cols * 100}vw`,
            height: `${rows * 100}vh`,
            transform: tiling ? `translate(${-tiling.x * 100}vw, ${-tiling.y * 100}vh)` : undefined,
          }}
        >
          <WallHeader board={board} playlist={playlist} index={index} />
          <AlarmStrip sound={params.sound} disconnected={disconnected} />
          <WallBoundary
            resetKey={`${board.id}:${generation}`}
            retryMs={15_000}
            fallback={<p className="m-auto text-[1.5rem] text-muted">{wt(locale, "boardFailed")}</p>}
          >
            <main
              id="main"
              key={generation}
              className={`grid min-h-0 flex-1 gap-[0.5rem] p-[0.5rem] ${stopped ? "wall-stopped" : ""}`}
              style={gridStyle}
            >
              {board.panels.map((p) => (
                <WallPanel
                  key={p.area ?? p.kind}
                  panel={p}
                  map={map}
                  disconnected={disconnected}
                  resetKey={board.id}
                />
              ))}
            </main>
          </WallBoundary>
        </div>
        {stopped && asOf ? <StaleCover asOf={asOf} ageSeconds={dataAge} /> : null}
        {disconnected ? (
          <ConnectionBanner state={state} lastSeen={connection.lastSeen} hadLive={connection.hadLive} online={online} apiUp={apiUp} />
        ) : null}
      </div>
      </DisplayModeProvider>
    </ForcedColorScheme>
  );
}

/**
 * Over a board whose data stopped (the board itself is dimmed): the data's age in type readable
 * across the room, on every screen of a tiled wall (it sits outside the translated board).
 */
function StaleCover({ asOf, ageSeconds: age }: { asOf: string; ageSeconds: number }) {
  const { locale, timezone } = useView();
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
      <div
        role="status"
        data-testid={TEST_IDS.wallStale}
        data-age-seconds={Math.floor(age)}
        className="flex flex-col items-center gap-[0.6rem] rounded-md border-4 border-warning bg-[color-mix(in_srgb,var(--color-bg)_88%,transparent)] px-[2.5rem] py-[1.5rem] text-center"
      >
        <p className="m-0 text-[1.6rem] font-bold tracking-wide text-warning uppercase">{wt(locale, "dataStopped")}</p>
        <p className="tabular m-0 text-[4.5rem] leading-none font-bold text-fg">{wt(locale, "dataAge", { age: formatDuration(age, locale) })}</p>
        <p className="m-0 text-[1.4rem] text-muted">
          {wt(locale, "dataAgeSince", { time: formatClock(asOf, timezone, locale, true) })}
        </p>
      </div>
    </div>
  );
}

/**
 * Says which link is down, in words: the network, the whole data service, or only the live
 * stream (the service still answers, figures refresh by polling). Shown on every screen of a
 * tiled wall (it sits outside the translated board).
 */
function ConnectionBanner(props: { state: string; lastSeen: number; hadLive: boolean; online: boolean; apiUp: boolean | null }) {
  const { state, lastSeen, hadLive, online, apiUp } = props;
  const { locale } = useView();
  const [now, setNow] = useState(lastSeen);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const age = formatDuration(Math.max(0, (now - lastSeen) / 1000), locale);
  const [title, body] = !online
    ? [wt(locale, "networkDown"), wt(locale, "lostBody")]
    : apiUp === false
    ? [wt(locale, "apiDown", { age }), wt(locale, "apiDownBody")]
    : apiUp === true
    ? [wt(locale, "streamLost", { age }), wt(locale, "streamLostBody")]
    : hadLive
    ? [wt(locale, "lostSince", { age }), wt(locale, "lostBody")]
    : [wt(locale, "neverConnected"), wt(locale, "lostBody")];
  return (
    <div
      role="alert"
      data-testid={TEST_IDS.wallBanner}
      data-state={state}
      data-cause={!online ? "network" : apiUp === false ? "api" : apiUp === true ? "stream" : "unknown"}
      className="absolute inset-x-0 top-0 flex items-center gap-[1em] border-b-4 border-critical bg-[color-mix(in_srgb,var(--color-critical)_22%,var(--color-bg))] px-[1rem] text-[1.25rem] font-semibold"
      style={{ height: "2.6rem" }}
    >
      <span aria-hidden="true" className="text-critical">
        ⚠
      </span>
      <span className="shrink-0">{title}</span>
      <span className="truncate text-[1.05rem] font-normal text-fg">{body}</span>
    </div>
  );
}
