import { describe, expect, it } from "vitest";
import { assignmentTarget } from "./wall-assignment";

describe("a paired wall following its assignment", () => {
  const here = new URL("http://wall.local/wall/energy?lang=zh&sound=on");
  it("stays while the token's boards are the ones shown", () => {
    expect(assignmentTarget(here, ["energy"], { boards: ["energy"], path: "/wall/energy" })).toBeNull();
  });
  it("moves to pushed boards, keeping its own options and taking the new playlist", () => {
    expect(assignmentTarget(here, ["energy"], { boards: ["health"], path: "/wall/health" })).toBe("/wall/health?lang=zh&sound=on");
    const rotating = new URL("http://wall.local/wall/city?rotate=city,energy&tiles=2x2");
    expect(assignmentTarget(rotating, ["city", "energy"], { boards: ["transport", "health"], path: "/wall/transport?rotate=transport,health" })).toBe(
      "/wall/transport?rotate=transport,health&tiles=2x2",
    );
  });
});
