import { describe, expect, it } from "vitest";
import { trendOption } from "@/components/charts/options/trend";
import { chartTheme } from "@/components/charts/theme";
import { zeroBased } from "./zero-based";

describe("public charts", () => {
  it("start the area of an hourly series at zero, whatever the data's range", () => {
    const frame = {
      kind: "trend" as const,
      unit: "MW",
      timezone: "Asia/Shanghai",
      t: ["2026-07-14T16:00:00.000Z", "2026-07-14T17:00:00.000Z"],
      series: [{ id: "load", name: { en: "Load", zh: "负荷" }, values: [9000, 12000], role: "actual" as const }],
    };
    const fitted = trendOption(frame, chartTheme("light"), "en", "City electric load");
    expect(fitted.yAxis).toMatchObject({ scale: true });
    expect(zeroBased(fitted).yAxis).toMatchObject({ scale: false, min: 0 });
    // Everything else (series, labels) is left as the shared builder made it.
    expect(zeroBased(fitted).series).toBe(fitted.series);
  });
});
