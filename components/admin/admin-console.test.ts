import { describe, expect, it } from "vitest";
import { changes } from "./admin-console";

describe("audit changes", () => {
  it("lists only the fields an action changed, before and after", () => {
    expect(changes({ state: "open", ackBy: null, escalation: 0 }, { state: "acknowledged", ackBy: "li", escalation: 0, actionComment: "on it" })).toBe(
      "state: open → acknowledged; ackBy: – → li; actionComment: on it",
    );
    expect(changes(null, { role: "admin" })).toBe("role: admin");
  });
});
