import { describe, expect, it } from "vitest";
import { BOARDS, boardProblems, cityBoard, cityGrid, getBoard, type Board } from "./boards";
import { DOMAINS } from "@/lib/twin/types";

describe("wall boards", () => {
  it("has a city board and one board per domain, each a valid grid", () => {
    expect(BOARDS.map((b) => b.id)).toEqual(["city", ...DOMAINS]);
    for (const b of BOARDS) expect(boardProblems(b), b.id).toEqual([]);
  });

  it("keeps the map on every board, so rotation never recreates the WebGL context", () => {
    for (const b of BOARDS) expect(b.panels.some((p) => p.kind === "map"), b.id).toBe(true);
  });

  it("shows each domain's panel and only its layers on the domain board", () => {
    for (const d of DOMAINS) {
      const b = getBoard(d)!;
      expect(b.panels.map((p) => p.kind)).toContain(d);
      expect(b.panels.find((p) => p.kind === "map")?.layers).toEqual([d, "alerts"]);
    }
  });

  it("lays the city board out for any number of domains: every domain a column of its own, at least a quarter of the screen up to five, no blank cell", () => {
    for (let n = 0; n <= 9; n++) {
      const cells = Array.from({ length: n }, (_, i) => `d${i}`);
      const { columns, areas } = cityGrid(cells);
      const grid = areas.map((r) => r.split(" "));
      expect(grid.every((r) => r.length === columns), `${n}: ${areas.join(" / ")}`).toBe(true);
      // The map two columns wide at the top left, the alert list at the bottom left.
      expect(grid[0]!.slice(0, 2)).toEqual(["map", "map"]);
      expect(grid[1]![0]).toBe("alerts");
      // Every slot belongs to a panel; each domain has exactly one slot (one column).
      expect(grid.flat().filter((c) => !["map", "alerts", ...cells].includes(c))).toEqual([]);
      for (const c of cells) expect(grid.flat().filter((x) => x === c), `${n}: ${c}`).toHaveLength(1);
      if (n <= 5) expect(1 / columns, `${n} domains`).toBeGreaterThanOrEqual(1 / 4);
      if (n <= 7) expect(1 / columns, `${n} domains`).toBeGreaterThanOrEqual(1 / 5);
    }
    // The four-domain board as it was; five domains keep columns a quarter wide (not six of a sixth).
    expect(cityGrid(["energy", "transport", "construction", "health"]).areas).toEqual([
      "map map energy transport",
      "alerts alerts construction health",
    ]);
    expect(cityGrid(["energy", "transport", "construction", "health", "logistics"]).areas).toEqual([
      "map map energy transport",
      "alerts construction health logistics",
    ]);
    for (let n = 1; n <= DOMAINS.length; n++) expect(boardProblems(cityBoard(DOMAINS.slice(0, n))), `${n} domains`).toEqual([]);
  });

  it("reports broken definitions instead of rendering a collapsed grid", () => {
    const city = getBoard("city")!;
    const bad: Board = { ...city, areas: ["map alerts map alerts", "energy transport construction health"] };
    expect(boardProblems(bad).join("\n")).toMatch(/"map" is not a rectangle/);
    const missing: Board = { ...city, panels: city.panels.filter((p) => p.kind !== "health") };
    expect(boardProblems(missing).join("\n")).toMatch(/"health" has no panel/);
    const jittery: Board = { ...city, panels: city.panels.map((p) => ({ ...p, staleAfterSeconds: p.refreshSeconds })) };
    expect(boardProblems(jittery).join("\n")).toMatch(/stale between two refreshes/);
  });

  it("gives an unknown id no board", () => {
    expect(getBoard("nope")).toBeUndefined();
  });
});
