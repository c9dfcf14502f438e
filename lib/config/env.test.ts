import { afterEach, describe, expect, it, vi } from "vitest";
import { env, EnvError, EnvSchema, parseEnv, SECRETS, type Env } from "./env";

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
    expect(parseEnv({ TWINOPS_RATE_LIMIT: "off" }).TWINOPS_RATE_LIMIT).toBeNull();
    expect(parseEnv({}).TWINOPS_ADMIN_USER).toBe("admin");
  });

  it("takes a session secret of 32 characters or more, and a previous one for rotation", () => {
    const secret = "k".repeat(32);
    expect(parseEnv({ TWINOPS_SESSION_SECRET: secret, TWINOPS_SESSION_SECRET_PREVIOUS: secret + "old" })).toMatchObject({
      TWINOPS_SESSION_SECRET: secret,
      TWINOPS_SESSION_SECRET_PREVIOUS: secret + "old",
    });
    expect(parseEnv({}).TWINOPS_SESSION_SECRET).toBeUndefined();
    expect(() => parseEnv({ TWINOPS_SESSION_SECRET: "short" })).toThrow(/TWINOPS_SESSION_SECRET=\(not shown\): must be at least 32 characters/);
  });
});

/**
 * Every variable: its value when unset (or empty, or blank), values it accepts and what they
 * parse to, and values that stop start-up. A variable added to the schema must be added here.
 */
