import { describe, expect, it } from "vitest";
import { applyAlertAction, MAX_ESCALATION, MAX_THREAD, planAlertAction, type WorkflowState } from "./workflow";

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
  thread: [],
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
  it("keeps every comment in the thread with who, when and the action, without touching the state", () => {
    const acked = next(open, { action: "acknowledge", comment: "seen" }, "li.wei", 10);
    const noted = next(acked, { action: "comment", comment: " crew at the feeder " }, "wang.fang", 20);
    expect(noted).toMatchObject({ state: "acknowledged", stateBy: "li.wei", stateAt: 10, comment: "crew at the feeder" });
    expect(noted.thread).toEqual([
      { by: "li.wei", at: 10, action: "acknowledge", text: "seen" },
      { by: "wang.fang", at: 20, action: "comment", text: "crew at the feeder" },
    ]);
    // An assignment without a comment adds nothing to the thread.
    expect(next(noted, { action: "assign", assignee: "zhao" }, "li.wei", 30).thread).toHaveLength(2);
  });

  it("takes comments on a resolved alert but no other action, and refuses an empty comment", () => {
    const resolved = next(open, { action: "resolve", comment: "fixed" }, "a", 5);
    expect(next(resolved, { action: "comment", comment: "root cause: loose joint" }, "b", 9).thread).toHaveLength(2);
    expect(applyAlertAction(resolved, { action: "assign", assignee: "x" }, "a", 9)).toMatchObject({ ok: false, status: 409 });
    expect(applyAlertAction(open, { action: "comment", comment: "   " }, "a", 1)).toMatchObject({ ok: false, status: 422, code: "comment_required" });
  });

  it("stops a thread at its ceiling", () => {
    const full = { ...open, thread: Array.from({ length: MAX_THREAD }, (_, i) => ({ by: "a", at: i, action: "comment" as const, text: "x" })) };
    expect(applyAlertAction(full, { action: "comment", comment: "one more" }, "a", 1)).toMatchObject({ ok: false, status: 409, code: "thread_full" });
  });

  it("stores the thread as JSON in the row and leaves it out of the audit record", () => {
    const row = { id: "al", rule: "r", domain: "energy", category: "energy", severity: "major", asset_id: "x", ds: 1, district: "futian", lon: 0, lat: 0, desc_en: "", desc_zh: "", start: 0, end: null, state: "open", state_by: null, state_at: null, value: 1, threshold: 1 };
    const p = planAlertAction(row, { action: "comment", comment: "hello" }, { name: "li", role: "operator" }, 100);
    if (!p.ok) throw new Error(p.code);
    expect(JSON.parse(p.row.thread ?? "[]")).toEqual([{ by: "li", at: 100, action: "comment", text: "hello" }]);
    expect(p.audit).toMatchObject({ action: "alert.comment", target: "al", after: { actionComment: "hello" } });
    expect(p.audit.after).not.toHaveProperty("thread");
  });
});
