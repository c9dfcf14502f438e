/**
 * Property-based fuzzing of /api/twin/v1, driven by the API's own OpenAPI document. For every
 * operation the document lists, requests are generated from its declared parameters and request
 * body (valid values from the schemas and real ids of the twin, mixed with malformed, missing,
 * unknown and repeated parameters and mutated, mistyped, oversized bodies), sent in-process with
 * a credential the operation's `security` and `x-twinops-access` admit, and each answer is held to
 * the document: never a 5xx, only documented statuses, a 200 body that parses with the zod schema
 * the document was generated from, every 4xx a problem document with the same status. Without a
 * valid credential every non-public operation answers 401; with one below its level, 403.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run app/api/twin/v1/fuzz.test.ts
 * (FUZZ_RUNS raises the runs per operation; the default keeps the file well under a minute).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Access, RouteHandler } from "@/lib/api/handler";
import { componentSchema, openApiDocument } from "@/lib/api/openapi";
import { csrfToken } from "@/lib/auth/server";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { ProblemSchema } from "@/lib/twin-client/schemas";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";

import { GET as landing } from "./route";
import { GET as assets } from "./assets/route";
import { GET as asset } from "./assets/[id]/route";
import { GET as latest, POST as latestPost } from "./latest/route";
import { GET as series } from "./series/route";
import { GET as kpis } from "./kpis/route";
import { GET as alerts } from "./alerts/route";
import { GET as alertStats } from "./alerts/stats/route";
import { GET as alertExport } from "./alerts/export/route";
import { GET as assignees } from "./alerts/assignees/route";
import { GET as clusters } from "./assets/clusters/route";
import { POST as ngsiLd } from "./ingest/ngsi-ld/route";
import { POST as alertAction } from "./alerts/[id]/actions/route";
import { GET as districtValues } from "./district-values/route";
import { GET as rank } from "./rank/route";
import { GET as scorecard } from "./scorecard/route";
import { GET as events } from "./events/route";
import { POST as ingest } from "./ingest/observations/route";
import { POST as correct } from "./ingest/corrections/route";
import { GET as refusals } from "./ingest/refusals/route";
import { GET as audit } from "./audit/route";
import { GET as openapi } from "./openapi.json/route";

// Thousands of refusals are expected here: keep the "api refused" info lines out of the output
// (read when the logger module loads, hence hoisted above the imports). Errors still print.
const previousLogLevel = vi.hoisted(() => {
  const previous = process.env.TWINOPS_LOG_LEVEL;
  process.env.TWINOPS_LOG_LEVEL = "warn";
  return previous;
});

import { liveEvents } from "@/lib/api/live-values";
import type { TwinPort } from "@/lib/twin/source";
const SEED = Number(process.env.FUZZ_SEED ?? 20260715);
const RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000));
const ORIGIN = "http://localhost";

/** What Next's file-system router does for us in production: document path and method to handler. */
/** Operations that answer 200 only when the pack maps an external source (else 409). */
const NEEDS_CONFIGURED_SOURCE = new Set(["POST /api/twin/v1/ingest/ngsi-ld"]);

const HANDLERS: Record<string, RouteHandler> = {
  "GET /api/twin/v1": landing,
  "GET /api/twin/v1/assets": assets,
  "GET /api/twin/v1/assets/{id}": asset,
  "GET /api/twin/v1/latest": latest,
  "POST /api/twin/v1/latest": latestPost,
  "GET /api/twin/v1/series": series,
  "GET /api/twin/v1/kpis": kpis,
  "GET /api/twin/v1/alerts": alerts,
  "GET /api/twin/v1/alerts/stats": alertStats,
  "GET /api/twin/v1/alerts/export": alertExport,
  "GET /api/twin/v1/alerts/assignees": assignees,
  "GET /api/twin/v1/assets/clusters": clusters,
  "POST /api/twin/v1/ingest/ngsi-ld": ngsiLd,
  "POST /api/twin/v1/alerts/{id}/actions": alertAction,
  "GET /api/twin/v1/district-values": districtValues,
  "GET /api/twin/v1/rank": rank,
  "GET /api/twin/v1/scorecard": scorecard,
  "GET /api/twin/v1/events": events,
  "POST /api/twin/v1/ingest/observations": ingest,
  "POST /api/twin/v1/ingest/corrections": correct,
  "GET /api/twin/v1/ingest/refusals": refusals,
  "GET /api/twin/v1/audit": audit,
  "GET /api/twin/v1/openapi.json": openapi,
};

