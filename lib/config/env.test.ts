import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("runs the embedded Shenzhen twin with no variables set", () => {
    const env = parseEnv({});
    expect(env.TWINOPS_CITY).toBe("shenzhen");
    expect(env.TWINOPS_DB_PATH).toBe("data/twinops.db");
    expect(env.TWINOPS_BACKFILL_DAYS).toBe(7);
    expect(env.TWINOPS_TICK_SECONDS).toBe(5);
  });

  it("coerces numbers and treats empty strings as unset", () => {
    const env = parseEnv({ TWINOPS_BACKFILL_DAYS: "1.5", TWINOPS_SEED: "", TWINOPS_TICK_SECONDS: "0" });
    expect(env.TWINOPS_BACKFILL_DAYS).toBe(1.5);
    expect(env.TWINOPS_SEED).toBe(42);
    expect(env.TWINOPS_TICK_SECONDS).toBe(0);
  });

  it("names every bad variable and its value", () => {
    let message = "";
    try {
      parseEnv({ TWINOPS_BACKFILL_DAYS: "lots", TWINOPS_CITY: "../etc", TWINOPS_CLOCK_START: "yesterday" });
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      message = (e as Error).message;
    }
    expect(message).toContain('TWINOPS_BACKFILL_DAYS="lots"');
    expect(message).toContain('TWINOPS_CITY="../etc"');
    expect(message).toContain('TWINOPS_CLOCK_START="yesterday"');
  });

  it("keeps 62 days of metric history by default, within 0..400 days", () => {
    expect(parseEnv({}).TWINOPS_HISTORY_DAYS).toBe(62);
    expect(parseEnv({ TWINOPS_HISTORY_DAYS: "0" }).TWINOPS_HISTORY_DAYS).toBe(0);
    expect(parseEnv({ TWINOPS_HISTORY_DAYS: "400" }).TWINOPS_HISTORY_DAYS).toBe(400);
    expect(parseEnv({ TWINOPS_HISTORY_DAYS: "" }).TWINOPS_HISTORY_DAYS).toBe(62);
    for (const bad of ["-1", "401", "two months"])
      expect(() => parseEnv({ TWINOPS_HISTORY_DAYS: bad })).toThrow(`TWINOPS_HISTORY_DAYS=${JSON.stringify(bad)}`);
  });

  it("accepts a pinned clock with an offset", () => {
    expect(parseEnv({ TWINOPS_CLOCK_START: "2026-07-15T12:00:00+08:00" }).TWINOPS_CLOCK_START).toBe(
      "2026-07-15T12:00:00+08:00",
    );
  });

  it("stops a start with a weak first-admin password, a malformed rate limit or SSO issuer", () => {
    expect(() => parseEnv({ TWINOPS_ADMIN_PASSWORD: "short" })).toThrow("TWINOPS_ADMIN_PASSWORD");
    for (const bad of ["fast", "-5", "10:"]) expect(() => parseEnv({ TWINOPS_RATE_LIMIT: bad })).toThrow("TWINOPS_RATE_LIMIT");
    expect(() => parseEnv({ TWINOPS_OIDC_ISSUER: "sso.example" })).toThrow("TWINOPS_OIDC_ISSUER");
    expect(parseEnv({ TWINOPS_RATE_LIMIT: "off" }).TWINOPS_RATE_LIMIT).toBe("off");
    expect(parseEnv({}).TWINOPS_ADMIN_USER).toBe("admin");
  });

  it("takes a session secret of 32 characters or more, and a previous one for rotation", () => {
    const secret = "k".repeat(32);
    expect(parseEnv({ TWINOPS_SESSION_SECRET: secret, TWINOPS_SESSION_SECRET_PREVIOUS: secret + "old" })).toMatchObject({
      TWINOPS_SESSION_SECRET: secret,
      TWINOPS_SESSION_SECRET_PREVIOUS: secret + "old",
    });
    expect(parseEnv({}).TWINOPS_SESSION_SECRET).toBeUndefined();
    expect(() => parseEnv({ TWINOPS_SESSION_SECRET: "short" })).toThrow(/TWINOPS_SESSION_SECRET="short": must be at least 32 characters/);
  });
});
