import { describe, expect, it } from "vitest";
import {
  columnUnit,
  csvField,
  exportBaseName,
  fileSlug,
  guardFormula,
  panelCsv,
  panelMetadata,
  roundTo,
  toCsv,
  toSpreadsheetCsv,
  unitDigits,
  type PanelExport,
} from "./csv";

describe("csv", () => {
  it("quotes only what needs quoting and keeps numbers unrounded", () => {
    expect(csvField("Futian")).toBe("Futian");
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(0.123456789)).toBe("0.123456789");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("writes the header and rows with CRLF, nothing before the header", () => {
    const text = toCsv(
      ["asset", "loading [%]"],
      [
        ["urn:x:1", 97.5],
        ["urn:x:2", null],
      ],
    );
    expect(text).toBe("asset,loading [%]\r\nurn:x:1,97.5\r\nurn:x:2,\r\n");
  });

  it("makes file-name-safe slugs", () => {
    expect(fileSlug("2026-07-15T02:05:00.000Z")).toBe("2026-07-15t02-05-00-000z");
  });

  it("names a panel's file by department, panel and as-of, and heads it with what the numbers are", () => {
    const p: PanelExport = {
      department: "energy",
      panelId: "feeders",
      title: { en: "Most loaded feeders", zh: "负载最高的馈线" },
      asOf: "2026-07-15T02:05:00.000Z",
      district: "futian",
      window: { from: new Date("2026-07-14T16:00:00Z"), to: new Date("2026-07-15T02:05:00Z") },
      cursor: null,
      timezone: "Asia/Shanghai",
      simulated: true,
      meta: { unit: "%" },
    };
    expect(exportBaseName(p)).toBe("energy-feeders-2026-07-15t02-05-00-000z");
    expect(exportBaseName({ ...p, asOf: undefined })).toBe("energy-feeders-no-data");
    const meta = panelMetadata({ ...p, comparison: "vs last week", source: "Grid operator" }, [
      { en: "time", zh: "时间" },
      { en: "load [MW]", zh: "负荷 [MW]" },
    ]);
    expect(meta).toMatchObject({
      "@context": "http://www.w3.org/ns/csvw",
      url: "energy-feeders-2026-07-15t02-05-00-000z.csv",
      "dc:title": [{ "@value": "Most loaded feeders" }, { "@value": "负载最高的馈线" }],
      "dc:source": "Grid operator",
      "dc:modified": "2026-07-15 10:05:00+08:00",
      "twinops:district": "futian",
      "twinops:window": "2026-07-15 00:00:00+08:00 / 2026-07-15 10:05:00+08:00",
      "twinops:comparison": "vs last week",
      "twinops:data": expect.stringMatching(/^simulated/),
      tableSchema: { columns: [{ name: "time" }, { name: "load-mw", "twinops:unit": "MW" }] },
    });
    expect(panelMetadata({ ...p, simulated: false, district: null }, [])).toMatchObject({
      "twinops:district": "whole city",
      "twinops:data": "live",
      "twinops:comparison": "none",
    });
  });
});

describe("a panel's spreadsheet csv", () => {
  it("writes local time with offset, rounds to the unit's precision, BOM first and no comment lines", () => {
    const text = panelCsv(
      ["time", "City [MW]", "share [%]", "count", "note"],
      [["2026-07-15T01:00:00Z", 11775.46833333333, 31.349999, 3, "=cmd"]],
      "Asia/Shanghai",
    );
    expect(text).toBe("\uFEFFtime,City [MW],share [%],count,note\r\n2026-07-15 09:00:00+08:00,11775.5,31.3,3,'=cmd\r\n");
    expect(text).not.toMatch(/^\uFEFF?#/m);
  });
  it("takes a column's unit from its name and rounds without float tails", () => {
    expect(columnUnit("loading [%]")).toBe("%");
    expect(columnUnit("count")).toBeNull();
    expect(unitDigits("pax")).toBe(0);
    expect(unitDigits(null)).toBe(2);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(-0.04, 1)).toBe(0);
  });
});

describe("spreadsheet csv", () => {
  it("defuses text a spreadsheet would run as a formula, and leaves numbers alone", () => {
    expect(["=1+1", "+86 755", "-x", "@SUM(A1)", "\tx", "ok", "a=b"].map(guardFormula)).toEqual([
      "'=1+1",
      "'+86 755",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      "ok",
      "a=b",
    ]);
    expect(guardFormula(-3.5)).toBe(-3.5);
    expect(guardFormula(null)).toBeNull();
  });

  it("starts with a byte-order mark, has no comment lines, quotes by RFC 4180 and ends lines with CRLF", () => {
    const text = toSpreadsheetCsv(
      ["id", "text"],
      [
        ["a", '=HYPERLINK("x")'],
        ["b", "行一\n行二"],
      ],
    );
    expect(text).toBe('\uFEFFid,text\r\na,"\'=HYPERLINK(""x"")"\r\nb,"行一\n行二"\r\n');
  });
});