// ---------------------------------------------------------------------------------------------
// The document, as much of it as the fuzzer reads
// ---------------------------------------------------------------------------------------------

interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  example?: unknown;
}

interface Parameter {
  name: string;
  in: "query" | "path" | "header";
  required: boolean;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

interface MediaType {
  schema: JsonSchema;
}

interface OperationDoc {
  operationId: string;
  "x-twinops-access": Access;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

interface Op {
  method: "GET" | "POST";
  path: string;
  doc: OperationDoc;
  handler: RouteHandler;
}

const doc = openApiDocument() as {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, JsonSchema> };
};

const OPS: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => {
    const m = method.toUpperCase() as Op["method"];
    const handler = HANDLERS[`${m} ${path}`];
    if (!handler) throw new Error(`the document lists ${m} ${path}, which has no handler here`);
    return { method: m, path, doc: op, handler };
  }),
);
const label = (op: Op) => `${op.method} ${op.path}`;

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target);
}

// ---------------------------------------------------------------------------------------------
// The twin, the credentials, and real values to mix in
// ---------------------------------------------------------------------------------------------

const NOW = new Date("2026-07-15T12:00:00+08:00");
let twin: EmbeddedTwin;
let port: TwinPort;
let authStore: SqliteOpsStore;
const FUZZ = { actor: "fuzz", role: "-" };

interface Credential {
  name: string;
  /** The security scheme of the document this credential is. */
  scheme: "bearerAuth" | "cookieAuth" | "deviceCookieAuth";
  grants: Access[];
  /** Narrowed to some domains: a 403 for rows or objects outside them is an answer, not a bug. */
  scoped: boolean;
  headers: Record<string, string>;
  /** For sessions: what a TwinOps page adds to a change (the `csrfToken` scheme). */
  csrf?: Record<string, string>;
}

let credentials: Credential[] = [];
/** Credentials that no longer or never were valid: each must get a 401. */
let invalid: Record<string, string>[] = [];

/** Real values by parameter or property name (`<path> <name>` first), so requests reach 200s. */
const known = new Map<string, fc.Arbitrary<unknown>>();

function knownFor(path: string, name: string): fc.Arbitrary<unknown> | undefined {
  return known.get(`${path} ${name}`) ?? known.get(name);
}

async function session(store: SqliteOpsStore, username: string, role: "viewer" | "operator" | "admin", domains: ("energy" | "health")[] = []) {
  const user = await store.createUser({ username, role, domains }, null);
  const sid = await store.createSession(user.id);
  return {
    headers: { cookie: `twinops_session=${sid}.${await store.sign(sid)}` },
    csrf: { "x-csrf-token": await csrfToken(sid, store), "sec-fetch-site": "same-origin" },
  };
}

