"use client";
/**
 * What operators did with an alert, on every card that shows it (wall, overview, department
 * lists, history): who acknowledged it and when, the assignee, the escalation level, and its
 * comment thread with who and when. A wall shows the newest comments that fit its card.
 */
import { useView } from "@/components/live/view-context";
import { formatClock } from "@/lib/format/time";
import { t } from "@/lib/i18n/messages";
import type { Alert } from "@/lib/twin/types";
import { workflowText } from "./alert-actions";

export function AlertWorkflow({ alert, newest }: { alert: Omit<Alert, "geometry">; newest?: number }) {
  const { locale, timezone } = useView();
  const clock = (iso: string) => formatClock(iso, timezone, locale);
  const text = workflowText(alert, clock, locale === "zh");
  // Alerts stored before threads existed carry only their latest comment.
  const thread = alert.comments.length ? alert.comments : alert.comment ? [{ by: "", at: "", action: "comment" as const, text: alert.comment }] : [];
  const shown = newest ? thread.slice(-newest) : thread;
  return (
    <>
      {text ? (
        <p data-testid="alert-workflow" className="m-0 flex items-baseline gap-1 text-xs leading-snug font-medium text-accent">
          {alert.acknowledgedBy ? <span aria-hidden="true">✓</span> : null}
          {text}
        </p>
      ) : null}
      {shown.length ? (
        <ol data-testid="alert-comments" aria-label={t(locale, "comment")} className="m-0 flex list-none flex-col gap-0.5 p-0">
          {thread.length > shown.length ? <li className="text-xs text-muted">+{thread.length - shown.length}</li> : null}
          {shown.map((c, i) => (
            <li key={`${c.at}-${i}`} data-testid="alert-comment" className="m-0 line-clamp-2 text-xs leading-snug text-fg">
              <span className="font-semibold text-muted">
                {c.by ? (
                  <>
                    {c.by} · <time dateTime={c.at}>{clock(c.at)}</time>
                  </>
                ) : (
                  t(locale, "comment")
                )}
                :{" "}
              </span>
              <q className="italic">
                <bdi>{c.text}</bdi>
              </q>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
