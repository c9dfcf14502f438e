import { describe, expect, it } from "vitest";
import { csvField, fileSlug, toCsv } from "./csv";

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
});