beforeAll(async () => {
  authStore = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(authStore);
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 1, tickSeconds: 0, clock: manualClock(NOW) });
  port = embeddedPort(twin);
  setTwinForTesting(port);

  const bearer = async (kind: "device" | "feed", scope: string[]) => ({
    authorization: `Bearer ${(await authStore.issueToken(kind, `fuzz ${kind} ${scope.join(" ")}`, scope, FUZZ)).token}`,
  });
  const wall = (await authStore.issueToken("device", "fuzz wall cookie", ["city"], FUZZ)).token;
  credentials = [
    { name: "device token (city)", scheme: "bearerAuth", grants: ["read"], scoped: false, headers: await bearer("device", ["city"]) },
    { name: "device token (energy board)", scheme: "bearerAuth", grants: ["read"], scoped: true, headers: await bearer("device", ["energy"]) },
    { name: "device cookie (city)", scheme: "deviceCookieAuth", grants: ["read"], scoped: false, headers: { cookie: `twinops_device=${wall}` } },
    { name: "feed token", scheme: "bearerAuth", grants: ["ingest", "correct"], scoped: false, headers: await bearer("feed", []) },
    { name: "feed token (energy)", scheme: "bearerAuth", grants: ["ingest", "correct"], scoped: true, headers: await bearer("feed", ["energy"]) },
    { name: "viewer (energy, health)", scheme: "cookieAuth", grants: ["read"], scoped: true, ...(await session(authStore, "fuzz.viewer", "viewer", ["energy", "health"])) },
    { name: "operator", scheme: "cookieAuth", grants: ["read", "operate"], scoped: false, ...(await session(authStore, "fuzz.operator", "operator")) },
    { name: "admin", scheme: "cookieAuth", grants: ["read", "operate", "admin", "correct"], scoped: false, ...(await session(authStore, "fuzz.admin", "admin")) },
  ];
  const revoked = await authStore.issueToken("device", "fuzz revoked", ["city"], FUZZ);
  await authStore.revokeToken(revoked.record.id, FUZZ);
  const gone = await session(authStore, "fuzz.gone", "operator");
  // Disabling an account ends its sessions.
  await authStore.updateUser((await authStore.listUsers()).find((u) => u.username === "fuzz.gone")!.id, { disabled: true }, FUZZ);
  invalid = [
    {},
    { authorization: `Bearer ${revoked.token}` },
    { authorization: "Bearer twk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
    { authorization: "Bearer" },
    { authorization: "Basic Zm9vOmJhcg==" },
    { cookie: "twinops_session=forged.c2ln" },
    gone.headers,
    { cookie: `twinops_device=${revoked.token}` },
  ];

  const sample = (["energy", "transport", "construction", "health"] as const).flatMap((domain) => twin.listAssets({ domain, limit: 8 }).assets);
  const details = sample.map((a) => twin.getAsset(a.id)!);
  const datastreams = details.flatMap((d) => d.datastreams);
  const alertList = twin.alerts({ limit: 50 });
  if (alertList.length === 0) throw new Error("the twin raised no alerts: alert actions would never reach a 200");
  const numericProps = [...new Set(sample.flatMap((a) => Object.entries(a.properties).filter(([, v]) => typeof v === "number").map(([k]) => k)))];
  const page = (await (await assets(new Request(`${ORIGIN}/api/twin/v1/assets?limit=3`, { headers: credentials[0]!.headers }))).json()) as { nextCursor: string };
  const nowIso = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000).toISOString();
  const pick = <T,>(values: T[]) => fc.constantFrom(...values);

  known.set("/api/twin/v1/assets/{id} id", pick(sample.map((a) => a.id)));
  known.set("/api/twin/v1/alerts/{id}/actions id", pick(alertList.map((a) => a.id)));
  known.set("asset", pick([...sample.map((a) => a.id), ...alertList.map((a) => a.assetId)]));
  known.set("datastreams", pick(datastreams.map((d) => d.id)));
  known.set("datastreamId", pick(datastreams.map((d) => d.id)));
  known.set("metric", pick(twin.listMetrics().map((m) => m.id)));
  known.set("district", pick(twin.districts().map((d) => d.id)));
  known.set("property", pick([...new Set(datastreams.map((d) => d.property))]));
  known.set("per", pick(numericProps.length > 0 ? numericProps : ["beds"]));
  known.set("cursor", fc.constant(page.nextCursor));
  known.set("bbox", pick(["113.75,22.4,114.65,22.87", "114,22.5,114.1,22.6", "-180,-90,180,90", "114.05,22.53,114.06,22.54"]));
  known.set("step", pick(["PT5M", "PT1M", "PT15M", "PT1H", "P1D", "P1W", "PT30S"]));
  known.set("target", pick([...alertList.map((a) => a.id), "user:fuzz.admin"]));
  known.set("lastEventId", fc.oneof(fc.constant("0"), fc.nat(twin.eventWindow().newest + 5).map(String)));
  known.set("Last-Event-ID", fc.oneof(fc.constant("0"), fc.nat(twin.eventWindow().newest + 5).map(String)));
  // Ingest rows: inside the retention window, a few beyond the 5-minute future slack.
  known.set("t", fc.integer({ min: -2 * 86400, max: 900 }).map(nowIso));
  known.set("v", fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer()));
  known.set("comment", pick(["Crew dispatched", "   ", "已确认", "x".repeat(1000)]));
  known.set("assignee", pick(["crew-7", "li.wei", "  ", "x".repeat(100)]));
}, 120_000);

