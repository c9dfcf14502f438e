import { describe, expect, it } from "vitest";
import { captionLines, captionText, type CaptionInput } from "./caption";

const c: CaptionInput = {
  title: "City load vs forecast",
  scope: "Futian",
  window: { from: new Date("2026-07-14T16:00:00Z"), to: new Date("2026-07-15T16:00:00Z") },
  timezone: "Asia/Shanghai",
  unit: "MW",
  comparison: "vs last week",
  source: "Grid operator",
  asOf: "2026-07-15T02:05:00Z",
  simulated: true,
};

describe("export captions", () => {
  it("say title, district, period with zone, comparison, unit, source, as-of and simulated", () => {
    expect(captionLines(c, "en").map((l) => l.text)).toEqual([
      "City load vs forecast · Futian",
      "Period: 15 Jul 00:00 – 16 Jul 00:00 (GMT+8) · vs last week",
      "Unit: MW · Source: Grid operator · as of 15 Jul 10:05",
      "Simulated data: Figures come from the embedded simulator, not from live city sensors.",
    ]);
    expect(captionLines(c, "en")[3]!.tone).toBe("alert");
  });

  it("speak Chinese on zh pages, name the district once, and leave out what is absent", () => {
    const zh = captionLines(
      { ...c, title: "负荷 · 福田区", scope: "福田区", comparison: undefined, simulated: false, unit: "1" },
      "zh",
    ).map((l) => l.text);
    expect(zh[0]).toBe("负荷 · 福田区");
    expect(zh[1]).toMatch(/^时段: /);
    expect(zh[2]).toMatch(/^来源: Grid operator · 截至 /);
    expect(zh).toHaveLength(3);
  });

  it("become PNG text chunks with standard keywords", () => {
    expect(captionText(c, "en")).toMatchObject({
      Title: "City load vs forecast · Futian",
      Source: "Grid operator",
      Warning: "Simulated data",
      "Creation Time": "2026-07-15T02:05:00Z",
    });
  });
});
