import "server-only";
/**
 * The OpenAPI 3.1 document of the twin API, generated from the same zod schemas the handlers parse
 * with (zod 4 `toJSONSchema`), so the document cannot drift from what the API accepts and answers.
 * It also says who may call each operation (`security`, and `x-twinops-access` naming the access
 * level `withApi` enforces) and every problem status the wrapper can answer with.
 */
import { z } from "zod";
import type { Access } from "./handler";
import { CSRF_HEADER, DEVICE_COOKIE, SESSION_COOKIE } from "@/lib/auth/server";
import * as S from "@/lib/twin-client/schemas";
import { ScorecardQuerySchema, ScorecardResponseSchema } from "@/lib/views/scorecard/schemas";

type JsonSchema = Record<string, unknown>;

interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  pathParams?: z.ZodType;
  /** JSON request body; its schema must carry a component id (`.meta({ id })`). */
  body?: z.ZodType;
  /** The 200 body; its schema must carry a component id. Null for the event stream and this document. */
  response: z.ZodType | null;
  contentType: string;
  /** Problem statuses besides those every operation of its kind can answer (see `problemStatuses`). */
  problems: number[];
  /** Wording of a status for this operation, where the general one would mislead. */
  problemText?: Partial<Record<number, string>>;
  headers?: { name: string; description: string; schema: JsonSchema }[];
}

