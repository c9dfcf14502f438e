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
import { useView } from "@/components/live/view-context";
import { ForcedColorScheme } from "@/components/ui/use-color-scheme";
import { BOARDS, type Board } from "@/lib/config/boards";
import { wt } from "@/lib/domains/wall/messages";
import { rotationAt, type WallParams } from "@/lib/domains/wall/params";
import { hourIn, watchdogAction } from "@/lib/domains/wall/watchdog";
import { formatDuration } from "@/lib/format/time";
import { TEST_IDS } from "@/lib/test-ids";
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
      <div
        data-testid={TEST_IDS.wallRoot}
        data-board={board.id}
        data-board-index={index}
        data-soft-reloads={generation}
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
          <WallBoundary
            resetKey={`${board.id}:${generation}`}
            retryMs={15_000}
            fallback={<p className="m-auto text-[1.5rem] text-muted">{wt(locale, "boardFailed")}</p>}
          >
            <main id="main" key={generation} className="grid min-h-0 flex-1 gap-[0.5rem] p-[0.5rem]" style={gridStyle}>
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
        {disconnected ? (
          <ConnectionBanner state={state} lastSeen={connection.lastSeen} hadLive={connection.hadLive} online={online} />
        ) : null}
      </div>
    </ForcedColorScheme>
  );
}

/** Shown on every screen of a tiled wall (it sits outside the translated board). */
function ConnectionBanner(props: { state: string; lastSeen: number; hadLive: boolean; online: boolean }) {
  const { state, lastSeen, hadLive, online } = props;
  const { locale } = useView();
  const [now, setNow] = useState(lastSeen);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const title = !online
    ? wt(locale, "networkDown")
    : hadLive
    ? wt(locale, "lostSince", { age: formatDuration(Math.max(0, (now - lastSeen) / 1000), locale) })
    : wt(locale, "neverConnected");
  return (
    <div
      role="alert"
      data-testid={TEST_IDS.wallBanner}
      data-state={state}
      className="absolute inset-x-0 top-0 flex items-center gap-[1em] border-b-4 border-critical bg-[color-mix(in_srgb,var(--color-critical)_22%,var(--color-bg))] px-[1rem] text-[1.25rem] font-semibold"
      style={{ height: "2.6rem" }}
    >
      <span aria-hidden="true" className="text-critical">
        ⚠
      </span>
      <span>{title}</span>
      <span className="text-[1rem] font-normal text-fg">{wt(locale, "lostBody")}</span>
    </div>
  );
}
