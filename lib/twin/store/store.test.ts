import { describe, expect, it } from "vitest";
import type { AlertRow } from "./rows";
import { TwinStore } from "./store";

const alert = (id: string, start: number, end: number | null): AlertRow => ({
  id,
  rule: "feederOverload",
  domain: "energy",
  category: "energy",
  severity: "major",
  asset_id: "urn:a",
  ds: 1,
  district: "futian",
  lon: 114,
  lat: 22.5,
  desc_en: "x",
  desc_zh: "x",
  start,
  end,
  state: end === null ? "open" : "resolved",
  state_by: null,
  state_at: null,
  value: 95,
  threshold: 90,
});

describe("twin store", () => {
  it("builds a reset twin through its migrations and gives it a new generation", () => {
    const s = new TwinStore(":memory:");
    const before = s.generation();
    s.reset();
    expect(s.db.prepare("SELECT max(version) AS v FROM schema_migrations").get()).toEqual({ v: 1 });
    expect(s.generation()).not.toBe(before);
    s.close();
  });

  it("prunes alerts that ended before the history window, keeps open ones and every operations row (workflow, audit)", () => {
    const s = new TwinStore(":memory:");
    s.insertAlert(alert("old", 100, 200));
    s.insertAlert(alert("recent", 100, 5000));
    s.insertAlert(alert("open", 100, null));
    for (const id of ["old", "open"]) {
      s.changeAlert(id, (row) => ({
        row: { ...row, ack_by: "li", ack_at: 150, state: "acknowledged", state_by: "li", state_at: 150 },
        audit: { at: 1, actor: "li", role: "operator", action: "alert.acknowledge", target: id },
      }));
    }
    s.pruneBefore(0, 0, 0, 1000, 1000);
    const ids = s.queryAlerts({ limit: 10 }).map((r) => r.id).sort();
    expect(ids).toEqual(["open", "recent"]);
    // Operations data lives in the operations store and is never pruned with twin data.
    expect(s.db.prepare("SELECT alert_id FROM ops.alert_workflow ORDER BY alert_id").all()).toEqual([{ alert_id: "old" }, { alert_id: "open" }]);
    expect(s.queryAudit({ limit: 10 }).map((r) => r.target).sort()).toEqual(["old", "open"]);
    s.close();
  });
});
