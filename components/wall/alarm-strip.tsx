"use client";
/**
 * The alarm strip every wall board carries, under its header: the whole city's active alarms per
 * severity (a domain board still shows the city's critical ones), how many still wait for
 * someone, and the newest critical alarm by name. A critical alarm that was not there before
 * flashes the strip for a while and, where the wall's address enables it, sounds a tone.
 */
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { useDistrictName, useTwinNow, useView } from "@/components/live/view-context";
import { StaleBadge } from "@/components/frame/stale-badge";
import { PANEL_TIMING } from "@/lib/config/boards";
import { alarmSummary, newCriticalIds, SEVERITY_NAME } from "@/lib/views/overview/alerts";
import { ACTIVE_ALERTS } from "@/lib/views/overview/view";
import { LiveTuningProvider, useAlerts, type LiveTuning } from "@/lib/twin-client/hooks";
import { wt } from "@/lib/views/wall/messages";
import { ageSeconds, formatAge, formatClock } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS } from "@/lib/test-ids";
import type { AlertSeverity } from "@/lib/twin/types";
import { playAlarmTone } from "./alarm-tone";

/** How long a new critical alarm keeps the strip flashing. */
const FLASH_MS = 30_000;
const ORDER: readonly AlertSeverity[] = ["critical", "major", "minor", "info"];
const CHIP: Record<AlertSeverity, string> = {
  critical: "border-critical bg-critical text-bg",
  major: "border-warning bg-warning text-bg",
  minor: "border-accent text-accent",
  info: "border-offline text-muted",
};
const TUNING: LiveTuning = { refreshMs: PANEL_TIMING.alerts.refreshSeconds * 1000, staleOnError: true };

export const AlarmStrip = memo(function AlarmStrip({ sound, disconnected }: { sound: boolean; disconnected: boolean }) {
  return (
    <LiveTuningProvider value={TUNING}>
      <Strip sound={sound} disconnected={disconnected} />
    </LiveTuningProvider>
  );
});

function Strip({ sound, disconnected }: { sound: boolean; disconnected: boolean }) {
  const { locale, timezone } = useView();
  const districtName = useDistrictName();
  const now = useTwinNow(15_000);
  // The same list (and SWR key) as the alert panel and the map: one request feeds all three.
  const res = useAlerts(ACTIVE_ALERTS);
  const alerts = useMemo(() => (res.data?.features ?? []).map((f) => f.properties), [res.data]);
  const s = useMemo(() => alarmSummary(alerts, res.data?.total ?? 0), [alerts, res.data?.total]);

  const seen = useRef<Set<string> | null>(null);
  // `flashes` counts the news; each one (re)starts the flash, which then ends by itself.
  const [flashes, setFlashes] = useState(0);
  const [flashing, setFlashing] = useState(false);
  useEffect(() => {
    if (!res.data) return;
    const fresh = newCriticalIds(seen.current, alerts);
    seen.current = new Set(alerts.map((a) => a.id));
    if (fresh.length === 0) return;
    setFlashes((n) => n + 1);
    setFlashing(true);
    if (sound) playAlarmTone();
  }, [alerts, res.data, sound]);
  useEffect(() => {
    if (flashes === 0) return;
    const id = window.setTimeout(() => setFlashing(false), FLASH_MS);
    return () => window.clearTimeout(id);
  }, [flashes]);

  const lower = s.complete ? "" : "+";
  const asOf = res.data?.asOf;
  const stale = asOf !== undefined && (disconnected || Boolean(res.error) || ageSeconds(asOf, now) > PANEL_TIMING.alerts.staleAfterSeconds);
  const crit = s.newestCritical;
  return (
    <section
      aria-label={wt(locale, "alarmStrip")}
      data-testid={TEST_IDS.alarmStrip}
      data-flashing={flashing ? "true" : "false"}
      data-stale={stale ? "true" : "false"}
      className={`flex shrink-0 flex-col overflow-hidden border-b-2 text-[1.2rem] leading-none whitespace-nowrap ${
        s.counts.critical > 0 ? "border-critical bg-[color-mix(in_srgb,var(--color-critical)_18%,var(--color-bg))]" : "border-line bg-bg"
      } ${flashing ? "wall-alarm-flash" : ""}`}
    >
      <div className="flex items-center gap-x-[1rem] px-[0.8rem]" style={{ height: "3rem" }}>
        <h2 className="m-0 text-[1.15rem] font-bold uppercase">{wt(locale, "alarmStrip")}</h2>
        <ul className="m-0 flex list-none items-center gap-[0.5rem] p-0">
          {ORDER.map((sev) => {
            const n = s.counts[sev];
            return (
              <li
                key={sev}
                data-severity={sev}
                data-count={n}
                className={`flex items-baseline gap-[0.4em] rounded-sm border-2 px-[0.5em] py-[0.15em] ${n > 0 ? CHIP[sev] : "border-line text-muted"}`}
              >
                <span className="font-semibold">{pick(SEVERITY_NAME[sev], locale)}</span>
                <span className="tabular text-[1.5rem] font-bold">
                  {n}
                  {lower}
                </span>
              </li>
            );
          })}
        </ul>
        <p className="m-0 flex items-baseline gap-[0.4em]">
          <b
            data-testid={TEST_IDS.alarmUnacknowledged}
            className={`tabular text-[1.5rem] ${s.unacknowledged > 0 ? "text-fg" : "text-muted"}`}
          >
            {s.unacknowledged}
          </b>
          <span>{wt(locale, "unacknowledged")}</span>
          <span className="text-muted">·</span>
          <b data-testid={TEST_IDS.alarmAcknowledged} className="tabular text-[1.5rem] text-muted">
            {s.acknowledged}
          </b>
          <span className="text-muted">{wt(locale, "acknowledged")}</span>
        </p>
        {crit ? null : (
          <p data-testid={TEST_IDS.alarmNewestCritical} className="m-0 min-w-0 flex-1 truncate text-muted">
            {wt(locale, "noCritical")}
          </p>
        )}
        <span className="ml-auto flex shrink-0 items-center gap-[0.5em] text-[1.05rem] text-muted">
          {stale && asOf ? <StaleBadge ageSeconds={ageSeconds(asOf, now)} locale={locale} /> : null}
          {asOf ? (
            <time dateTime={asOf} className="tabular">
              {wt(locale, "alarmsCityWide")} · {t(locale, "asOf")} {formatClock(asOf, timezone, locale)}
            </time>
          ) : null}
        </span>
      </div>
      {/* A critical alarm gets a line of its own across the screen: named, never cut to "…". */}
      {crit ? (
        <p
          data-testid={TEST_IDS.alarmNewestCritical}
          className="m-0 flex items-baseline gap-[0.6em] truncate border-t border-critical px-[0.8rem] text-[1.4rem]"
          style={{ height: "2.6rem", lineHeight: "2.6rem" }}
        >
          <span className="font-bold text-critical uppercase">{flashing ? wt(locale, "newCritical") : wt(locale, "newestCritical")}</span>
          <span className="font-semibold">{pick(crit.description, locale)}</span>
          <span className="text-muted">
            {pick(districtName(crit.district), locale)} · {formatClock(crit.start, timezone, locale)} (
            {formatAge(ageSeconds(crit.start, now), locale)})
          </span>
        </p>
      ) : null}
    </section>
  );
}
