"use client";
/**
 * One cell of a wall board: the overview's panel for its kind, tuned from the board config
 * (refresh, staleness, "stale while the stream is lost") and fenced by its own boundary so one
 * failing feed never blanks the wall.
 */
import { memo, useMemo } from "react";
import { useView } from "@/components/live/view-context";
import { CityMap, type CityMapProps } from "@/components/map/city-map";
import { AlertListPanel } from "@/components/panels/alerts/alert-list";
import { DomainCell } from "@/components/panels/domain-cell";
import type { BoardPanel } from "@/lib/config/boards";
import { LiveTuningProvider, type LiveTuning } from "@/lib/twin-client/hooks";
import { wt } from "@/lib/views/wall/messages";
import { WallBoundary } from "./wall-boundary";

export type WallMapProps = Pick<CityMapProps, "cityId" | "files" | "center" | "zoom" | "bounds">;

export interface WallPanelProps {
  panel: BoardPanel;
  map: WallMapProps;
  /** The live stream is lost: every figure is unconfirmed. */
  disconnected: boolean;
  resetKey: string;
}

function PanelBody({ panel, map }: Pick<WallPanelProps, "panel" | "map">) {
  switch (panel.kind) {
    case "map":
      return <CityMap {...map} variant="wall" layers={panel.layers} alertDomain={panel.alertDomain} className="h-full" />;
    case "alerts":
      return <AlertListPanel className="h-full min-h-0" actions={false} fit domain={panel.alertDomain} />;
    default:
      // Every other kind is a domain of the registry.
      return <DomainCell domain={panel.kind} />;
  }
}

// Memoised: the runtime re-renders on connection changes; a panel only when its inputs change.
export const WallPanel = memo(function WallPanel({ panel, map, disconnected, resetKey }: WallPanelProps) {
  const { locale } = useView();
  const tuning = useMemo<LiveTuning>(
    () => ({
      refreshMs: panel.refreshSeconds * 1000,
      staleAfterSeconds: panel.staleAfterSeconds,
      staleOnError: true,
      forceStale: disconnected,
    }),
    [panel.refreshSeconds, panel.staleAfterSeconds, disconnected],
  );
  const area = panel.area ?? panel.kind;
  return (
    <div data-wall-panel={panel.kind} style={{ gridArea: area }} className="flex min-h-0 min-w-0 flex-col *:min-h-0 *:flex-1">
      <WallBoundary
        resetKey={resetKey}
        retryMs={30_000}
        fallback={
          <p role="alert" className="flex items-center justify-center rounded-md border border-critical/60 bg-surface p-4 text-center text-muted">
            {wt(locale, "panelFailed")}
          </p>
        }
      >
        <LiveTuningProvider value={tuning}>
          <PanelBody panel={panel} map={map} />
        </LiveTuningProvider>
      </WallBoundary>
    </div>
  );
});