afterAll(() => {
  if (previousLogLevel === undefined) delete process.env.TWINOPS_LOG_LEVEL;
  else process.env.TWINOPS_LOG_LEVEL = previousLogLevel;
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  twin.close();
  void authStore.close();
});

// ---------------------------------------------------------------------------------------------
// Values from schemas
// ---------------------------------------------------------------------------------------------

/** Mostly near the bottom of a range (large pages cost time, not coverage), the bounds included. */
function intArb(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 50) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

function offsetIso(ms: number, minutes: number): string {
  if (minutes === 0) return new Date(ms).toISOString();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return new Date(ms + minutes * 60_000).toISOString().replace("Z", `${sign}${hhmm}`);
}

/** ISO instants: mostly around the twin's now, some anywhere in years 0001-9999, any offset. */
const instantArb = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -3 * 86400, max: 86400 }).map((s) => NOW.getTime() + s * 1000) },
      { weight: 1, arbitrary: fc.date({ min: new Date("0001-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true }).map((d) => d.getTime()) },
    ),
    fc.constantFrom(0, 0, 480, -300, 345),
  )
  .map(([ms, offset]) => offsetIso(ms, offset));

/** A valid JSON value for a schema; `name` (the parameter or property) brings in real values. */
function valid(schema: JsonSchema, name: string, path: string): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const real = knownFor(path, name);
  const own = fromSchema(s, name, path);
  return real && s.type !== "array" ? fc.oneof({ weight: 3, arbitrary: real }, { weight: 2, arbitrary: own }) : own;
}

function fromSchema(s: JsonSchema, name: string, path: string): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map((u) => valid(u, name, path)));
  switch (s.type) {
    case "string": {
      if (s.format === "date-time") return instantArb;
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 200;
      const text = s.pattern
        ? fc.stringMatching(new RegExp(s.pattern), { size: "small" }).filter((t) => t.length >= min && t.length <= max)
        : fc.string({ minLength: min, maxLength: Math.min(max, 40) });
      const boundary = s.pattern ? [] : [fc.constant("x".repeat(Math.max(min, Math.min(max, 5000))))];
      return s.example === undefined ? fc.oneof(text, ...boundary) : fc.oneof(text, fc.constant(s.example), ...boundary);
    }
    case "integer":
      return intArb(Math.max(s.minimum ?? -1e9, -1e9), Math.min(s.maximum ?? 1e9, 1e9));
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array": {
      const item = valid(s.items ?? {}, name, path);
      const min = s.minItems ?? 0;
      const max = s.maxItems ?? 20;
      return fc.oneof(
        { weight: 8, arbitrary: fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(max, 5)) }) },
        // Huge arrays are one generated item repeated: the size is what is tested, not the variety.
        { weight: 1, arbitrary: fc.tuple(item, fc.integer({ min, max })).map(([v, n]) => Array.from({ length: n }, () => v)) },
      );
    }
    case "object": {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      return fc.record(
        Object.fromEntries(Object.entries(props).map(([k, p]) => [k, valid(p, k, path)])),
        { requiredKeys: [...required].filter((k) => k in props) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const wrongType = fc.constantFrom<unknown>(null, 0, -1, 1.5, 1e308, "", "x", true, [], {}, [1, "a"], { a: 1 }, "2026-07-15T12:00:00Z");

/** A value the schema (probably) refuses: wrong types, a missing or unknown field, a bad item, one item too many. */
function mutated(schema: JsonSchema, name: string, path: string): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.type === "object" && s.properties) {
    const props = s.properties;
    const keys = Object.keys(props);
    return fc.oneof(
      wrongType,
      fc.tuple(valid(s, name, path), fc.constantFrom(...keys)).map(([o, k]) => {
        const { [k]: _dropped, ...rest } = o as Record<string, unknown>;
        return rest;
      }),
      fc.tuple(valid(s, name, path), fc.constantFrom("extra", "__proto__", "constructor", "Action", ""), fc.jsonValue({ maxDepth: 1 })).map(([o, k, v]) => ({ ...(o as object), [k]: v })),
      fc.constantFrom(...keys).chain((k) => fc.tuple(valid(s, name, path), mutated(props[k]!, k, path)).map(([o, v]) => ({ ...(o as object), [k]: v }))),
    );
  }
  if (s.type === "array") {
    const item = s.items ?? {};
    return fc.oneof(
      wrongType,
      fc.constant([]),
      fc.tuple(fc.array(valid(item, name, path), { minLength: 1, maxLength: 4 }), mutated(item, name, path), fc.nat()).map(([arr, bad, i]) => arr.with(i % arr.length, bad)),
      ...(s.maxItems === undefined ? [] : [valid(item, name, path).map((v) => Array.from({ length: s.maxItems! + 1 }, () => v))]),
    );
  }
  if (s.type === "string") return fc.oneof(wrongType, malformed, ...(s.maxLength === undefined ? [] : [fc.constant("y".repeat(s.maxLength + 1))]));
  if (s.type === "integer" || s.type === "number") {
    return fc.oneof(wrongType, fc.constantFrom((s.minimum ?? 0) - 1, (s.maximum ?? 0) + 1, 0.5, Number.MAX_SAFE_INTEGER + 2));
  }
  return wrongType;
}

/** Text a parameter might carry that its schema does not expect. */
const malformed = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.stringMatching(/^[0-9.,:TZ+\-PHMSDW ]{0,30}$/),
  fc.constantFrom(
    "", " ", "%", "%zz", "null", "undefined", "-1", "0", "1e3", "0x10", "NaN", "Infinity", ",", ",,", "a,,b", "🙂", "\u0000",
    "2026-13-45T99:99:99Z", "2026-07-15", "2026-07-15T12:00:00", "P0D", "PT0S", "-PT5M", "P9999999D", "P1Y", "[]", "{}",
    "x".repeat(5000), "1,2,3", "999,999,999,999", "../..", "__proto__",
  ),
);