const CASES: { [K in keyof Env]: { unset: Env[K]; good: [string, Env[K]][]; bad: string[] } } = {
  TWINOPS_DB_PATH: { unset: "data/twinops.db", good: [["/var/lib/twinops/twin.db", "/var/lib/twinops/twin.db"]], bad: [] },
  TWINOPS_DATABASE_URL: {
    unset: undefined,
    good: [["postgres://twinops@db.example:5432/twin", "postgres://twinops@db.example:5432/twin"]],
    bad: ["mysql://db/twin", "db.example:5432"],
  },
  TWINOPS_DATABASE_SCHEMA: { unset: "twinops", good: [["city_twin", "city_twin"]], bad: ["Twin", "1twin", "a-b"] },
  TWINOPS_OPS_DB_PATH: { unset: undefined, good: [["/var/lib/twinops/ops.db", "/var/lib/twinops/ops.db"]], bad: [] },
  TWINOPS_CITY: { unset: "shenzhen", good: [["demo-harbour", "demo-harbour"]], bad: ["../etc", "Shenzhen", "a b"] },
  TWINOPS_SEED: { unset: 42, good: [["0", 0], ["2147483647", 2147483647]], bad: ["-1", "1.5", "2147483648", "x"] },
  TWINOPS_SIMULATOR: { unset: "on", good: [["off", "off"], ["OFF", "off"], ["on", "on"]], bad: ["no", "0", "false"] },
  TWINOPS_INVENTORY_FILE: { unset: undefined, good: [["data/inventory.json", "data/inventory.json"], [" /srv/assets.json ", "/srv/assets.json"]], bad: [] },
  TWINOPS_INVENTORY_SCALE: { unset: 1, good: [["1", 1], [" 30 ", 30], ["100", 100]], bad: ["0", "-1", "2.5", "101", "x"] },
  TWINOPS_BACKFILL_DAYS: { unset: 7, good: [["0", 0], ["1.5", 1.5], ["90", 90]], bad: ["-1", "91", "lots"] },
  TWINOPS_HISTORY_DAYS: { unset: 62, good: [["0", 0], ["400", 400]], bad: ["-1", "401", "two months"] },
  TWINOPS_TICK_SECONDS: { unset: 5, good: [["0", 0], ["3600", 3600]], bad: ["-1", "3601", "fast"] },
  TWINOPS_CLOCK_START: {
    unset: undefined,
    good: [["2026-07-15T12:00:00+08:00", "2026-07-15T12:00:00+08:00"], ["2026-07-15T04:00:00Z", "2026-07-15T04:00:00Z"]],
    bad: ["yesterday", "2026-07-15", "2026-07-15T12:00:00"],
  },
  TWINOPS_PUBLIC_URL: { unset: undefined, good: [["https://twin.city.example", "https://twin.city.example"]], bad: ["twin.city.example", "ftp://twin.city.example"] },
  TWINOPS_CLOCK_SPEED: { unset: 1, good: [["60", 60], ["0.1", 0.1]], bad: ["0", "10001", "fast"] },
  TWINOPS_PUBLIC_DELAY_MINUTES: { unset: 15, good: [["15", 15], ["1440", 1440]], bad: ["14", "0", "1441", "30.5"] },
  TWINOPS_ADMIN_USER: { unset: "admin", good: [["ops.lead@city", "ops.lead@city"]], bad: ["a", "two words", "x".repeat(65)] },
  TWINOPS_ADMIN_PASSWORD: { unset: undefined, good: [["correct horse battery", "correct horse battery"]], bad: ["short", "x".repeat(257)] },
  TWINOPS_RATE_LIMIT: {
    unset: { rate: 50, burst: 100 },
    good: [["20", { rate: 20, burst: 40 }], ["0.5", { rate: 0.5, burst: 1 }], ["20:25", { rate: 20, burst: 25 }], ["OFF", null], ["off", null]],
    bad: ["0", "-5", "abc", "10:0", "10:", "1e3", "Infinity", "10:2.5", "fast"],
  },
  TWINOPS_TRUST_PROXY: { unset: 0, good: [["0", 0], ["1", 1], ["2", 2], ["32", 32]], bad: ["-1", "1.5", "33", "true", "loopback", "10.0.0.0/8"] },
  TWINOPS_LOG_LEVEL: { unset: "info", good: [["debug", "debug"], ["WARN", "warn"], ["error", "error"]], bad: ["verbose", "trace"] },
  TWINOPS_REQUEST_TIMEOUT_MS: { unset: 15_000, good: [["100", 100], ["600000", 600_000]], bad: ["99", "600001", "1.5", "soon"] },
  TWINOPS_RESPONSE_CACHE_MB: { unset: 64, good: [["0", 0], ["512", 512]], bad: ["-1", "4097", "1.5", "big"] },
  TWINOPS_RESPONSE_MAX_POINTS: { unset: 200_000, good: [["1000", 1000], ["5000000", 5_000_000]], bad: ["999", "10000001", "many"] },
  TWINOPS_RESPONSE_MAX_BYTES: { unset: 16_777_216, good: [["65536", 65_536]], bad: ["65535", "1073741825", "8M"] },
  TWINOPS_SSE_PER_PRINCIPAL: { unset: 8, good: [["1", 1], ["1000", 1000]], bad: ["0", "10001", "2.5"] },
  TWINOPS_HEAVY_CONCURRENCY: { unset: 1, good: [["4", 4]], bad: ["0", "65", "x"] },
  TWINOPS_HEAVY_PER_PRINCIPAL: { unset: 1, good: [["2", 2]], bad: ["0", "65", "x"] },
  TWINOPS_OIDC_ISSUER: { unset: undefined, good: [["https://sso.city.example/realms/city", "https://sso.city.example/realms/city"]], bad: ["sso.example", "ldap://sso.example"] },
  TWINOPS_OIDC_CLIENT_ID: { unset: undefined, good: [["twinops", "twinops"]], bad: ["x".repeat(201)] },
  TWINOPS_SESSION_SECRET: { unset: undefined, good: [["k".repeat(32), "k".repeat(32)]], bad: ["short", "k".repeat(1025)] },
  TWINOPS_SESSION_SECRET_PREVIOUS: { unset: undefined, good: [["p".repeat(40), "p".repeat(40)]], bad: ["short"] },
  TWINOPS_OIDC_CLIENT_SECRET: { unset: undefined, good: [["s3cret", "s3cret"]], bad: ["x".repeat(501)] },
  TWINOPS_OIDC_ROLE_CLAIM: { unset: "roles", good: [["realm_access.roles", "realm_access.roles"]], bad: ["x".repeat(101)] },
  TWINOPS_OIDC_DOMAINS_CLAIM: { unset: "domains", good: [["groups", "groups"]], bad: ["x".repeat(101)] },
  TWINOPS_SMTP_URL: {
    unset: undefined,
    good: [["smtp://twinops:pw@mail.city.example:587", "smtp://twinops:pw@mail.city.example:587"], ["smtps://mail.city.example:465", "smtps://mail.city.example:465"]],
    bad: ["mail.city.example", "http://mail.city.example", "smtp://a b"],
  },
  TWINOPS_SMTP_FROM: { unset: "TwinOps <twinops@localhost>", good: [["城市运行中心 <ops@city.example>", "城市运行中心 <ops@city.example>"]], bad: ["ab", "x".repeat(201)] },
  TWINOPS_SOURCE: { unset: "none", good: [["sensorthings", "sensorthings"], ["ngsi-ld", "ngsi-ld"], ["none", "none"]], bad: ["sta", "fiware", "mqtt"] },
  TWINOPS_STA_URL: { unset: undefined, good: [["http://sta.city.example/FROST-Server/v1.1", "http://sta.city.example/FROST-Server/v1.1"]], bad: ["sta.city.example", "mqtt://sta.city.example"] },
  TWINOPS_MQTT_URL: { unset: undefined, good: [["mqtt://broker.city.example:1883", "mqtt://broker.city.example:1883"], ["wss://broker.city.example/mqtt", "wss://broker.city.example/mqtt"]], bad: ["broker:1883", "http://broker.city.example"] },
  TWINOPS_NGSI_LD_URL: { unset: undefined, good: [["http://orion-ld:1026", "http://orion-ld:1026"]], bad: ["orion-ld:1026", "ftp://orion-ld"] },
  TWINOPS_NGSI_LD_NOTIFY_URL: { unset: undefined, good: [["http://twinops:3000/api/twin/v1/ingest/ngsi-ld", "http://twinops:3000/api/twin/v1/ingest/ngsi-ld"]], bad: ["twinops:3000"] },
  TWINOPS_NGSI_LD_NOTIFY_TOKEN: { unset: undefined, good: [["twk_abc_def", "twk_abc_def"]], bad: ["abc", "twk_ has space"] },
  TWINOPS_MQTT_FEED_URL: { unset: undefined, good: [["mqtts://broker.city.example:8883", "mqtts://broker.city.example:8883"]], bad: ["tcp://broker", "broker.city.example"] },
};