const OPERATIONS: Operation[] = [
  { method: "get", path: "", summary: "Entry document: backend, city, links, metrics", access: "public", query: S.LandingQuerySchema, response: S.LandingResponseSchema, contentType: "application/json", problems: [] },
  { method: "get", path: "/assets", summary: "Assets as GeoJSON, filtered and paged", access: "read", query: S.AssetsQuerySchema, response: S.AssetsResponseSchema, contentType: "application/geo+json", problems: [] },
  {
    method: "get",
    path: "/assets/clusters",
    summary: "A domain's assets in a map view, aggregated into 48-px cells at the zoom (one asset per cell is answered as itself)",
    access: "read",
    query: S.AssetClustersQuerySchema,
    response: S.AssetClustersResponseSchema,
    contentType: "application/geo+json",
    problems: [422],
  },
  { method: "get", path: "/assets/{id}", summary: "One asset with datastreams and latest values", access: "read", pathParams: S.AssetParamsSchema, query: S.NoQuerySchema, response: S.AssetDetailResponseSchema, contentType: "application/geo+json", problems: [404] },
  { method: "get", path: "/latest", summary: "Latest observation of many datastreams", access: "read", query: S.LatestQuerySchema, response: S.LatestResponseSchema, contentType: "application/json", problems: [404] },
  {
    method: "post",
    path: "/latest",
    summary: "Latest observation of many datastreams, ids in a JSON body (lists too long for a URL)",
    access: "read",
    body: S.LatestBodySchema,
    response: S.LatestResponseSchema,
    contentType: "application/json",
    problems: [404],
  },
  { method: "get", path: "/series", summary: "Bucketed series of datastreams or a metric, at most maxPoints buckets", access: "read", query: S.SeriesQuerySchema, response: S.SeriesResponseSchema, contentType: "application/json", problems: [404, 422] },
  { method: "get", path: "/kpis", summary: "KPI values of a domain at a time", access: "read", query: S.KpisQuerySchema, response: S.KpisResponseSchema, contentType: "application/json", problems: [404, 422] },
  {
    method: "get",
    path: "/alerts",
    summary: "Alerts as GeoJSON, newest first, filtered and paged (offset); severity codes critical, major, minor, info are levels 1-4 (紧急, 严重, 一般, 提示)",
    access: "read",
    query: S.AlertsQuerySchema,
    response: S.AlertsResponseSchema,
    contentType: "application/geo+json",
    problems: [422],
    problemText: { 422: "`from` is not before `to`" },
  },
  {
    method: "get",
    path: "/alerts/stats",
    summary: "Time to acknowledge and time to resolve (median and p90, seconds) of the alerts a filter matches, with as-of time",
    access: "read",
    query: S.AlertStatsQuerySchema,
    response: S.AlertStatsResponseSchema,
    contentType: "application/json",
    problems: [422],
    problemText: { 422: "`from` is not before `to`" },
  },
  {
    method: "get",
    path: "/alerts/export",
    summary: "The alerts a filter matches as CSV (RFC 4180, UTF-8 with BOM, the city's local times with their offset, text cells guarded against formulas)",
    access: "read",
    query: S.AlertExportQuerySchema,
    response: null,
    contentType: "text/csv",
    problems: [422],
    problemText: { 422: "`from` is not before `to`, or the filter matches more rows than one file holds" },
  },
  { method: "get", path: "/alerts/assignees", summary: "Accounts an alert may be assigned to (enabled operators and admins)", access: "operate", query: S.AssigneesQuerySchema, response: S.AssigneesResponseSchema, contentType: "application/json", problems: [] },
  {
    method: "post",
    path: "/alerts/{id}/actions",
    summary: "Acknowledge, comment on, assign, escalate or resolve an alert; answered once the change and its audit record are stored",
    access: "operate",
    pathParams: S.AlertActionParamsSchema,
    body: S.AlertActionBodySchema,
    response: S.AlertFeatureSchema,
    contentType: "application/geo+json",
    problems: [404, 409, 422],
    problemText: {
      404: "No alert with this id",
      409: "The alert's state does not allow this action (already resolved, already acknowledged, already assigned to this assignee, at the highest escalation, or its comment thread is full)",
      422: "An acknowledgement, resolution or comment without a comment, or an assignment without an assignee or to a name that is no operator's or admin's account",
    },
  },
  { method: "get", path: "/district-values", summary: "One metric in every district and the city at an instant", access: "read", query: S.DistrictValuesQuerySchema, response: S.DistrictValuesResponseSchema, contentType: "application/json", problems: [404, 422] },
  { method: "get", path: "/scorecard", summary: "District scorecard: each key indicator the caller may read, per district and city, with its levels and 24-hour sparklines", access: "read", query: ScorecardQuerySchema, response: ScorecardResponseSchema, contentType: "application/json", problems: [422] },
  { method: "get", path: "/rank", summary: "Assets of a type ranked by one datastream's value at an instant", access: "read", query: S.RankQuerySchema, response: S.RankResponseSchema, contentType: "application/json", problems: [404, 422] },
  {
    method: "get",
    path: "/events",
    summary: "Server-Sent Events: observation, alert and kpi events with ids; heartbeats; replay after Last-Event-ID",
    access: "read",
    query: S.EventsQuerySchema,
    response: null,
    contentType: "text/event-stream",
    problems: [],
    headers: [{ name: "Last-Event-ID", description: "Replay events newer than this id first (the header wins over lastEventId)", schema: { type: "string", pattern: "^\\d{1,15}$" } }],
  },
  {
    method: "post",
    path: "/ingest/observations",
    summary: "A batch of observations from a sensor feed; good rows are stored even when others are refused",
    access: "ingest",
    body: S.IngestBodySchema,
    response: S.IngestResponseSchema,
    contentType: "application/json",
    problems: [],
    problemText: { 403: "Not a feed token, or a feed scoped to domains sent only rows of other domains" },
  },
  {
    method: "post",
    path: "/ingest/ngsi-ld",
    summary: "Notifications of the NGSI-LD subscription (TWINOPS_SOURCE=ngsi-ld): mapped attribute values are ingested as observations",
    access: "ingest",
    body: S.NgsiNotificationBodySchema,
    response: S.NgsiNotificationResponseSchema,
    contentType: "application/json",
    problems: [409],
    problemText: { 403: "Not a feed token, or a feed scoped to domains sent only rows of other domains", 409: "The city pack maps no NGSI-LD entities" },
  },
  {
    method: "post",
    path: "/ingest/corrections",
    summary: "Replace or withdraw one stored observation; its slot's rollups, KPIs and alert rule follow, audited with before and after",
    access: "correct",
    body: S.CorrectionBodySchema,
    response: S.CorrectionResponseSchema,
    contentType: "application/json",
    problems: [404, 422],
    problemText: {
      403: "Neither a feed token nor an admin, or a feed scoped to domains correcting another domain's stream",
      404: "Unknown datastream, or no observation stored at that instant",
      422: "A time without an offset, or a value that is not finite or outside the stream's plausible range",
    },
  },
  { method: "get", path: "/ingest/refusals", summary: "Rows ingest refused, counted per reason and datastream since this instance started", access: "admin", query: S.NoQuerySchema, response: S.RefusalCountsResponseSchema, contentType: "application/json", problems: [] },
  { method: "get", path: "/audit", summary: "The audit trail, newest first: who did what, when, with the state before and after", access: "admin", query: S.AuditQuerySchema, response: S.AuditResponseSchema, contentType: "application/json", problems: [] },
  { method: "get", path: "/openapi.json", summary: "This document", access: "public", query: S.NoQuerySchema, response: null, contentType: "application/json", problems: [] },
];

