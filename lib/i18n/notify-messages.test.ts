import { describe, expect, it } from "vitest";
import { nm } from "./notify-messages";

describe("notification screen messages", () => {
  it("fills placeholders", () => {
    expect(nm("zh", "escalateAfter", { minutes: 10, channels: "值班经理" })).toBe("10 分钟未确认 → 值班经理");
  });
});
