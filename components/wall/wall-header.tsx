"use client";
/**
 * The wall's top line, readable from across the room: city, board, city time, how fresh the
 * data is, "simulated" when it is, the stream's state, and where the playlist stands (all in
 * text; nothing depends on hover).
 */
import { memo } from "react";
import { ConnectionBadge } from "@/components/header/connection-badge";
import { useTwinNow, useView } from "@/components/live/view-context";
import type { Board } from "@/lib/config/boards";
import { wt } from "@/lib/views/wall/messages";
import { formatClock, formatZone } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS } from "@/lib/test-ids";
import { useWallDataAsOf } from "./use-wall-data";

export const WallHeader = memo(function WallHeader({
  board,
  playlist,
  index,
}: {
  board: Board;
  playlist: readonly Board[];
  index: number;
}) {
  const { locale, timezone, city, simulated, empty } = useView();
  const now = useTwinNow(1000);
  const asOf = useWallDataAsOf(board);
  const next = playlist.length > 1 ? playlist[(index + 1) % playlist.length] : undefined;
  return (
    <header data-testid={TEST_IDS.header} className="flex items-center gap-x-[1.2em] border-b border-line bg-surface px-[0.8em] text-[1.1rem] leading-none" style={{ height: "2.6rem" }}>
      <h1 className="m-0 flex items-baseline gap-[0.5em] text-[1.25rem] font-semibold whitespace-nowrap">
        <span data-testid={TEST_IDS.cityName}>
          <span lang="en">{city.name.en}</span> <span lang="zh-Hans">{city.name.zh}</span>
        </span>
        <span className="text-muted">·</span>
        <span>{pick(board.title, locale)}</span>
      </h1>
      {empty ? (
        <span data-testid={TEST_IDS.noData} role="status" className="rounded-sm border-2 border-warning bg-warning/15 px-[0.4em] py-[0.2em] text-[0.9rem] font-semibold">
          {t(locale, "noDataYet")}
        </span>
      ) : null}
      {simulated ? (
        <span
          data-testid={TEST_IDS.simulatedBadge}
          className="rounded-sm border-2 border-accent bg-accent/15 px-[0.4em] py-[0.2em] text-[0.9rem] font-semibold tracking-wide text-accent uppercase"
        >
          {t(locale, "simulated")}
        </span>
      ) : null}
      <dl className="m-0 ml-auto flex items-baseline gap-x-[1.2em] whitespace-nowrap">
        <div className="flex items-baseline gap-[0.4em]">
          <dt className="text-[1rem] text-muted">{t(locale, "localTime")}</dt>
          <dd className="tabular m-0 font-semibold" data-testid={TEST_IDS.localTime}>
            <time dateTime={new Date(now).toISOString()} suppressHydrationWarning>
              {formatClock(now, timezone, locale, true)}
            </time>{" "}
            <span className="text-[1rem] font-normal text-muted">{formatZone(now, timezone, locale)}</span>
          </dd>
        </div>
        <div className="flex items-baseline gap-[0.4em]">
          <dt className="text-[1rem] text-muted">{t(locale, "dataAsOf")}</dt>
          <dd className="tabular m-0" data-testid={TEST_IDS.dataAsOf}>
            {asOf ? <time dateTime={asOf}>{formatClock(asOf, timezone, locale, true)}</time> : "–"}
          </dd>
        </div>
      </dl>
      {playlist.length > 1 ? (
        <ol aria-label={wt(locale, "playlist")} className="m-0 flex list-none items-center gap-[0.3em] p-0 text-[1rem] whitespace-nowrap">
          {playlist.map((b, i) => (
            <li
              key={b.id}
              aria-current={i === index ? "true" : undefined}
              className={`rounded-sm px-[0.4em] py-[0.15em] ${i === index ? "bg-accent text-bg font-semibold" : "text-muted"}`}
            >
              {pick(b.title, locale)}
            </li>
          ))}
          {next ? <li className="sr-only">{`${wt(locale, "nextBoard")}: ${pick(next.title, locale)}`}</li> : null}
        </ol>
      ) : null}
      <span className="text-[0.9rem]">
        <ConnectionBadge />
      </span>
    </header>
  );
});