/** Header values must be printable ASCII without CR/LF (fetch's Headers refuse the rest). */
const malformedHeader = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789abcXYZ-.:,;= %\"'".split("")), maxLength: 30 }),
  fc.constantFrom("", "-1", "1e3", "9999999999999999", "0x10", " 5", "NaN"),
);

// ---------------------------------------------------------------------------------------------
// Requests from an operation
// ---------------------------------------------------------------------------------------------

interface FuzzRequest {
  query: [string, string][];
  path: Record<string, string>;
  headers: Record<string, string>;
  body?: { text: string; type: string | null };
}

function asParamText(p: Parameter, v: unknown): string {
  if (Array.isArray(v) && p.style === "form" && p.explode === false) return v.map((x) => asParamText({ ...p, style: undefined }, x)).join(",");
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A parameter's text: valid for its schema (`clean`), or now and then malformed. */
function paramArb(op: Op, p: Parameter, clean: boolean): fc.Arbitrary<string> {
  const good = valid(p.schema, p.name, op.path).map((v) => asParamText(p, v));
  const bad = p.in === "header" ? malformedHeader : malformed;
  const value = clean ? good : fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: bad });
  return p.in === "header" ? value.filter((v) => /^[\x20-\x7e]*$/.test(v)) : value;
}

const OVERSIZED = JSON.stringify({ x: "z".repeat(600 * 1024) });

function bodyArb(op: Op, clean: boolean): fc.Arbitrary<FuzzRequest["body"]> {
  const media = op.doc.requestBody?.content["application/json"];
  if (!media) return fc.constant(undefined);
  if (clean) return fc.record({ text: valid(media.schema, "body", op.path).map((v) => JSON.stringify(v)), type: fc.constant("application/json") });
  const json = fc.oneof(
    { weight: 6, arbitrary: valid(media.schema, "body", op.path) },
    { weight: 3, arbitrary: mutated(media.schema, "body", op.path) },
  ).map((v) => JSON.stringify(v) ?? "null");
  const text = fc.oneof(
    { weight: 12, arbitrary: json },
    { weight: 1, arbitrary: fc.oneof(json.map((t) => t.slice(0, Math.max(0, t.length - 1))), fc.constantFrom("", "{", "nul", "{\"a\":}", "[1,]", "\uFEFF{}"), fc.string()) },
    { weight: 1, arbitrary: fc.constant(OVERSIZED) },
  );
  const type = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | null>("application/json") },
    { weight: 2, arbitrary: fc.constantFrom<string | null>("application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON") },
    { weight: 2, arbitrary: fc.constantFrom<string | null>(null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "") },
  );
  return fc.record({ text, type });
}

