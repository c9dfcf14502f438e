import { describe, expect, it, vi } from "vitest";
import { createLogger, type LogLevel, type LoggerOptions } from "./log";

const T = new Date("2026-03-01T08:00:00.000Z");

function capture(options: Omit<LoggerOptions, "write" | "now"> = {}) {
  const lines: { level: LogLevel; record: Record<string, unknown>; raw: string }[] = [];
  const logger = createLogger({
    ...options,
    now: () => T,
    write: (raw, level) => lines.push({ level, raw, record: JSON.parse(raw) as Record<string, unknown> }),
  });
  return { logger, lines };
}

describe("createLogger", () => {
  it("writes one JSON object per line: t, level, msg, then the fields", () => {
    const { logger, lines } = capture();
    logger.info("twin ready", { backend: "embedded", assets: 1234 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.raw).toBe('{"t":"2026-03-01T08:00:00.000Z","level":"info","msg":"twin ready","backend":"embedded","assets":1234}');
    expect(lines[0]?.raw).not.toContain("\n");
    expect(lines[0]?.level).toBe("info");
  });

  it("drops records below the level and passes the level on to pick the stream", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => [l.level, l.record.msg])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
  });

  it("defaults to info", () => {
    const { logger, lines } = capture();
    logger.debug("hidden");
    logger.info("shown");
    expect(lines.map((l) => l.record.msg)).toEqual(["shown"]);
  });

  it("serialises an error's name, message, stack, own properties and cause", () => {
    const { logger, lines } = capture();
    const cause = new RangeError("disk full");
    const err = Object.assign(new TypeError("cannot write", { cause }), { code: "E_STORE" });
    logger.error("ingest failed", { err });
    const logged = lines[0]?.record.err as Record<string, unknown>;
    expect(logged).toMatchObject({ name: "TypeError", message: "cannot write", code: "E_STORE" });
    expect(logged.stack).toEqual(expect.stringContaining("TypeError: cannot write"));
    expect(logged.cause).toMatchObject({ name: "RangeError", message: "disk full" });
  });

  it("never throws on circular, deep, or hostile fields", () => {
    const { logger, lines } = capture();
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    const err = new Error("loop");
    (err as Error & { cause: unknown }).cause = err;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { deep };
    const hostile = {
      get boom(): never {
        throw new Error("getter");
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("no keys");
        },
      },
    );
    expect(() => logger.warn("odd", { a, err, deep, hostile, big: 10n, nan: NaN, fn: () => 1, sym: Symbol("s") })).not.toThrow();
    expect(() => logger.warn("proxy", proxy as Record<string, unknown>)).not.toThrow();
    const r = lines[0]?.record ?? {};
    expect(r.a).toEqual({ name: "a", self: "[Circular]" });
    expect((r.err as Record<string, unknown>).cause).toBe("[Circular]");
    expect(JSON.stringify(r.deep)).toContain("[Truncated]");
    expect(r.hostile).toEqual({ boom: "[Unserialisable]" });
    expect(r).toMatchObject({ big: "10", nan: "NaN", fn: "[Function fn]", sym: "Symbol(s)" });
    expect(lines[1]?.record).toMatchObject({ level: "warn", msg: "proxy" });
  });

  it("logs a value shared by two fields twice (only real cycles are cut)", () => {
    const { logger, lines } = capture();
    const shared = { id: 1 };
    logger.info("pair", { left: shared, right: shared });
    expect(lines[0]?.record).toMatchObject({ left: { id: 1 }, right: { id: 1 } });
  });

  it("keeps t, level and msg from being overwritten by fields", () => {
    const { logger, lines } = capture();
    logger.info("real", { msg: "fake", level: "error", t: 0 });
    expect(lines[0]?.record).toMatchObject({ msg: "real", level: "info", t: T.toISOString(), "field.msg": "fake" });
  });

  it("adds bound fields in a child logger; call fields win", () => {
    const { logger, lines } = capture();
    const child = logger.child({ component: "sse", requestId: "r1" });
    child.info("open", { requestId: "r2" });
    expect(lines[0]?.record).toMatchObject({ component: "sse", requestId: "r2" });
  });

  it("survives a writer that throws", () => {
    const logger = createLogger({
      write: () => {
        throw new Error("EPIPE");
      },
    });
    expect(() => logger.error("x")).not.toThrow();
  });

  it("writes warn and error to stderr and the rest to stdout by default", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const logger = createLogger({ level: "debug" });
      logger.debug("a");
      logger.info("b");
      logger.warn("c");
      logger.error("d");
      expect(out.mock.calls.map((c) => (JSON.parse(String(c[0])) as { msg: string }).msg)).toEqual(["a", "b"]);
      expect(err.mock.calls.map((c) => (JSON.parse(String(c[0])) as { msg: string }).msg)).toEqual(["c", "d"]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
