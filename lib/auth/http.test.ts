import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { readForm } from "./http";

const post = (type: string, body: string) => new Request("http://localhost/api/auth/signin", { method: "POST", headers: { "content-type": type }, body });

describe("readForm", () => {
  it("reads urlencoded, JSON and multipart forms", async () => {
    expect(await readForm(post("application/x-www-form-urlencoded", "username=li&password=x"))).toEqual({ fields: { username: "li", password: "x" }, json: false });
    expect(await readForm(post("application/json", '{"username":"li","n":1}'))).toEqual({ fields: { username: "li" }, json: true });
    const multipart = '--b\r\nContent-Disposition: form-data; name="username"\r\n\r\nli\r\n--b--\r\n';
    expect((await readForm(post("multipart/form-data; boundary=b", multipart))).fields).toEqual({ username: "li" });
  });

  it("answers a malformed body with a 400, never a 500", async () => {
    for (const [type, body] of [
      ["multipart/form-data", "x"],
      ["multipart/form-data; boundary=b", "not a multipart body"],
      ["application/json", "{"],
    ]) {
      const err = await readForm(post(type!, body!)).catch((e: unknown) => e);
      expect(err, `${type}: ${body}`).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
    }
  });
});
