/**
 * The operators' alarm workflow as one pure transition function: acknowledge (with a comment),
 * assign to a person or team, escalate, resolve. The store applies the result and writes the
 * audit record in the same transaction; this module only decides what is allowed and what
 * changes, so the rules are tested without a database.
 */
import type { AlertRow } from "../store/rows";
import { ALERT_ACTIONS, MAX_ESCALATION, type AlertActionInput, type AlertActionKind, type AlertState, type AuditEntry } from "../types";

export { ALERT_ACTIONS, MAX_ESCALATION, type AlertActionInput, type AlertActionKind };

/**
 * Most comments one alert's thread keeps in its row (the audit trail keeps every action anyway):
 * ten actions a minute per person (the API's limit) reach it only by a flood, which it stops.
 */
export const MAX_THREAD = 100;

/** One comment as stored in the workflow row's thread (`at`: epoch seconds of the twin clock). */
export interface ThreadEntry {
  by: string;
  at: number;
  action: AlertActionKind;
  text: string;
}

/** The workflow-relevant part of an alert; times in epoch seconds of the twin clock. */
export interface WorkflowState {
  state: AlertState;
  stateBy: string | null;
  stateAt: number | null;
  end: number | null;
  ackBy: string | null;
  ackAt: number | null;
  assignee: string | null;
  escalation: number;
  comment: string | null;
  /** The comments so far, oldest first. */
  thread: ThreadEntry[];
}

export type WorkflowResult =
  | { ok: true; next: WorkflowState }
  | { ok: false; status: 409 | 422; code: string; message: string };

const refuse = (status: 409 | 422, code: string, message: string): WorkflowResult => ({ ok: false, status, code, message });

/**
 * The state after `input` by `actor` at `now`, or why the action is refused: a resolved alert
 * takes no further action but comments (409), an acknowledgement, resolution or comment needs a
 * comment and an assignment an assignee (422). Every comment joins the alert's thread.
 */
export function applyAlertAction(cur: WorkflowState, input: AlertActionInput, actor: string, now: number): WorkflowResult {
  const comment = input.comment?.trim() || null;
  if (comment && cur.thread.length >= MAX_THREAD) {
    return refuse(409, "thread_full", `This alert already holds ${MAX_THREAD} comments; the audit trail has the full record.`);
  }
  const thread = comment ? [...cur.thread, { by: actor, at: now, action: input.action, text: comment }] : cur.thread;
  if (input.action === "comment") {
    // A note changes nothing of the alert's state or who changed it last; resolved alerts take
    // notes too (what was found afterwards).
    if (!comment) return refuse(422, "comment_required", "A comment needs text.");
    return { ok: true, next: { ...cur, comment, thread } };
  }
  if (cur.state === "resolved") return refuse(409, "alert_resolved", "The alert is already resolved.");
  const touched = { ...cur, stateBy: actor, stateAt: now, comment: comment ?? cur.comment, thread };
  switch (input.action) {
    case "acknowledge":
      if (!comment) return refuse(422, "comment_required", "An acknowledgement needs a comment.");
      if (cur.ackBy) return refuse(409, "already_acknowledged", `The alert was already acknowledged by ${cur.ackBy}.`);
      return {
        ok: true,
        next: { ...touched, state: cur.state === "assigned" ? "assigned" : "acknowledged", ackBy: actor, ackAt: now },
      };
    case "assign": {
      const assignee = input.assignee?.trim();
      if (!assignee) return refuse(422, "assignee_required", "An assignment needs a person or team.");
      if (assignee === cur.assignee) return refuse(409, "already_assigned", `The alert is already assigned to ${assignee}.`);
      return { ok: true, next: { ...touched, state: "assigned", assignee } };
    }
    case "escalate":
      if (cur.escalation >= MAX_ESCALATION) {
        return refuse(409, "escalation_max", `The alert is already at the highest escalation level (${MAX_ESCALATION}).`);
      }
      return { ok: true, next: { ...touched, escalation: cur.escalation + 1 } };
    case "resolve":
      if (!comment) return refuse(422, "comment_required", "A resolution needs a comment.");
      return { ok: true, next: { ...touched, state: "resolved", end: cur.end ?? now } };
  }
}

/** The workflow part of a stored alert row (workflow columns absent: nobody has touched it). */
export function workflowOf(r: AlertRow): WorkflowState {
  return {
    state: r.state as WorkflowState["state"],
    stateBy: r.state_by,
    stateAt: r.state_at,
    end: r.end,
    ackBy: r.ack_by ?? null,
    ackAt: r.ack_at ?? null,
    assignee: r.assignee ?? null,
    escalation: r.escalation ?? 0,
    comment: r.comment ?? null,
    thread: parseThread(r.thread),
  };
}

/** The stored thread (JSON text, null before the first comment); an unreadable one is empty. */
export function parseThread(json: string | null | undefined): ThreadEntry[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as ThreadEntry[]) : [];
  } catch {
    return [];
  }
}

/**
 * What a store writes for an operator's action on an alert row: the row after it and the audit
 * record (before and after), or the refusal. Every store applies this one plan.
 */
export function planAlertAction(
  cur: AlertRow,
  input: AlertActionInput,
  actor: { name: string; role: string },
  now: number,
): { ok: true; row: AlertRow; audit: AuditEntry } | { ok: false; status: 409 | 422; code: string; message: string } {
  const before = workflowOf(cur);
  const r = applyAlertAction(before, input, actor.name, now);
  if (!r.ok) return r;
  const n = r.next;
  return {
    ok: true,
    row: {
      ...cur,
      state: n.state,
      state_by: n.stateBy,
      state_at: n.stateAt,
      end: n.end,
      ack_by: n.ackBy,
      ack_at: n.ackAt,
      assignee: n.assignee,
      escalation: n.escalation,
      comment: n.comment,
      thread: n.thread.length ? JSON.stringify(n.thread) : null,
    },
    audit: {
      at: Date.now(),
      actor: actor.name,
      role: actor.role,
      action: `alert.${input.action}`,
      target: cur.id,
      // The thread is the comments of earlier records: each record carries only its own.
      before: withoutThread(before),
      after: { ...withoutThread(n), ...(input.comment ? { actionComment: input.comment.trim() } : {}) },
    },
  };
}

function withoutThread(s: WorkflowState): Omit<WorkflowState, "thread"> {
  const { thread: _thread, ...rest } = s;
  return rest;
}
