import { describe, expect, it } from "vitest";
import { failureOf } from "@/components/ui/mutate";
import { renderToStaticMarkup } from "react-dom/server";
import { ChangeCell, changes, failureText } from "./admin-console";

describe("audit changes", () => {
  it("lists only the fields an action changed, before and after", () => {
    expect(changes({ state: "open", ackBy: null, escalation: 0 }, { state: "acknowledged", ackBy: "li", escalation: 0, actionComment: "on it" })).toBe(
      "state: open → acknowledged; ackBy: – → li; actionComment: on it",
    );
    expect(changes(null, { role: "admin" })).toBe("role: admin");
    expect(changes({ disabled: false }, { disabled: true })).toBe("disabled: false → true");
  });
  it("names the fields and the alert states in Chinese and keeps what people entered", () => {
    expect(changes({ state: "open", ackBy: null }, { state: "acknowledged", ackBy: "li" }, "zh")).toBe("状态：未处置 → 已确认；确认人：– → li");
    expect(changes({ disabled: false }, { disabled: true, someNewField: 3 }, "zh")).toBe("停用：否 → 是；someNewField：3");
  });
  it("names roles, token kinds and domains among the values in Chinese only", () => {
    const before = { role: "viewer", domains: ["energy", "health"] };
    const after = { role: "operator", domains: [] };
    expect(changes(before, after)).toBe('role: viewer → operator; domains: ["energy","health"] → []');
    expect(changes(before, after, "zh")).toBe("角色：只读用户 → 操作员；业务领域：能源、卫生健康 → –");
    expect(changes(null, { kind: "device", name: "wall 1", scope: ["city"] }, "zh")).toBe("类型：设备令牌；名称：wall 1；范围：全市");
  });
});

describe("audit changes on the page", () => {
  it("isolates what a person typed or the system generated in <bdi>, and only that", () => {
    const html = renderToStaticMarkup(<ChangeCell before={null} after={{ kind: "device", name: "Lobby wall", code: "XA7K2P", scope: ["city"] }} locale="zh" />);
    expect(html).toContain("名称：<bdi>Lobby wall</bdi>");
    expect(html).toContain("配对码：<bdi>XA7K2P</bdi>");
    // Names the product translates are its own words, not isolated.
    expect(html).toContain("类型：设备令牌");
    expect(html).toContain("范围：全市");
  });
});

describe("failed changes", () => {
  const exists = failureOf(409, { status: 409, code: "user_exists", detail: "An account named li exists." });
  const invalid = failureOf(400, {
    code: "invalid_body",
    detail: "Invalid request body: domains, password.",
    errors: [
      { parameter: "domains", message: "a viewer needs at least one domain" },
      { parameter: "password", message: "must be at least 12 characters" },
    ],
  });
  it("shows the server's own detail in English, as before", () => {
    expect(failureText(exists, "en")).toBe("An account named li exists.");
    expect(failureText(invalid, "en")).toBe("Invalid request body: domains, password. domains: a viewer needs at least one domain password: must be at least 12 characters");
    expect(failureText(failureOf(502, null), "en")).toBe("HTTP 502");
    expect(failureText({ status: 0, code: undefined, detail: "Failed to fetch", errors: [] }, "en")).toBe("Failed to fetch");
  });
  it("names the problem and the fields in Chinese", () => {
    expect(failureText(exists, "zh")).toBe("该用户名已被使用。");
    expect(failureText(invalid, "zh")).toBe("提交内容有误，请检查：业务领域、密码。");
    expect(failureText({ status: 0, code: undefined, detail: "Failed to fetch", errors: [] }, "zh")).toBe("无法连接服务器，请检查网络后重试。");
    // A code the screen does not know: the server's detail, said to be a failure.
    expect(failureText(failureOf(415, { code: "unsupported_media_type", detail: "The request body must be application/json." }), "zh")).toBe(
      "操作未完成：The request body must be application/json.",
    );
    expect(failureText(failureOf(502, null), "zh")).toBe("操作未完成：HTTP 502");
  });
});
