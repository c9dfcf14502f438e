import { describe, expect, it } from "vitest";
import { CreateUserSchema, IssueTokenSchema } from "./schemas";

describe("admin request bodies", () => {
  it("store display names and token names without control or bidi control characters", () => {
    const user = CreateUserSchema.parse({ username: "li.wei", displayName: "Li \u202Eiew\u202C\u0000 Wei", role: "operator", password: "x".repeat(12) });
    expect(user.displayName).toBe("Li iew Wei");
    const token = IssueTokenSchema.parse({ kind: "device", name: "\u2067wall\u2069 \u200Eone\n", boards: ["city"] });
    expect(token.name).toBe("wall one");
    expect(IssueTokenSchema.safeParse({ kind: "feed", name: "\u202E\u0000" }).success).toBe(false);
  });
});
