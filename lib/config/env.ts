/**
 * Validated server configuration. Read once; a bad variable fails start-up with a message that
 * names it. Every variable has a default so the embedded twin runs with none set.
 */
import { z } from "zod";

const intIn = (min: number, max: number, def: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  /** SQLite file of the embedded twin (created on first start). */
  TWINOPS_DB_PATH: z.string().min(1).default("data/twinops.db"),
  /** City pack id: a folder under public/cities. */
  TWINOPS_CITY: z
    .string()
    .regex(/^[a-z0-9-]+$/, "must be a city pack id such as shenzhen")
    .default("shenzhen"),
  /** Seed of the inventory and the simulator: same seed and clock, same data. */
  TWINOPS_SEED: intIn(0, 2 ** 31 - 1, 42),
  /** Days of history backfilled on first start. */
  TWINOPS_BACKFILL_DAYS: z.coerce.number().min(0).max(90).default(7),
  /**
   * Days of metric rollup history (district and city series) kept and backfilled. Beyond the raw
   * backfill it is written as rollups only, in the background after start-up. 62 lets a 30-day
   * view compare with the 30 days before; raw observations keep their own, shorter retention.
   */
  TWINOPS_HISTORY_DAYS: z.coerce.number().min(0).max(400).default(62),
  /** Seconds between simulator ticks for fast streams. 0 stops live ticking. */
  TWINOPS_TICK_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** Pin the twin clock's start (ISO 8601), for tests and demos; default is wall time. */
  TWINOPS_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** Public origin of this deployment; makes canonical and hreflang links absolute. */
  TWINOPS_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  /** Simulated seconds per real second (soak tests run the clock fast). */
  TWINOPS_CLOCK_SPEED: z.coerce.number().min(0.1).max(10000).default(1),
  /**
   * Minutes public pages and /api/public lag behind the twin. Never under 15: a delay that short
   * would let the public follow operational events (an incident, a crowd) as they unfold.
   */
  TWINOPS_PUBLIC_DELAY_MINUTES: z.coerce.number().int().min(15).max(1440).default(15),
  /** Name of the admin account created on first start (when there is no account yet). */
  TWINOPS_ADMIN_USER: z.string().regex(/^[A-Za-z0-9._@-]{2,64}$/, "must be 2-64 letters, digits or . _ @ -").default("admin"),
  /** Its password; without it a random one is printed once at first start. */
  TWINOPS_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(256).optional(),
  /** API requests per second per client, `<rate>[:<burst>]` or `off`. */
  TWINOPS_RATE_LIMIT: z
    .string()
    .regex(/^(off|\d+(\.\d+)?(:\d+)?)$/i, "must be <requests per second>[:<burst>] or off")
    .default("50:100"),
  /** Proxies in front of the app that append to X-Forwarded-For (0: none). */
  TWINOPS_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  TWINOPS_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Longest an API request may take before a 503 (ms). */
  TWINOPS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * Key signing session cookies, CSRF tokens and the SSO flow cookie (at least 32 characters,
   * e.g. `openssl rand -base64 48`); unset, a key kept in the database. The previous key still
   * verifies (set it to the old value while rotating, for one session lifetime: 12 h).
   */
  TWINOPS_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").max(1024).optional(),
  TWINOPS_SESSION_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").max(1024).optional(),
  /** City single sign-on (OpenID Connect): issuer URL, client id and secret. */
  TWINOPS_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  TWINOPS_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  TWINOPS_OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** ID-token claims naming the role (admin, operator or viewer) and a viewer's domains. */
  TWINOPS_OIDC_ROLE_CLAIM: z.string().min(1).max(100).default("roles"),
  TWINOPS_OIDC_DOMAINS_CLAIM: z.string().min(1).max(100).default("domains"),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]),
  );
  const result = EnvSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${String(i.path[0])}=${JSON.stringify(source[String(i.path[0])])}: ${i.message}`,
    );
    throw new EnvError(`Invalid TwinOps configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
