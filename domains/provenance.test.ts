import { describe, expect, it } from "vitest";
import { DOMAIN_MODULES } from ".";
import type { DomainModule } from "./types";

const MODULES: readonly DomainModule[] = DOMAIN_MODULES;

/** The provenance part of the domain contract: what the public pages show a reader must be checkable. */
describe("published figures behind the simulation (domain provenance)", () => {
  const entries = MODULES.flatMap((m) => (m.provenance ?? []).map((f) => ({ domain: m.id, f })));

  it("are given by the logistics domain, which is scaled to them", () => {
    expect(MODULES.find((m) => m.id === "logistics")?.provenance?.map((f) => f.id)).toEqual(
      expect.arrayContaining(["portTeu", "airCargo", "droneFlights"]),
    );
  });

  it("name what, unit and source in English and in Chinese, with a year, a positive value and an https address", () => {
    expect(entries.length).toBeGreaterThan(0);
    const thisYear = new Date().getUTCFullYear();
    for (const { domain, f } of entries) {
      const at = `${domain}.${f.id}`;
      for (const t of [f.what, f.unit, f.source, ...(f.note ? [f.note] : [])]) {
        expect(t.en.trim().length, at).toBeGreaterThan(0);
        expect(t.en, at).not.toMatch(/[\u4e00-\u9fff]/);
        expect(t.zh, at).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(f.source.en.length, at).toBeGreaterThan(10);
      expect(Number.isInteger(f.year) && f.year >= 1990 && f.year <= thisYear, at).toBe(true);
      expect(f.value, at).toBeGreaterThan(0);
      expect(new URL(f.url).protocol, at).toBe("https:");
    }
  });

  it("have ids unique within their domain", () => {
    for (const m of MODULES) {
      const ids = (m.provenance ?? []).map((f) => f.id);
      expect(new Set(ids).size, m.id).toBe(ids.length);
    }
  });
});
