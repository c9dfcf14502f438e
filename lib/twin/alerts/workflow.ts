/**
 * The operators' alarm workflow as one pure transition function: acknowledge (with a comment),
 * assign to a person or team, escalate, resolve. The store applies the result and writes the
 * audit record in the same transaction; this module only decides what is allowed and what
 * changes, so the rules are tested without a database.
 */
import type { AlertRow } from "../store/rows";
import { ALERT_ACTIONS, MAX_ESCALATION, type AlertActionInput, type AlertActionKind, type AlertState, type AuditEntry } from "../types";

export { ALERT_ACTIONS, MAX_ESCALATION, type AlertActionInput, type AlertActionKind };

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
}

export type WorkflowResult =
  | { ok: true; next: WorkflowState }
  | { ok: false; status: 409 | 422; code: string; message: string };

const refuse = (status: 409 | 422, code: string, message: string): WorkflowResult => ({ ok: false, status, code, message });

/**
 * The state after `input` by `actor` at `now`, or why the action is refused: a resolved alert
 * takes no further action (409), an acknowledgement or resolution needs a comment and an
 * assignment an assignee (422).
 */
export function applyAlertAction(cur: WorkflowState, input: AlertActionInput, actor: string, now: number): WorkflowResult {
  if (cur.state === "resolved") return refuse(409, "alert_resolved", "The alert is already resolved.");
  const comment = input.comment?.trim() || null;
  const touched = { ...cur, stateBy: actor, stateAt: now, comment: comment ?? cur.comment };
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
  };
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
    row: { ...cur, state: n.state, state_by: n.stateBy, state_at: n.stateAt, end: n.end, ack_by: n.ackBy, ack_at: n.ackAt, assignee: n.assignee, escalation: n.escalation, comment: n.comment },
    audit: {
      at: Date.now(),
      actor: actor.name,
      role: actor.role,
      action: `alert.${input.action}`,
      target: cur.id,
      before,
      after: { ...n, ...(input.comment ? { actionComment: input.comment.trim() } : {}) },
    },
  };
}
