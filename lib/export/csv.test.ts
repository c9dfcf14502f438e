import { describe, expect, it } from "vitest";
import { csvField, exportBaseName, fileSlug, guardFormula, panelCsvMeta, toCsv, toSpreadsheetCsv, type PanelExport } from "./csv";

describe("csv", () => {
  it("quotes only what needs quoting and keeps numbers unrounded", () => {
    expect(csvField("Futian")).toBe("Futian");
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(0.123456789)).toBe("0.123456789");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("writes the comment block, header and rows with CRLF", () => {
    const text = toCsv({ title: "Most loaded feeders", unit: "%" }, ["asset", "loading [%]"], [["urn:x:1", 97.5], ["urn:x:2", null]]);
    expect(text).toBe("# title: Most loaded feeders\r\n# unit: %\r\nasset,loading [%]\r\nurn:x:1,97.5\r\nurn:x:2,\r\n");
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
    const text = toCsv(panelCsvMeta(p), ["asset"], [["urn:x"]]);
    expect(text.split("\r\n").slice(0, 10)).toEqual([
      "# title: Most loaded feeders (负载最高的馈线)",
      "# department: energy",
      "# as of: 2026-07-15T02:05:00.000Z",
      "# district: futian",
      "# window: 2026-07-14T16:00:00.000Z / 2026-07-15T02:05:00.000Z",
      "# cursor: live",
      "# time zone: Asia/Shanghai",
      "# unit: %",
      "# data: simulated (embedded TwinOps simulator, not live city sensors)",
      "asset",
    ]);
    expect(panelCsvMeta({ ...p, simulated: false, district: null }).district).toBe("whole city");
  });
});

describe("spreadsheet csv", () => {
  it("defuses text a spreadsheet would run as a formula, and leaves numbers alone", () => {
    expect(["=1+1", "+86 755", "-x", "@SUM(A1)", "\tx", "ok", "a=b"].map(guardFormula)).toEqual(["'=1+1", "'+86 755", "'-x", "'@SUM(A1)", "'\tx", "ok", "a=b"]);
    expect(guardFormula(-3.5)).toBe(-3.5);
    expect(guardFormula(null)).toBeNull();
  });

  it("starts with a byte-order mark, has no comment lines, quotes by RFC 4180 and ends lines with CRLF", () => {
    const text = toSpreadsheetCsv(["id", "text"], [["a", '=HYPERLINK("x")'], ["b", "行一\n行二"]]);
    expect(text).toBe('\uFEFFid,text\r\na,"\'=HYPERLINK(""x"")"\r\nb,"行一\n行二"\r\n');
  });
});
