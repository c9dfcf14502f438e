import { describe, expect, it } from "vitest";
import { applyAlertAction, MAX_ESCALATION, type WorkflowState } from "./workflow";

const open: WorkflowState = {
  state: "open",
  stateBy: null,
  stateAt: null,
  end: null,
  ackBy: null,
  ackAt: null,
  assignee: null,
  escalation: 0,
  comment: null,
};

function next(cur: WorkflowState, ...args: Parameters<typeof applyAlertAction> extends [unknown, ...infer R] ? R : never) {
  const r = applyAlertAction(cur, ...args);
  if (!r.ok) throw new Error(`refused: ${r.code}`);
  return r.next;
}

describe("alarm workflow", () => {
  it("acknowledges with a comment, recording who and when", () => {
    const s = next(open, { action: "acknowledge", comment: " crew on the way " }, "li.wei", 1000);
    expect(s).toMatchObject({ state: "acknowledged", ackBy: "li.wei", ackAt: 1000, stateBy: "li.wei", stateAt: 1000, comment: "crew on the way" });
  });

  it("refuses an acknowledgement without a comment, and a second acknowledgement", () => {
    expect(applyAlertAction(open, { action: "acknowledge", comment: "  " }, "a", 1)).toMatchObject({ ok: false, status: 422, code: "comment_required" });
    const acked = next(open, { action: "acknowledge", comment: "seen" }, "a", 1);
    expect(applyAlertAction(acked, { action: "acknowledge", comment: "me too" }, "b", 2)).toMatchObject({ ok: false, status: 409 });
  });

  it("assigns to a person or team and keeps the acknowledgement", () => {
    const acked = next(open, { action: "acknowledge", comment: "seen" }, "a", 1);
    const s = next(acked, { action: "assign", assignee: "Futian grid crew" }, "a", 5);
    expect(s).toMatchObject({ state: "assigned", assignee: "Futian grid crew", ackBy: "a", ackAt: 1 });
    expect(applyAlertAction(s, { action: "assign", assignee: "Futian grid crew" }, "a", 6)).toMatchObject({ ok: false, status: 409 });
    expect(applyAlertAction(open, { action: "assign" }, "a", 6)).toMatchObject({ ok: false, status: 422, code: "assignee_required" });
  });

  it("escalates one level at a time up to the highest", () => {
    let s = open;
    for (let i = 1; i <= MAX_ESCALATION; i++) {
      s = next(s, { action: "escalate" }, "a", i);
      expect(s.escalation).toBe(i);
      expect(s.state).toBe("open");
    }
    expect(applyAlertAction(s, { action: "escalate" }, "a", 9)).toMatchObject({ ok: false, status: 409, code: "escalation_max" });
  });

  it("resolves with a comment, ends an alert still running, and takes no action after", () => {
    const s = next(open, { action: "resolve", comment: "feeder switched" }, "a", 50);
    expect(s).toMatchObject({ state: "resolved", end: 50, stateBy: "a" });
    const ended = next({ ...open, end: 40 }, { action: "resolve", comment: "done" }, "a", 50);
    expect(ended.end).toBe(40);
    for (const action of ["acknowledge", "assign", "escalate", "resolve"] as const) {
      expect(applyAlertAction(s, { action, comment: "x", assignee: "y" }, "b", 60)).toMatchObject({ ok: false, status: 409, code: "alert_resolved" });
    }
  });
});