/**
 * Half the requests are valid for the document (every required parameter, values from the
 * schemas and the twin, a valid JSON body); the other half mix in malformed values, missing
 * required and unknown or repeated parameters, and mutated, mistyped, oversized bodies.
 */
function requestArb(op: Op): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(requestsOf(op, true), requestsOf(op, false));
}

function requestsOf(op: Op, clean: boolean): fc.Arbitrary<FuzzRequest> {
  const params = op.doc.parameters ?? [];
  const each = params.map((p) =>
    fc.tuple(
      fc.constant(p),
      // Present: required ones always when clean, nearly always otherwise (a path parameter always: the router needs it).
      p.in === "path" || (p.required && clean) ? fc.constant(true) : p.required ? fc.integer({ min: 0, max: 14 }).map((n) => n > 0) : fc.boolean(),
      paramArb(op, p, clean),
    ),
  );
  const unknownParams = fc.array(fc.tuple(fc.oneof(fc.constantFrom("zzz", "Limit", "__proto__", "constructor", "callback", ""), fc.string({ maxLength: 8 })), malformed), { minLength: 1, maxLength: 2 });
  const extra = clean ? fc.constant<[string, string][]>([]) : fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: unknownParams });
  const repeat = clean ? fc.constant(null) : fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() });
  return fc.record({ each: fc.tuple(...each), extra, repeat, body: bodyArb(op, clean) }).map(({ each: values, extra: unknown, repeat: again, body }) => {
    const req: FuzzRequest = { query: [], path: {}, headers: {}, ...(body ? { body } : {}) };
    for (const [p, present, v] of values) {
      if (!present) continue;
      if (p.in === "path") req.path[p.name] = v;
      else if (p.in === "header") req.headers[p.name] = v;
      else req.query.push([p.name, v]);
    }
    req.query.push(...unknown);
    if (again !== null && req.query.length > 0) req.query.push(req.query[again % req.query.length]!);
    return req;
  });
}

function describeRequest(op: Op, req: FuzzRequest, who: string): string {
  const qs = new URLSearchParams(req.query).toString();
  const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(req.path[n] ?? ""));
  const body = req.body ? ` body(${req.body.type ?? "no content type"}, ${req.body.text.length} chars): ${req.body.text.slice(0, 1500)}` : "";
  const headers = Object.keys(req.headers).length > 0 ? ` headers ${JSON.stringify(req.headers)}` : "";
  return `${op.method} ${path}${qs ? `?${qs}` : ""} as ${who}${headers}${body}`;
}

async function send(op: Op, req: FuzzRequest, auth: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(req.path[n] ?? ""));
  const qs = new URLSearchParams(req.query).toString();
  const headers: Record<string, string> = { ...auth, ...req.headers };
  if (req.body?.type) headers["content-type"] = req.body.type;
  const request = new Request(`${ORIGIN}${path}${qs ? `?${qs}` : ""}`, {
    method: op.method,
    headers,
    ...(req.body && op.method !== "GET" ? { body: req.body.text } : {}),
    ...(signal ? { signal } : {}),
  });
  // Next hands a dynamic segment over still percent-encoded; withApi decodes it.
  const params = Object.fromEntries(Object.entries(req.path).map(([k, v]) => [k, encodeURIComponent(v)]));
  return op.handler(request, { params: Promise.resolve(params) });
}

// ---------------------------------------------------------------------------------------------
// Answers against the document
// ---------------------------------------------------------------------------------------------

const stats = new Map<string, Map<number, number>>();
/** Per operation: requests sent, and repeats of a request already answered (not sent again). */
const sent = new Map<string, { sent: number; repeats: number }>();

function count(op: Op, status: number): void {
  const m = stats.get(label(op)) ?? new Map<number, number>();
  m.set(status, (m.get(status) ?? 0) + 1);
  stats.set(label(op), m);
}

class FuzzFailure extends Error {
  override name = "FuzzFailure";
}