/** Query strings carry integers as text; document them as the integers they are. */
const INTEGER_PARAMS: Record<string, { minimum: number; maximum: number; default: number }> = {
  "/assets limit": { minimum: S.LIMITS.assetsLimit.min, maximum: S.LIMITS.assetsLimit.max, default: S.LIMITS.assetsLimit.default },
  "/alerts limit": { minimum: S.LIMITS.alertsLimit.min, maximum: S.LIMITS.alertsLimit.max, default: S.LIMITS.alertsLimit.default },
  "/alerts offset": { minimum: 0, maximum: S.LIMITS.alertsOffset.max, default: 0 },
  "/rank limit": { minimum: S.LIMITS.rankLimit.min, maximum: S.LIMITS.rankLimit.max, default: S.LIMITS.rankLimit.default },
  "/series maxPoints": { minimum: S.LIMITS.maxPoints.min, maximum: S.LIMITS.maxPoints.max, default: S.LIMITS.maxPoints.default },
  // AuditQuerySchema refines 1-1000 and the audit route defaults to 100 (neither is in LIMITS).
  "/audit limit": { minimum: 1, maximum: 1000, default: 100 },
};

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed input (the problem's errors name each parameter); also a query parameter given twice",
  401: "No valid credential: sign in, or send a token as `Authorization: Bearer …`",
  403: "The credential's role or scope does not allow this, or a change made with a session cookie lacks its CSRF token or came from another site",
  404: "Unknown id(s)",
  409: "Conflicts with the current state",
  413: "Body too large",
  415: "Body is not JSON",
  422: "Well-formed but impossible request (e.g. to before from, too many buckets), or an answer over the response budget (code `response_budget`: the detail names the limit and how to ask for less)",
  429: "Too many requests from this client, too many expensive reads in flight or too many open event streams (see Retry-After, also `retryAfter` in the problem)",
  500: "Unexpected server error (details are in the server log only)",
};

const STATUS_HEADERS: Record<number, Record<string, JsonSchema>> = {
  401: { "WWW-Authenticate": { description: "The scheme to authenticate with", schema: { type: "string" } } },
  429: { "Retry-After": { description: "Seconds until this client may send again", schema: { type: "integer", minimum: 1 } } },
};

const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    description:
      "A token `twk_…`: a device token an admin issued (wall displays; reads, narrowed to the boards it is bound to), " +
      "a feed token an admin issued (sensor feeds; ingest only), or a person's own read token (scripts, GIS clients; " +
      "reads what its owner may read now, refused on any change). Needs no CSRF token.",
  },
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description:
      "A person's session, set by signing in. Viewers read their domains, operators also act on alerts, admins also read the audit trail.",
  },
  deviceCookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: DEVICE_COOKIE,
    description: "A wall display set up in a browser carries its device token in this cookie (reads only).",
  },
  csrfToken: {
    type: "apiKey",
    in: "header",
    name: CSRF_HEADER,
    description: "A change (POST) made with a session cookie also needs the session's CSRF token and a same-origin request.",
  },
};

/** Who may call, as OpenAPI security requirements (alternatives; the schemes within one all apply). */
function security(op: Operation): JsonSchema[] {
  const session = op.method === "get" ? { cookieAuth: [] } : { cookieAuth: [], csrfToken: [] };
  switch (op.access) {
    case "public":
      return [];
    case "read":
      return [{ bearerAuth: [] }, session, { deviceCookieAuth: [] }];
    case "operate":
    case "admin":
    case "account":
      return [session];
    case "ingest":
      return [{ bearerAuth: [] }];
    case "correct":
      return [{ bearerAuth: [] }, session];
  }
}

const ACCESS_TEXT: Record<Access, string> = {
  public: "Public: no credential needed.",
  read: "Any signed-in person, wall display or personal read token; answers are narrowed to the domains the caller may read. Feed tokens are refused (403).",
  operate: "Operators and admins, with a session cookie and its CSRF token.",
  admin: "Admins, with a session cookie.",
  account: "A signed-in person, with a session cookie, on their own account.",
  ingest: "Sensor feeds, with a feed token (`Authorization: Bearer twk_…`); a feed scoped to domains writes only those.",
  correct: "Sensor feeds with a feed token (a feed scoped to domains corrects only those), or admins with a session cookie and its CSRF token.",
};

/** What every operation can answer besides its own problems: `withApi` refuses these for all. */
function problemStatuses(op: Operation): number[] {
  const all = new Set([400, ...op.problems, 429, 500]);
  if (op.access !== "public") [401, 403].forEach((s) => all.add(s));
  if (op.body) [413, 415].forEach((s) => all.add(s));
  return [...all].sort((a, b) => a - b);
}

