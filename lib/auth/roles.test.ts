import { describe, expect, it } from "vitest";
import { DOMAINS } from "@/lib/twin/types";
import { canOpenBoard, canOperate, canRead, isAdmin, readableDomains, type Principal } from "./roles";

const user = (role: "viewer" | "operator" | "admin", domains: ("energy" | "health")[] = []): Principal => ({ kind: "user", id: "u", name: "u", role, domains, sessionId: "s" });

describe("roles", () => {
  it("viewers read their domains, operators and admins read all, feeds read nothing", () => {
    expect(readableDomains(user("viewer", ["health"]))).toEqual(["health"]);
    expect(readableDomains(user("operator"))).toEqual([...DOMAINS]);
    expect(readableDomains({ kind: "feed", id: "f", name: "f" })).toEqual([]);
    expect(canRead(user("viewer", ["health"]), "energy")).toBe(false);
  });

  it("a device reads the domains of its boards (the city board: all) and opens only those boards", () => {
    const energyWall: Principal = { kind: "device", id: "d", name: "d", boards: ["energy"] };
    expect(readableDomains(energyWall)).toEqual(["energy"]);
    expect(readableDomains({ ...energyWall, boards: ["city"] })).toEqual([...DOMAINS]);
    expect(canOpenBoard(energyWall, "energy")).toBe(true);
    expect(canOpenBoard(energyWall, "city")).toBe(false);
    // People open the boards whose domains they may read.
    expect(canOpenBoard(user("viewer", ["health"]), "health")).toBe(true);
    expect(canOpenBoard(user("viewer", ["health"]), "city")).toBe(false);
    expect(canOpenBoard(user("operator"), "city")).toBe(true);
  });

  it("only operators and admins act on alerts; only admins administer", () => {
    expect([user("viewer", ["energy"]), user("operator"), user("admin")].map(canOperate)).toEqual([false, true, true]);
    expect([user("viewer", ["energy"]), user("operator"), user("admin")].map(isAdmin)).toEqual([false, false, true]);
    expect(canOperate({ kind: "device", id: "d", name: "d", boards: ["city"] })).toBe(false);
  });
});