/** Reads and checks one answer; throws with the request and the answer when it breaks the document. */
async function check(op: Op, req: FuzzRequest, who: string, res: Response, expect401 = false): Promise<number> {
  const where = () => describeRequest(op, req, who);
  const fail = (why: string, body: string) => {
    throw new FuzzFailure(`${why}\n  request: ${where()}\n  answer: ${res.status} ${res.headers.get("content-type")} ${body.slice(0, 2000)}`);
  };
  const declared = op.doc.responses[String(res.status)];
  const type = res.headers.get("content-type") ?? "";
  if (res.status === 200 && type.startsWith("text/event-stream")) {
    // A live stream never ends: check the head and hang up (the stream's cancel unsubscribes).
    await res.body?.cancel();
    if (!declared?.content?.["text/event-stream"]) fail("an undocumented event stream", "");
    return res.status;
  }
  const text = await res.text();
  if (res.status >= 500) fail("a 5xx", text);
  if (!declared) fail(`status ${res.status} is not documented for this operation`, text);
  if (expect401 && res.status !== 401) fail("expected 401 without a valid credential", text);
  if (res.status === 200) {
    const [mediaType, media] = Object.entries(declared?.content ?? {})[0] ?? [];
    if (!mediaType || !type.startsWith(mediaType)) fail(`content type is not the documented ${mediaType}`, text);
    // A download (CSV) is text, not JSON: it must at least have its header row.
    if (!mediaType!.includes("json")) {
      if (text.trim().length === 0) fail("an empty download", text);
      return res.status;
    }
    const body = JSON.parse(text) as unknown;
    const ref = media?.schema.$ref;
    if (ref) {
      const schema = componentSchema(ref.replace("#/components/schemas/", ""));
      if (!schema) fail(`no zod schema behind ${ref}`, text);
      const parsed = schema!.safeParse(body);
      if (!parsed.success) fail(`200 body does not match ${ref}: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`, text);
    } else if (media?.schema.type === "object" && (typeof body !== "object" || body === null || Array.isArray(body))) {
      fail("200 body is not the documented object", text);
    }
  } else if (res.status >= 400) {
    if (type !== "application/problem+json") fail("a 4xx that is not application/problem+json", text);
    const p = ProblemSchema.safeParse(JSON.parse(text));
    if (!p.success) fail(`a 4xx body that is not a Problem: ${JSON.stringify(p.error.issues)}`, text);
    if (p.data?.status !== res.status) fail(`problem status ${p.data?.status} differs from the HTTP status`, text);
    if (res.status === 401 && !res.headers.get("www-authenticate")) fail("a 401 without WWW-Authenticate", text);
  } else {
    fail("neither 200 nor a problem", text);
  }
  return res.status;
}

type Answer = (req: FuzzRequest, who: string, headers: Record<string, string>, answer: () => Promise<number>) => Promise<number>;

/**
 * Generated requests to GET operations repeat: every clean request to one without parameters is
 * the same one (openapi.json: 4 ms each), and small domains (enums, real ids, credentials) recur.
 * A GET changes nothing on this twin, whose clock stands still, so the same request and credential
 * get the same answer: a repeat gets the status its first sending got, checked as before, instead
 * of being sent and parsed again. A POST is always sent (it may change the twin; its bodies seldom
 * repeat, and hashing them would cost more than it saves).
 */
function answered(op: Op, property: string): Answer {
  if (op.method !== "GET") return (_req, _who, _headers, answer) => answer();
  const seen = new Map<string, number>();
  const tally = sent.get(label(op)) ?? { sent: 0, repeats: 0 };
  sent.set(label(op), tally);
  return async (req, who, headers, answer) => {
    const key = createHash("sha256").update(JSON.stringify([property, who, headers, req])).digest("base64");
    const known = seen.get(key);
    if (known !== undefined) {
      tally.repeats++;
      return known;
    }
    tally.sent++;
    const status = await answer();
    seen.set(key, status);
    return status;
  };
}

