import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `npm start`'s server refuses bad options with a message naming them, before it loads Next. */
describe("server.mjs options", () => {
  const start = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["server.mjs", ...args], { cwd: __dirname, env: { ...process.env, ...env }, encoding: "utf8", timeout: 20_000 });

  it.each([
    [["--backlog", "lots"], {}, "--backlog must be a whole number from 1 to 65535"],
    [["--backlog", "0"], {}, "--backlog must be a whole number from 1 to 65535"],
    [["--keepAliveTimeout=-5"], {}, "--keepAliveTimeout must be a whole number"],
    [[], { PORT: "70000" }, "the port (-p or PORT) must be a whole number from 0 to 65535"],
  ])("%j %j", (args, env, message) => {
    const run = start(args, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it("names an unknown option", () => {
    const run = start(["--backlg", "10"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^server\.mjs: .*--backlg.*\(options: /);
  });
});
