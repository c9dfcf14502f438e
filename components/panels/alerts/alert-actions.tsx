"use client";
/**
 * Operators' actions on one alert: acknowledge (with a comment), assign, escalate, resolve. A
 * native <dialog> (focus trap and Escape for free) posting to the twin API with the session's
 * CSRF token; the list refreshes from the answer and every other screen from the `alert` event.
 */
import { useEffect, useId, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { useView } from "@/components/live/view-context";
import { callJson, failureFrom } from "@/components/ui/mutate";
import { canOperateView } from "@/lib/auth/session-view";
import { ALERT_ACTIONS, MAX_ESCALATION, type Alert as FullAlert, type AlertActionKind } from "@/lib/twin/types";

/** An alert as the API's GeoJSON properties carry it. */
type Alert = Omit<FullAlert, "geometry">;
import { ot } from "@/lib/i18n/ops-messages";
import { am } from "@/lib/i18n/alarm-messages";
import { useAssignees } from "@/lib/twin-client/hooks";

const API_BASE = "/api/twin/v1";

const LABEL: Record<AlertActionKind, { en: string; zh: string }> = {
  acknowledge: { en: "Acknowledge", zh: "确认" },
  comment: { en: "Comment", zh: "备注" },
  assign: { en: "Assign", zh: "指派" },
  escalate: { en: "Escalate", zh: "升级" },
  resolve: { en: "Resolve", zh: "解除" },
};

/** Which actions make sense now (the server checks again); a resolved alert still takes comments. */
export function availableActions(a: Pick<Alert, "state" | "acknowledgedBy" | "escalation">): AlertActionKind[] {
  if (a.state === "resolved") return ["comment"];
  return ALERT_ACTIONS.filter((k) => !(k === "acknowledge" && a.acknowledgedBy) && !(k === "escalate" && a.escalation >= MAX_ESCALATION));
}

export function AlertActions({ alert }: { alert: Alert }) {
  const { session, locale } = useView();
  const { mutate } = useSWRConfig();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  // The dialog exists only while open: a list of 60 alerts carries buttons, not 60 dialogs.
  const [action, setAction] = useState<AlertActionKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = dialog.current;
    if (action && d && !d.open) d.showModal();
  }, [action]);
  if (!canOperateView(session)) return null;
  const actions = availableActions(alert);
  if (actions.length === 0) return null;
  const zh = locale === "zh";


  async function submit(form: HTMLFormElement) {
    if (!action) return;
    const data = new FormData(form);
    const body = {
      action,
      ...(data.get("comment") ? { comment: String(data.get("comment")) } : {}),
      ...(action === "assign" ? { assignee: String(data.get("assignee") ?? "") } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      await callJson(session?.csrf ?? "", "POST", `${API_BASE}/alerts/${encodeURIComponent(alert.id)}/actions`, body);
      dialog.current?.close();
      // Every alert list on the page asks again (their keys all start with the alerts URL).
      await mutate((key) => typeof key === "string" && key.startsWith(`${API_BASE}/alerts`));
    } catch (err) {
      const failure = failureFrom(err);
      setError(failure.status === 0 ? am(locale, "networkError") : (failure.detail ?? `HTTP ${failure.status}`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label={zh ? "告警处置" : "Alert actions"}>
        {actions.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`alert-action-${k}`}
            className="min-h-6 rounded-sm border border-line px-2 text-xs text-fg hover:bg-surface"
            onClick={() => {
              setAction(k);
              setError(null);
            }}
          >
            {zh ? LABEL[k].zh : LABEL[k].en}
          </button>
        ))}
      </div>
      {action && (
      <dialog ref={dialog} onClose={() => setAction(null)} aria-labelledby={`${id}-t`} className="m-auto w-[min(28rem,92vw)] rounded border border-line bg-surface p-0 text-fg backdrop:bg-black/50">
        <form
          method="dialog"
          className="flex flex-col gap-3 p-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <h2 id={`${id}-t`} className="text-base font-semibold">
            {zh ? LABEL[action].zh : LABEL[action].en}: <span className="font-normal">{zh ? alert.description.zh : alert.description.en}</span>
          </h2>
          {action === "assign" && <AssigneePicker alert={alert} />}
          <label className="flex flex-col gap-1 text-sm">
            {zh ? "备注" : "Comment"}
            {needsComment(action) ? (zh ? "（必填）" : " (required)") : ""}
            <textarea name="comment" data-testid="alert-action-comment" required={needsComment(action)} maxLength={1000} rows={3} className="rounded border border-line bg-bg px-2 py-1.5" />
          </label>
          {error && (
            <p role="alert" className="text-sm text-critical">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="min-h-8 rounded border border-line px-3 text-sm" onClick={() => dialog.current?.close()}>
              {ot(locale, "close")}
            </button>
            <button type="submit" disabled={busy} data-testid="alert-action-submit" className="min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg disabled:opacity-60">
              {zh ? LABEL[action].zh : LABEL[action].en}
            </button>
          </div>
        </form>
      </dialog>
      )}
    </>
  );
}

const needsComment = (k: AlertActionKind) => k === "acknowledge" || k === "resolve" || k === "comment";

/** The accounts that may take the alert (operators and admins), by name: never free text. */
function AssigneePicker({ alert }: { alert: Alert }) {
  const { locale } = useView();
  const res = useAssignees(alert.domain);
  const list = res.data?.assignees ?? [];
  return (
    <label className="flex flex-col gap-1 text-sm">
      {am(locale, "assignTo")}
      <select name="assignee" required data-testid="alert-assignee" defaultValue={alert.assignee ?? ""} className="rounded border border-line bg-bg px-2 py-1.5">
        <option value="" disabled>
          {res.isLoading ? am(locale, "assigneesLoading") : am(locale, "pickAssignee")}
        </option>
        {list.map((u) => (
          <option key={u.username} value={u.username}>
            {u.displayName === u.username ? u.username : `${u.displayName} (${u.username})`}
          </option>
        ))}
      </select>
      {res.error ? <span className="text-critical">{res.error.message}</span> : null}
    </label>
  );
}

/** "Acknowledged by X at 10:42 · assigned to Y · escalation 2": what the wall and lists show. */
export function workflowText(a: Alert, clock: (iso: string) => string, zh: boolean): string | null {
  const parts: string[] = [];
  if (a.acknowledgedBy && a.acknowledgedAt) parts.push(zh ? `${a.acknowledgedBy} 于 ${clock(a.acknowledgedAt)} 确认` : `Acknowledged by ${a.acknowledgedBy} at ${clock(a.acknowledgedAt)}`);
  if (a.assignee) parts.push(zh ? `已指派给 ${a.assignee}` : `assigned to ${a.assignee}`);
  if (a.escalation > 0) parts.push(zh ? `升级 ${a.escalation} 级` : `escalation ${a.escalation}`);
  return parts.length ? parts.join(" · ") : null;
}
