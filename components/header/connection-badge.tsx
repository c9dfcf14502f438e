"use client";
import { useLive } from "@/components/live/live-context";
import { useViewedTime } from "@/components/department/department-view";
import { useView } from "@/components/live/view-context";
import { formatDateTime, formatZone } from "@/lib/format/time";
import type { ConnectionState } from "@/lib/views/overview/live";
import type { MessageKey } from "@/lib/i18n/messages";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS } from "@/lib/test-ids";

const LOOK: Record<ConnectionState, { dot: string; label: MessageKey }> = {
  live: { dot: "bg-ok", label: "connLive" },
  connecting: { dot: "bg-offline", label: "connConnecting" },
  reconnecting: { dot: "bg-warning", label: "connReconnecting" },
  offline: { dot: "bg-critical", label: "connOffline" },
};

/**
 * Live / reconnecting / offline, as colour and word (never colour alone). While a department page
 * looks at the past it says "Viewing <time>" instead of "Live": the figures are not live then.
 */
export function ConnectionBadge() {
  const { locale, timezone } = useView();
  const { connection } = useLive();
  const viewed = useViewedTime();
  const look = LOOK[connection.state];
  const past = viewed !== null && connection.state === "live";
  return (
    <span
      role="status"
      data-testid={TEST_IDS.connectionState}
      data-state={connection.state}
      data-viewing={viewed ? viewed.toISOString() : undefined}
      title={past ? t(locale, "connViewingHint") : undefined}
      className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs whitespace-nowrap text-fg ${
        past ? "border-warning bg-warning/15 font-semibold" : "border-line"
      }`}
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${past ? "bg-warning" : look.dot} ${connection.state === "live" ? "" : "animate-pulse"}`} />
      {past
        ? t(locale, "connViewing", { time: `${formatDateTime(viewed, timezone, locale)} ${formatZone(viewed, timezone, locale)}` })
        : t(locale, look.label)}
    </span>
  );
}

/** A banner while the stream is lost: the figures below are the last received ones. */
export function OfflineBanner() {
  const { locale } = useView();
  const { connection } = useLive();
  if (connection.state !== "offline") return null;
  return (
    <div role="alert" data-testid={TEST_IDS.offlineBanner} className="border-b border-critical/60 bg-critical/15 px-4 py-1.5 text-sm text-fg">
      {t(locale, "connOfflineBanner")}
    </div>
  );
}
