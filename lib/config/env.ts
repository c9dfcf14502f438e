/**
 * Validated server configuration: the one place that reads TWINOPS_* variables (a unit test fails
 * on any other `process.env` read in app code). One rule for every variable: surrounding
 * whitespace is ignored, an empty value means unset (the default), and a bad value stops start-up
 * (instrumentation.ts) with a message that names it. Every variable has a default or is optional,
 * so the embedded twin runs with none set. `.env.example` and the README's configuration table
 * list exactly these variables (checked by env-docs.test.ts).
 *
 * Build-time exceptions, read before any TypeScript loads: next.config.js reads TWINOPS_DIST_DIR
 * and, for the CSP, TWINOPS_OIDC_ISSUER (lib/security/headers.cjs validates it the same way).
 * proxy.ts reads no configuration.
 */
import { z } from "zod";

const intIn = (min: number, max: number, def: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** A rate limit: `rate` requests per second on average, up to `burst` at once. */
export interface RateLimitConfig {
  rate: number;
  burst: number;
}

/** `<rate>` (burst twice the rate, at least 1), `<rate>:<burst>`, or `off` (null: no limit). */
function rateLimit(text: string, ctx: z.RefinementCtx): RateLimitConfig | null {
  if (text.toLowerCase() === "off") return null;
  const match = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(text);
  const rate = Number(match?.[1]);
  const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(rate * 2)) : Number(match[2]);
  if (!match || !(rate > 0) || !Number.isFinite(rate) || !(burst >= 1) || !Number.isSafeInteger(burst)) {
    ctx.addIssue({ code: "custom", message: "must be <requests per second>[:<burst>] (both above 0) or off" });
    return z.NEVER;
  }
  return { rate, burst };
}

/** Origin of canonical and hreflang links when TWINOPS_PUBLIC_URL is unset. */
export const DEFAULT_PUBLIC_URL = "http://localhost:3000";

