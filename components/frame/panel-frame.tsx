"use client";
/**
 * The frame every panel sits in: title, as-of time, stale badge with age, and the loading /
 * empty / error states. Errors never hide the last good data: it stays, marked as old.
 */
import type { ReactNode } from "react";
import { useTwinNow, useView } from "@/components/live/view-context";
import { useLiveTuning } from "@/lib/twin-client/hooks";
import { ageSeconds, formatClock } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { panelTestId } from "@/lib/test-ids";
import type { Domain } from "@/lib/twin/types";
import { PanelErrorBoundary } from "./panel-error-boundary";
import { StaleBadge } from "./stale-badge";

export interface PanelFrameProps {
  /** Domain panel, the alerts panel, or any other panel id (then give `testId`). */
  id: Domain | "alerts" | (string & {});
  /** Defaults to `panelTestId(id)`. */
  testId?: string;
  title: string;
  /** A line under the title: what the panel answers. */
  subtitle?: string;
  /** Buttons in the header (explain, export). */
  actions?: ReactNode;
  /**
   * ISO time of the data shown (data time, not fetch time: the stale age is measured from it);
   * absent while nothing has loaded. A new value also clears a render failure of the content.
   */
  asOf?: string;
  /** The source says the data is past its staleness limit. */
  stale?: boolean;
  /** Age beyond which the frame marks itself stale even if the source did not (seconds). */
  staleAfterSeconds?: number;
  hasData: boolean;
  loading: boolean;
  error?: Error | null;
  onRetry?: () => void;
  /** Placeholder with the real geometry of the content. */
  skeleton: ReactNode;
  /** Shown beside the title (e.g. a count badge). */
  badge?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function PanelFrame(props: PanelFrameProps) {
  const { locale, timezone } = useView();
  const now = useTwinNow(15_000);
  const tuning = useLiveTuning();
  const { id, title, asOf, hasData, loading, error, skeleton } = props;
  const age = asOf ? ageSeconds(asOf, now) : 0;
  // A limit derived from the data's own cadences beats the board's generic one for the panel.
  const limit = props.staleAfterSeconds ?? tuning.staleAfterSeconds ?? 600;
  const unconfirmed = tuning.forceStale === true || (tuning.staleOnError === true && Boolean(error));
  const stale = hasData && asOf !== undefined && (props.stale === true || age > limit || unconfirmed);
  const headingId = `${id}-heading`;

  let body: ReactNode;
  if (hasData) body = props.children;
  else if (error) body = <PanelFailed locale={locale} onRetry={props.onRetry} />;
  else if (loading) body = <div aria-busy="true" aria-label={t(locale, "loading")}>{skeleton}</div>;
  else body = <p className="py-6 text-sm text-muted">{t(locale, "noData")}</p>;

  return (
    <section
      aria-labelledby={headingId}
      data-testid={props.testId ?? panelTestId(id as Domain | "alerts")}
      data-stale={stale ? "true" : "false"}
      data-as-of={asOf}
      className={`flex min-w-0 flex-col rounded-md border bg-surface ${stale ? "border-warning/50" : "border-line"} ${props.className ?? ""}`}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-line px-3 py-2">
        <h2 id={headingId} className="text-sm font-semibold tracking-wide text-fg">
          {title}
        </h2>
        {props.badge}
        {props.subtitle ? <p className="basis-full text-xs text-muted order-last">{props.subtitle}</p> : null}
        <span className="ml-auto flex items-center gap-2 text-xs text-muted">
          {stale ? <StaleBadge ageSeconds={age} locale={locale} /> : null}
          {asOf ? (
            <time dateTime={asOf} className="tabular">
              {t(locale, "asOf")} {formatClock(asOf, timezone, locale)}
            </time>
          ) : null}
          {props.actions}
        </span>
      </header>
      <div className="flex min-h-0 flex-1 flex-col px-3 py-2">
        {hasData && error ? (
          <p role="status" className="mb-1 text-xs text-warning">
            {t(locale, "loadFailed")} {t(locale, "lastGood")}
          </p>
        ) : null}
        {/* Retry always offered after a render failure: it clears the boundary even without a refetch. */}
        <PanelErrorBoundary resetKey={asOf} onRetry={props.onRetry} fallback={(retry) => <PanelFailed locale={locale} onRetry={retry} />}>
          {body}
        </PanelErrorBoundary>
      </div>
    </section>
  );
}

/** "Could not load" with a Retry button when there is something to retry. */
export function PanelFailed({ locale, onRetry }: { locale: Locale; onRetry?: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-2 py-4 text-sm text-muted">
      <p>{t(locale, "loadFailed")}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry} className="rounded border border-line px-2 py-1 text-fg hover:bg-surface-2">
          {t(locale, "retry")}
        </button>
      ) : null}
    </div>
  );
}
