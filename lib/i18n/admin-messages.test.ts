import { describe, expect, it } from "vitest";
import { am, nameOf } from "./admin-messages";

describe("admin messages", () => {
  it("fills placeholders", () => {
    expect(am("en", "passwordSet", { username: "li" })).toBe("New password set for li; their sessions have ended.");
    expect(am("zh", "lockedUntil", { time: "11月24日 14:05 UTC" })).toBe("锁定至 11月24日 14:05 UTC");
  });
  it("shows identifiers as they are in English, names them in Chinese, and passes unknown ones through", () => {
    expect(nameOf("en", "action", "user.create")).toBe("user.create");
    expect(nameOf("zh", "action", "user.create")).toBe("创建账号");
    expect(nameOf("zh", "role", "viewer")).toBe("只读用户");
    expect(nameOf("zh", "kind", "feed")).toBe("数据接入令牌");
    expect(nameOf("zh", "action", "something.new")).toBe("something.new");
    expect(nameOf("zh", "role", "-")).toBe("-");
  });
});