function componentName(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error("openapi: a response or body schema needs a component id (.meta({ id }))");
  return id;
}

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/**
 * A comma-separated list parameter (a string going in, an array coming out of the schema) as
 * OpenAPI spells it: an array with `style: form, explode: false`.
 */
function listSchema(input: JsonSchema, output: JsonSchema | undefined): JsonSchema | null {
  if (input.type !== "string" || output?.type !== "array") return null;
  const { description: _d, default: def, ...rest } = output;
  return typeof def === "string" ? { ...rest, default: def.split(",") } : rest;
}

function parameters(op: Operation): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (schema: z.ZodType | undefined, where: "query" | "path") => {
    if (!schema) return;
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const parsed = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const parsedProps = (parsed.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) {
      const integer = INTEGER_PARAMS[`${op.path} ${name}`];
      const { description, ...rest } = prop;
      const list = integer ? null : listSchema(rest, parsedProps[name]);
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(description ? { description } : {}),
        schema: integer ? { type: "integer", ...integer } : (list ?? rest),
        ...(list ? { style: "form", explode: false } : {}),
      });
    }
  };
  add(op.pathParams, "path");
  add(op.query, "query");
  for (const h of op.headers ?? []) {
    out.push({ name: h.name, in: "header", required: false, description: h.description, schema: h.schema });
  }
  return out;
}

/**
 * The component schemas: our operations' bodies and responses and every named schema they
 * reference, converted from those roots only. Not from zod's global registry: a production
 * bundle can hold a second copy of a schema module (another route's chunk), whose schemas carry
 * the same ids and would make the registry's conversion fail with "Duplicate schema id".
 */
function components(): Record<string, JsonSchema> {
  const roots = new Map<string, z.ZodType>([["Problem", S.ProblemSchema]]);
  for (const op of OPERATIONS) {
    for (const s of [op.response, op.body]) if (s) roots.set(componentName(s), s);
  }
  const doc = z.toJSONSchema(z.object(Object.fromEntries(roots)), { unrepresentable: "any", reused: "inline" }) as JsonSchema;
  const defs = JSON.parse(JSON.stringify(doc.$defs ?? {}).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, JsonSchema>;
  return Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((k) => [k, strip(defs[k] as JsonSchema)]),
  );
}

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function responses(op: Operation): Record<string, JsonSchema> {
  const body: JsonSchema = op.response
    ? { $ref: `#/components/schemas/${componentName(op.response)}` }
    : op.contentType === "application/json"
      ? { type: "object" }
      : { type: "string" };
  const out: Record<string, JsonSchema> = { "200": { description: op.summary, content: { [op.contentType]: { schema: body } } } };
  for (const status of problemStatuses(op)) {
    const headers = STATUS_HEADERS[status];
    out[String(status)] = {
      description: op.problemText?.[status] ?? STATUS_TEXT[status] ?? "Problem",
      ...(headers ? { headers } : {}),
      content: problemContent,
    };
  }
  return out;
}

function operationObject(op: Operation): JsonSchema {
  const name = op.path.replace(/[^A-Za-z]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, "") || "Landing";
  const params = parameters(op);
  return {
    summary: op.summary,
    description: ACCESS_TEXT[op.access],
    operationId: `${op.method}${name}`,
    "x-twinops-access": op.access,
    security: security(op),
    ...(params.length > 0 || op.method === "get" ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: `#/components/schemas/${componentName(op.body)}` } } },
          },
        }
      : {}),
    responses: responses(op),
  };
}

/**
 * The zod schema behind a request or response component of the document, so tests validate
 * bodies with exactly what the document was generated from.
 */
export function componentSchema(name: string): z.ZodType | undefined {
  if (name === "Problem") return S.ProblemSchema;
  for (const op of OPERATIONS) {
    for (const s of [op.response, op.body]) if (s && z.globalRegistry.get(s)?.id === name) return s;
  }
  return undefined;
}

let cached: JsonSchema | undefined;

/** The document (built once per process: schemas do not change at run time). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of OPERATIONS) {
    const item = (paths[`/api/twin/v1${op.path}`] ??= {});
    item[op.method] = operationObject(op);
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "TwinOps twin API",
      version: "1",
      description:
        "Digital twin city data: assets (GeoJSON), latest values, bucketed series, KPIs, alerts and live events; " +
        "alert actions for operators, the audit trail for admins, and ingest for sensor feeds. " +
        "Instants and durations are ISO 8601; errors are application/problem+json. " +
        "Every operation but the landing document and this one needs a credential (see each operation's security).",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: { schemas: components(), securitySchemes: SECURITY_SCHEMES },
  };
  return cached;
}