describe("each variable", () => {
  it("has cases here for every variable of the schema", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
  });

  type Case = { unset: unknown; good: [string, unknown][]; bad: string[] };
  for (const [name, c] of Object.entries(CASES) as [keyof Env, Case][]) {
    it(`${name}: one rule for unset, empty, blank, good and bad values`, () => {
      for (const unset of [{}, { [name]: "" }, { [name]: "  " }]) expect(parseEnv(unset)[name]).toEqual(c.unset);
      for (const [text, value] of c.good) {
        expect(parseEnv({ [name]: text })[name], text).toEqual(value);
        // Surrounding whitespace is ignored, for every variable alike.
        expect(parseEnv({ [name]: ` ${text}\n` })[name], text).toEqual(value);
      }
      const secret = SECRETS.has(name);
      for (const bad of c.bad) expect(() => parseEnv({ [name]: bad }), bad).toThrow(`${name}=${secret ? "(not shown)" : JSON.stringify(bad)}`);
    });
  }
});

describe("env()", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads the process environment, and again when a TWINOPS_ variable changes", () => {
    vi.stubEnv("TWINOPS_TRUST_PROXY", "2");
    expect(env().TWINOPS_TRUST_PROXY).toBe(2);
    expect(env()).toBe(env());
    vi.stubEnv("TWINOPS_TRUST_PROXY", "0");
    expect(env().TWINOPS_TRUST_PROXY).toBe(0);
    vi.stubEnv("TWINOPS_TRUST_PROXY", "yes");
    expect(() => env()).toThrow(EnvError);
  });
});
