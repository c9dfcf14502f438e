import { describe, expect, it } from "vitest";
import { BOARDS, boardProblems, getBoard, type Board } from "./boards";
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
