import { describe, expect, it } from "vitest";
import { alarmLink, formatWithOffset, markdownText, plainText, renderMessage, type AlarmSnapshot } from "./message";

const alarm: AlarmSnapshot = {
  id: "urn:ngsi-ld:Alert:shenzhen:dustExceedance-3-1",
  severity: "major",
  domain: "construction",
  rule: "dustExceedance",
  description: { en: "Dust at Site 3: PM10 260 µg/m³ above 250 µg/m³", zh: "3号工地 扬尘超标：PM10 260 µg/m³，超过 250 µg/m³" },
  assetId: "urn:ngsi-ld:CityWork:shenzhen:3",
  assetName: { en: "Site 3", zh: "3号工地" },
  district: "nanshan",
  districtName: { en: "Nanshan", zh: "南山区" },
  value: 260,
  threshold: 250,
  unit: "µg/m³",
  start: "2026-12-06T16:30:00Z",
  timeZone: "Asia/Shanghai",
  link: alarmLink("https://twin.example/", "urn:ngsi-ld:CityWork:shenzhen:3", "a b"),
};

describe("notification messages", () => {
  it("formats the time in the city's zone with its UTC offset", () => {
    expect(formatWithOffset("2026-12-06T16:30:00Z", "Asia/Shanghai")).toBe("2026-12-07 00:30:00 +08:00");
    expect(formatWithOffset("2026-07-15T12:00:00Z", "Europe/Berlin")).toBe("2026-07-15 14:00:00 +02:00");
    expect(formatWithOffset("2026-07-15T12:00:00Z", "UTC")).toBe("2026-07-15 12:00:00 +00:00");
    expect(formatWithOffset("2026-07-15T12:00:00Z", "America/St_Johns")).toBe("2026-07-15 09:30:00 -02:30");
  });
  it("names alarm, severity, asset, district, value with unit, time with offset and the link, in English", () => {
    const m = renderMessage({ kind: "raised", alarm, queuedAt: "2026-12-06T16:31:00Z" }, "en");
    expect(m.title).toBe("[Major] New alarm: Dust at Site 3: PM10 260 µg/m³ above 250 µg/m³");
    expect(plainText(m, "en")).toBe(
      [
        m.title,
        "",
        `Alarm: ${alarm.id}`,
        "Severity: Major",
        "Asset: Site 3 (urn:ngsi-ld:CityWork:shenzhen:3)",
        "District: Nanshan",
        "Domain: Construction",
        "Value: 260 µg/m³",
        "Threshold: 250 µg/m³",
        "Since: 2026-12-07 00:30:00 +08:00",
        "",
        "Open in TwinOps: https://twin.example/assets/urn%3Angsi-ld%3ACityWork%3Ashenzhen%3A3?alert=a%20b",
      ].join("\n"),
    );
  });
  it("and in Chinese, with the customary alarm levels", () => {
    const m = renderMessage({ kind: "unacknowledged", minutes: 15, alarm: { ...alarm, severity: "critical" }, queuedAt: "2026-12-06T16:31:00Z" }, "zh");
    expect(m.title).toBe("【紧急】告警已 15 分钟未确认：3号工地 扬尘超标：PM10 260 µg/m³，超过 250 µg/m³");
    const md = markdownText(m, "zh");
    for (const part of ["### 【紧急】", "> **设施**：3号工地", "> **辖区**：南山区", "> **领域**：建设", "> **数值**：260 µg/m³", "> **发生时间**：2026-12-07 00:30:00 +08:00", "[在 TwinOps 中查看](https://twin.example/assets/"])
      expect(md).toContain(part);
    expect(renderMessage({ kind: "escalated", alarm, queuedAt: "" }, "zh").title).toMatch(/^【严重】告警升级：/);
  });
  it("a test message says who asked for it and has no link", () => {
    const m = renderMessage({ kind: "test", alarm: null, requestedBy: "admin", queuedAt: "2026-12-06T16:31:00Z" }, "zh");
    expect(m).toEqual({ title: "TwinOps 测试通知", fields: [["发起人", "admin"], ["时间", "2026-12-06 16:31:00 +00:00"]], link: null });
  });
});