export const EnvSchema = z.object({
  /** SQLite file of the embedded twin (created on first start). */
  TWINOPS_DB_PATH: z.string().min(1).default("data/twinops.db"),
  /**
   * SQLite file of the operations store: accounts, sessions, tokens, audit trail, alert workflow.
   * Default: beside the twin's file (`twinops.db` → `twinops-ops.db`). Rebuilding the twin never
   * touches it.
   */
  TWINOPS_OPS_DB_PATH: z.string().min(1).optional(),
  /**
   * PostgreSQL instead of the SQLite files: `postgres://user:password@host:5432/db`. Every instance
   * given the same URL (and schema) serves one twin; one of them at a time runs the simulator and
   * the alert engine. Unset: the embedded SQLite twin.
   */
  TWINOPS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /**
   * PostgreSQL schema of the twin's tables; the operations store uses `<schema>_ops` beside it.
   */
  TWINOPS_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,58}$/, "must be a lower-case SQL name (letters, digits, _), at most 59 characters")
    .default("twinops"),
  /** City pack id: a folder under public/cities. */
  TWINOPS_CITY: z
    .string()
    .regex(/^[a-z0-9-]+$/, "must be a city pack id such as shenzhen")
    .default("shenzhen"),
  /** Seed of the inventory and the simulator: same seed and clock, same data. */
  TWINOPS_SEED: intIn(0, 2 ** 31 - 1, 42),
  /**
   * `off`: no simulator: the twin holds only what real feeds ingest (HTTP ingest, imports), and
   * every page says "no data yet" until the first row arrives. Embedded and PostgreSQL twins.
   */
  TWINOPS_SIMULATOR: z.string().toLowerCase().pipe(z.enum(["on", "off"])).default("on"),
  /**
   * An imported inventory (the JSON `npm run import-inventory` writes): the twin's assets come
   * from it instead of the pack's counts (TWINOPS_INVENTORY_SCALE is then ignored). Unset: generated.
   */
  TWINOPS_INVENTORY_FILE: z.string().trim().min(1).optional(),
  /**
   * Multiplies the city pack's asset counts (metro stations excepted) in the embedded twin: 30
   * gives Shenzhen ~80 k assets, to run the twin and the map at the size of a real city. 1 is the
   * pack as written. A store built at another scale is kept aside and a new twin built (like a
   * new seed). The PostgreSQL backend builds the pack as written.
   */
  TWINOPS_INVENTORY_SCALE: intIn(1, 100, 1),
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
  /**
   * Public origin of this deployment: makes canonical and hreflang links absolute (unset:
   * `DEFAULT_PUBLIC_URL`) and is the origin of the SSO redirect URI (unset: the request's Host).
   */
  TWINOPS_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
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
  /**
   * API requests per second per client, `<rate>` (burst twice the rate), `<rate>:<burst>`, or
   * `off` (null).
   */
  TWINOPS_RATE_LIMIT: z.string().transform(rateLimit).prefault("50:100"),
  /**
   * Proxies in front of the app that append to X-Forwarded-For. 0 (no proxy: the port is reached
   * directly) ignores the header, which is then the client's own word (lib/security/client.ts).
   */
  TWINOPS_TRUST_PROXY: intIn(0, 32, 0),
  /** Lowest level of the JSON-lines log (lib/log.ts). */
  TWINOPS_LOG_LEVEL: z.string().toLowerCase().pipe(z.enum(["debug", "info", "warn", "error"])).default("info"),
  /** Longest an API request may take before a 503 (ms). */
  TWINOPS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * Memory of the shared response cache of twin API reads, MiB (0: off). One answer per request,
   * caller's scope and twin data version, served to every client (lib/api/response-cache.ts).
   */
  TWINOPS_RESPONSE_CACHE_MB: intIn(0, 4096, 64),
  /** Most values (series × buckets × aggregates) one `/series` answer may hold; more is a 422. */
  TWINOPS_RESPONSE_MAX_POINTS: intIn(1000, 10_000_000, 200_000),
  /** Largest JSON answer of the twin API, bytes; more is a 422 that says how to page. */
  TWINOPS_RESPONSE_MAX_BYTES: intIn(65_536, 1_073_741_824, 16_777_216),
  /** Open event streams (`/events`) per account or token on one instance; more is a 429. */
  TWINOPS_SSE_PER_PRINCIPAL: intIn(1, 10_000, 8),
  /**
   * Expensive reads (lib/api/heavy.ts) computed at once on one instance, the rest queued, so they
   * cannot starve sign-in, public pages and light reads; and how many one caller may have in
   * flight (more is a 429).
   */
  TWINOPS_HEAVY_CONCURRENCY: intIn(1, 64, 1),
  TWINOPS_HEAVY_PER_PRINCIPAL: intIn(1, 64, 1),
  /**
   * Key signing session cookies, CSRF tokens and the SSO flow cookie (at least 32 characters,
   * e.g. `openssl rand -base64 48`); unset, a key kept in the database. The previous key still
   * verifies (set it to the old value while rotating, for one session lifetime: 12 h).
   */
  TWINOPS_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").max(1024).optional(),
  TWINOPS_SESSION_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").max(1024).optional(),
  /**
   * Where real observations come from besides HTTP ingest (docs/feeds-sources.md): `none`, an OGC
   * SensorThings API server (`sensorthings`, with TWINOPS_STA_URL) or an NGSI-LD broker (`ngsi-ld`,
   * with TWINOPS_NGSI_LD_URL), mapped through the city pack's `sources.json`.
   */
  TWINOPS_SOURCE: z.enum(["none", "sensorthings", "ngsi-ld"]).default("none"),
  /** SensorThings service root, e.g. `http://sta.city.example/FROST-Server/v1.1`. */
  TWINOPS_STA_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Broker of the SensorThings MQTT extension (`mqtt://host:1883`); unset: the source pulls at start only. */
  TWINOPS_MQTT_URL: z.url({ protocol: /^(mqtts?|wss?)$/ }).optional(),
  /** NGSI-LD broker root, e.g. `http://orion-ld:1026`. */
  TWINOPS_NGSI_LD_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Where the NGSI-LD broker POSTs notifications (default `<TWINOPS_PUBLIC_URL>/api/twin/v1/ingest/ngsi-ld`),
   * and the feed token it sends with them: without a token, no subscription is made.
   */
  TWINOPS_NGSI_LD_NOTIFY_URL: z.url({ protocol: /^https?$/ }).optional(),
  TWINOPS_NGSI_LD_NOTIFY_TOKEN: z.string().regex(/^twk_\S+$/, "must be a feed token (twk_…)").optional(),
  /** Broker whose `twinops/<feed-token-id>/observations` topics TwinOps ingests (the MQTT feed); unset: off. */
  TWINOPS_MQTT_FEED_URL: z.url({ protocol: /^(mqtts?|wss?)$/ }).optional(),
  /** City single sign-on (OpenID Connect): issuer URL, client id and secret. */
  TWINOPS_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  TWINOPS_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  TWINOPS_OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** ID-token claims naming the role (admin, operator or viewer) and a viewer's domains. */
  TWINOPS_OIDC_ROLE_CLAIM: z.string().min(1).max(100).default("roles"),
  TWINOPS_OIDC_DOMAINS_CLAIM: z.string().min(1).max(100).default("domains"),
  /**
   * SMTP server of e-mail notification channels: `smtp://user:password@host:587` (STARTTLS when the
   * server offers it; add `?requireTLS=true` to insist) or `smtps://…:465` (TLS from the start).
   * Unset: e-mail channels cannot send (their deliveries fail with that reason).
   */
  TWINOPS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
    .optional(),
  /** Sender of notification e-mails. */
  TWINOPS_SMTP_FROM: z.string().min(3).max(200).default("TwinOps <twinops@localhost>"),
});

export type Env = z.infer<typeof EnvSchema>;

/** Variables whose values an error message must not repeat (start-up errors reach the logs). */
export const SECRETS: ReadonlySet<string> = new Set([
  "TWINOPS_ADMIN_PASSWORD",
  "TWINOPS_NGSI_LD_NOTIFY_TOKEN",
  "TWINOPS_OIDC_CLIENT_SECRET",
  "TWINOPS_SESSION_SECRET",
  "TWINOPS_SESSION_SECRET_PREVIOUS",
  "TWINOPS_SMTP_URL",
]);

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => {
      const value = source[k]?.trim();
      return [k, value === "" ? undefined : value];
    }),
  );
  const result = EnvSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = SECRETS.has(name) ? "(not shown)" : JSON.stringify(source[name]);
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new EnvError(`Invalid TwinOps configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: { key: string; env: Env } | undefined;

/**
 * The process environment, parsed on first use and again only when one of its TWINOPS_* values
 * changes (tests stub variables; a server's environment does not change).
 */
export function env(): Env {
  const key = Object.keys(EnvSchema.shape)
    .map((k) => process.env[k] ?? "\u0000")
    .join("\u0001");
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/** The operations store's file: TWINOPS_OPS_DB_PATH, or `<twin file without .db>-ops.db` beside the twin's. */
export function opsDbPath(e: Pick<Env, "TWINOPS_DB_PATH" | "TWINOPS_OPS_DB_PATH">): string {
  if (e.TWINOPS_OPS_DB_PATH) return e.TWINOPS_OPS_DB_PATH;
  if (e.TWINOPS_DB_PATH === ":memory:") return ":memory:";
  return `${e.TWINOPS_DB_PATH.replace(/\.(db|sqlite3?)$/i, "")}-ops.db`;
}
