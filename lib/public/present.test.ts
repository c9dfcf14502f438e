import { describe, expect, it } from "vitest";
import { asOfText, cadenceText, cellText, formatValue } from "./present";

const cell = (value: number | null, suppression: "small" | "secondary" | "few" | null) => ({
  district: "futian",
  name: { en: "Futian", zh: "福田" },
  value,
  suppression,
});

describe("public presentation", () => {
  it("formats figures per locale, with 万 and 亿 in Chinese", () => {
    expect(formatValue(3_308_592, "", "en")).toBe("3.3\u00a0M");
    expect(formatValue(3_308_592, "", "zh")).toBe("330.9万");
    expect(formatValue(123_000_000, "", "zh")).toBe("1.2亿");
    expect(formatValue(22_756, "MW", "en")).toBe("22,756\u00a0MW");
    expect(formatValue(3_308_592, "", "en", false)).toBe("3,308,592");
    expect(formatValue(88.6, "%", "zh")).toBe("88.6%");
    expect(formatValue(null, "MW", "en")).toBe("–\u00a0MW");
    expect(formatValue(36, "min", "zh")).toBe("36\u00a0分钟");
    expect(formatValue(36, "min", "en")).toBe("36\u00a0min");
  });

  it("never shows a number for a suppressed cell", () => {
    expect(cellText(cell(null, "small"), "", "en")).toBe("fewer than 11");
    expect(cellText(cell(null, "small"), "", "zh")).toBe("少于 11");
    expect(cellText(cell(null, "secondary"), "", "en")).toBe("withheld");
    expect(cellText(cell(null, "few"), "%", "zh")).toContain("不予公布");
    expect(cellText(cell(46, null), "", "en")).toBe("46");
  });

  it("says when, in the city's time zone, and how often", () => {
    expect(asOfText("2026-07-15T03:50:00Z", "Asia/Shanghai", "en")).toBe("15 Jul 11:50 GMT+8");
    expect(asOfText("2026-07-15T03:50:00Z", "Asia/Shanghai", "zh")).toBe("7月15日 11:50 北京时间");
    expect(cadenceText(300, "en")).toBe("every 5 min");
    expect(cadenceText(900, "zh")).toBe("每 15分钟");
  });
});
