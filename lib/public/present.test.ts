import { describe, expect, it } from "vitest";
import { DOMAIN_MODULES } from "@/domains";
import { DOMAINS } from "@/lib/twin/types";
import { asOfText, cadenceText, cellText, domainList, formatValue, usualText, verdictText } from "./present";
import type { PublicFigure } from "./schemas";

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

describe("what is usual, in words", () => {
  const figure = (id: string, unit: string, value: number | null, usual: PublicFigure["usual"]): PublicFigure => ({
    definition: {
      id,
      domain: "energy",
      name: { en: id, zh: id },
      definition: { en: "", zh: "" },
      formula: "",
      unit: { symbol: unit, code: "" },
      cadenceSeconds: 300,
      owner: { en: "", zh: "" },
      source: { en: "", zh: "" },
    },
    value,
    asOf: "2026-07-15T01:30:00.000Z",
    previous: null,
    stale: false,
    suppression: null,
    usual,
  });

  it("says a range once with its unit, and how now compares, in both languages", () => {
    const load = figure("energy.load", "MW", 23_900, { low: 19_609, high: 21_535, days: 7, verdict: "worse" });
    expect(usualText(load, "en")).toBe("Usual at this time: 19,609 to 21,535\u00a0MW");
    expect(verdictText(load, "en")).toBe("Higher than usual (worse)");
    expect(verdictText(load, "zh")).toBe("高于常态（较差）");
    const speed = figure("transport.avgSpeed", "km/h", 40, { low: 47, high: 53, days: 7, verdict: "worse" });
    expect(verdictText(speed, "en")).toBe("Lower than usual (worse)");
  });

  it("reads solar at night as usual, not as a failure", () => {
    const night = figure("energy.renewableShare", "%", 0, { low: 0, high: 0, days: 7, verdict: "usual" });
    expect(usualText(night, "en")).toBe("Usual at this time: 0%");
    expect(verdictText(night, "en")).toBe("Within the usual range");
    expect(verdictText(night, "zh")).toBe("处于常态范围内");
  });

  it("says when there is not enough history, and gives no verdict", () => {
    const young = figure("energy.load", "MW", 20_000, null);
    expect(usualText(young, "en")).toMatch(/Not enough history/);
    expect(verdictText(young, "en")).toBeNull();
  });
});

describe("domainList", () => {
  it("names every registered domain in running text, as a list or as a choice, in both languages", () => {
    expect(domainList("en")).toBe(`${DOMAINS.slice(0, -1).join(", ")}, and ${DOMAINS.at(-1)}`);
    expect(domainList("en", "disjunction")).toMatch(/, or logistics$/);
    const zh = DOMAIN_MODULES.map((m) => m.name.zh);
    expect(domainList("zh")).toBe(`${zh.slice(0, -1).join("、")}和${zh.at(-1)}`);
    expect(domainList("zh", "disjunction")).toBe(`${zh.slice(0, -1).join("、")}或${zh.at(-1)}`);
    expect(zh).toContain("物流");
  });
});
