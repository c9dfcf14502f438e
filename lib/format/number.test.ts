import { describe, expect, it } from "vitest";
import { customaryUnit, formatCompact, formatNumber, formatQuantity, formatStatistic } from "./number";

describe("formatQuantity", () => {
  it("shows city load in full with thousands separators and MW", () => {
    expect(formatQuantity(23145.4, "MW", "en").text).toBe("23,145\u00a0MW");
  });
  it("shortens metro trips to millions in English and 万 in Chinese", () => {
    expect(formatQuantity(8_500_000, "trips", "en").text).toBe("8.5\u00a0M\u00a0trips");
    expect(formatQuantity(8_500_000, null, "zh").text).toBe("850万");
    expect(formatQuantity(486_867, null, "zh").text).toBe("48.7万");
    expect(formatQuantity(486_867, null, "en").text).toBe("486,867");
  });
  it("writes load in 万千瓦 for Chinese readers, as the power bulletins do", () => {
    expect(formatQuantity(22_145, "MW", "zh")).toEqual({ value: "2214.5", unit: "万千瓦", text: "2214.5万千瓦" });
    expect(formatQuantity(22_145, "MW", "en").text).toBe("22,145\u00a0MW");
    expect(formatQuantity(null, "MW", "zh").text).toBe("–\u00a0MW");
    expect(customaryUnit(24_000, "MW", "zh")).toEqual({ value: 2400, unit: "万千瓦" });
    expect(customaryUnit(90, "%", "zh")).toEqual({ value: 90, unit: "%" });
  });
  it("writes percent without a space and keeps a decimal below 100", () => {
    expect(formatQuantity(87.46, "%", "en").text).toBe("87.5%");
  });
  it("treats UN/CEFACT dimensionless '1' as no unit", () => {
    expect(formatQuantity(2.345, "1", "en").text).toBe("2.35");
  });
  it("shows a dash, never 0, for a missing value", () => {
    expect(formatQuantity(null, "MW", "en").value).toBe("–");
    expect(formatQuantity(Number.NaN, "MW", "en").value).toBe("–");
  });
  it("can keep full precision when asked", () => {
    expect(formatQuantity(8_512_300, "trips", "en", { compact: false }).value).toBe("8,512,300");
  });
});

describe("formatCompact", () => {
  it("uses 亿 for hundreds of millions in Chinese", () => {
    expect(formatCompact(123_000_000, "zh")).toBe("1.2亿");
    expect(formatCompact(45_000, "zh")).toBe("4.5万");
  });
  it("uses M and B in English", () => {
    expect(formatCompact(2_300_000_000, "en")).toBe("2.3\u00a0B");
    expect(formatCompact(999, "en")).toBe("999");
  });
  it("formats small numbers plainly", () => {
    expect(formatNumber(1.853, "en")).toBe("1.85");
    expect(formatNumber(12345, "zh")).toBe("12,345");
  });
});

describe("formatStatistic", () => {
  it("keeps a published figure's digits: millions in English, 万 and 亿 without grouping in Chinese", () => {
    expect(formatStatistic(29_880_000, "en")).toBe("29.88\u00a0M");
    expect(formatStatistic(29_880_000, "zh")).toBe("2988万");
    expect(formatStatistic(780_000, "en")).toBe("780,000");
    expect(formatStatistic(780_000, "zh")).toBe("78万");
    expect(formatStatistic(160_000_000, "zh")).toBe("1.6亿");
    expect(formatStatistic(16, "zh")).toBe("16");
  });
});