/** Credentials the operation's security admits at its access level, each with the headers it needs. */
function admitted(op: Op): { name: string; headers: Record<string, string>; scoped: boolean }[] {
  const access = op.doc["x-twinops-access"];
  if (op.doc.security.length === 0) return [{ name: "nobody", headers: {}, scoped: false }];
  return op.doc.security.flatMap((requirement) =>
    credentials
      .filter((c) => c.scheme in requirement && c.grants.includes(access))
      .map((c) => ({
        name: c.name,
        scoped: c.scoped,
        headers: { ...c.headers, ...("csrfToken" in requirement ? c.csrf : {}) },
      })),
  );
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe(`fuzzing /api/twin/v1 from its OpenAPI document (seed ${SEED}, ${RUNS} requests per operation)`, () => {
  it("has a handler for every operation and an operation for every handler", () => {
    expect(OPS.map(label).sort()).toEqual(Object.keys(HANDLERS).sort());
  });

  it.each(OPS.map((op) => [label(op), op] as const))("%s: never 5xx; 200 matches its schema; 4xx are documented problems", async (_name, op) => {
    const who = admitted(op);
    expect(who.length, `no credential fits the security of ${label(op)}`).toBeGreaterThan(0);
    const once = answered(op, "valid");
    await fc.assert(
      fc.asyncProperty(requestArb(op), fc.constantFrom(...who), async (req, cred) => {
        const status = await once(req, cred.name, cred.headers, async () => {
          const ac = new AbortController();
          const res = await send(op, req, cred.headers, ac.signal);
          const got = await check(op, req, cred.name, res);
          ac.abort();
          return got;
        });
        count(op, status);
        if (status === 401) throw new FuzzFailure(`401 with a valid credential\n  request: ${describeRequest(op, req, cred.name)}`);
        if (status === 403 && !cred.scoped) throw new FuzzFailure(`403 for an unscoped credential\n  request: ${describeRequest(op, req, cred.name)}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const seen = stats.get(label(op)) ?? new Map<number, number>();
    // The fuzzer must reach both the handler's success path and its refusals (but NGSI-LD
    // notifications succeed only on a pack that maps NGSI-LD entities, which this one does not:
    // their 200s are tested in ingest/ngsi-ld/route.test.ts).
    if (!NEEDS_CONFIGURED_SOURCE.has(label(op))) expect(seen.get(200) ?? 0, `${label(op)} never answered 200`).toBeGreaterThan(0);
    expect([...seen.keys()].some((s) => s >= 400), `${label(op)} never refused`).toBe(true);
    // The process keeps one subscriber of its own (live values); streams must leave none.
    expect(liveEvents(port).listenerCount(), "event streams left subscribed").toBe(0);
  });

  const guarded = OPS.filter((op) => op.doc["x-twinops-access"] !== "public");

  it.each(guarded.map((op) => [label(op), op] as const))("%s: without a valid credential answers 401", async (_name, op) => {
    const once = answered(op, "401");
    await fc.assert(
      fc.asyncProperty(requestArb(op), fc.nat(invalid.length - 1), async (req, i) => {
        const who = `invalid credential #${i}`;
        const status = await once(req, who, invalid[i]!, async () => check(op, req, who, await send(op, req, invalid[i]!), true));
        expect(status).toBe(401);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.each(guarded.map((op) => [label(op), op] as const))("%s: a credential below its access level answers 403", async (_name, op) => {
    const access = op.doc["x-twinops-access"];
    // Lacking the level, or a session change without its CSRF token.
    const below = [
      ...credentials.filter((c) => !c.grants.includes(access)).map((c) => ({ name: c.name, headers: c.headers })),
      ...(op.method === "POST" ? credentials.filter((c) => c.scheme === "cookieAuth").map((c) => ({ name: `${c.name} without CSRF`, headers: c.headers })) : []),
    ];
    const once = answered(op, "403");
    await fc.assert(
      fc.asyncProperty(requestArb(op), fc.constantFrom(...below), async (req, cred) => {
        const status = await once(req, cred.name, cred.headers, async () => check(op, req, cred.name, await send(op, req, cred.headers)));
        if (status !== 403) throw new FuzzFailure(`expected 403, got ${status}\n  request: ${describeRequest(op, req, cred.name)}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  afterAll(() => {
    const rows = [...stats].map(([op, m]) => `  ${op.padEnd(40)} ${[...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join("  ")}`);
    console.info(`fuzz status counts (seed ${SEED}):\n${rows.join("\n")}`);
    const repeats = [...sent.values()].reduce((n, t) => n + t.repeats, 0);
    const total = [...sent.values()].reduce((n, t) => n + t.sent + t.repeats, 0);
    console.info(`fuzz: ${repeats} of ${total} requests to GET operations repeated one already answered`);
  });
});
