import "server-only";
/**
 * The OpenAPI 3.1 document of the twin API, generated from the same zod schemas the handlers parse
 * with (zod 4 `toJSONSchema`), so the document cannot drift from what the API accepts and answers.
 */
import { z } from "zod";
import * as S from "@/lib/domains/twin/schemas";

type JsonSchema = Record<string, unknown>;

interface Endpoint {
  path: string;
  summary: string;
  query?: z.ZodType;
  pathParams?: z.ZodType;
  /** Component name of the 200 body (null for the event stream). */
  response: string | null;
  contentType: string;
  /** JSON body of the POST form of the endpoint, if it has one (component name + schema). */
  postBody?: { name: string; summary: string };
  /** Problem statuses besides 500. */
  problems: number[];
  headers?: { name: string; description: string }[];
}

const ENDPOINTS: Endpoint[] = [
  { path: "", summary: "Entry document: backend, city, links, metrics", query: S.LandingQuerySchema, response: "Landing", contentType: "application/json", problems: [400] },
  { path: "/assets", summary: "Assets as GeoJSON, filtered and paged", query: S.AssetsQuerySchema, response: "AssetCollection", contentType: "application/geo+json", problems: [400] },
  { path: "/assets/{id}", summary: "One asset with datastreams and latest values", pathParams: S.AssetParamsSchema, response: "AssetDetail", contentType: "application/geo+json", problems: [400, 404] },
  {
    path: "/latest",
    summary: "Latest observation of many datastreams",
    query: S.LatestQuerySchema,
    postBody: { name: "LatestRequest", summary: "Latest observation of many datastreams, ids in a JSON body (lists too long for a URL)" },
    response: "Latest",
    contentType: "application/json",
    problems: [400, 404],
  },
  { path: "/series", summary: "Bucketed series of datastreams or a metric, at most maxPoints buckets", query: S.SeriesQuerySchema, response: "SeriesSet", contentType: "application/json", problems: [400, 404, 422] },
  { path: "/kpis", summary: "KPI values of a domain at a time", query: S.KpisQuerySchema, response: "Kpis", contentType: "application/json", problems: [400, 422] },
  { path: "/alerts", summary: "Alerts as GeoJSON", query: S.AlertsQuerySchema, response: "AlertCollection", contentType: "application/geo+json", problems: [400] },
  { path: "/district-values", summary: "One metric in every district and the city at an instant", query: S.DistrictValuesQuerySchema, response: "DistrictValues", contentType: "application/json", problems: [400, 404, 422] },
  { path: "/rank", summary: "Assets of a type ranked by one datastream's value at an instant", query: S.RankQuerySchema, response: "Rank", contentType: "application/json", problems: [400, 404, 422] },
  {
    path: "/events",
    summary: "Server-Sent Events: observation, alert and kpi events with ids; heartbeats; replay after Last-Event-ID",
    query: S.EventsQuerySchema,
    response: null,
    contentType: "text/event-stream",
    problems: [400],
    headers: [{ name: "Last-Event-ID", description: "Replay events newer than this id first" }],
  },
  { path: "/openapi.json", summary: "This document", response: null, contentType: "application/json", problems: [] },
];

/** Query strings carry integers as text; document them as the integers they are. */
const INTEGER_PARAMS: Record<string, { minimum: number; maximum: number; default: number }> = {
  "/assets limit": { minimum: S.LIMITS.assetsLimit.min, maximum: S.LIMITS.assetsLimit.max, default: S.LIMITS.assetsLimit.default },
  "/alerts limit": { minimum: S.LIMITS.alertsLimit.min, maximum: S.LIMITS.alertsLimit.max, default: S.LIMITS.alertsLimit.default },
  "/rank limit": { minimum: S.LIMITS.rankLimit.min, maximum: S.LIMITS.rankLimit.max, default: S.LIMITS.rankLimit.default },
  "/series maxPoints": { minimum: S.LIMITS.maxPoints.min, maximum: S.LIMITS.maxPoints.max, default: S.LIMITS.maxPoints.default },
};

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed input (the problem's errors name each parameter)",
  404: "Unknown id(s)",
  422: "Well-formed but impossible request (e.g. to before from, too many buckets)",
  500: "Unexpected server error (details are in the server log only)",
};

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function parameters(endpoint: Endpoint): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (schema: z.ZodType | undefined, where: "query" | "path") => {
    if (!schema) return;
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) {
      const integer = INTEGER_PARAMS[`${endpoint.path} ${name}`];
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(description ? { description } : {}),
        schema: integer ? { type: "integer", ...integer } : rest,
      });
    }
  };
  add(endpoint.pathParams, "path");
  add(endpoint.query, "query");
  for (const h of endpoint.headers ?? []) {
    out.push({ name: h.name, in: "header", required: false, description: h.description, schema: { type: "string" } });
  }
  return out;
}

function components(): Record<string, JsonSchema> {
  const wanted = new Set(ENDPOINTS.map((e) => e.response).filter((r): r is string => r !== null));
  for (const e of ENDPOINTS) if (e.postBody) wanted.add(e.postBody.name);
  wanted.add("Problem");
  const all = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  }).schemas as Record<string, JsonSchema>;
  // The global registry may hold other modules' schemas; keep ours and what they reference.
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name) || !all[name]) return;
    keep.add(name);
    for (const m of JSON.stringify(all[name]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) {
      if (m[1]) visit(m[1]);
    }
  };
  wanted.forEach(visit);
  return Object.fromEntries([...keep].sort().map((k) => [k, strip(all[k] as JsonSchema)]));
}

let cached: JsonSchema | undefined;

/** The document (built once per process: schemas do not change at run time). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, JsonSchema> = {};
  for (const e of ENDPOINTS) {
    const responses: Record<string, JsonSchema> = {
      "200": {
        description: e.summary,
        content: {
          [e.contentType]: {
            schema: e.response ? { $ref: `#/components/schemas/${e.response}` } : { type: "string" },
          },
        },
      },
    };
    for (const status of [...e.problems, 500]) {
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? "Problem",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    const opName = e.path.replace(/[^A-Za-z]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, "") || "Landing";
    paths[`/api/twin/v1${e.path}`] = {
      get: { summary: e.summary, operationId: `get${opName}`, parameters: parameters(e), responses },
      ...(e.postBody
        ? {
            post: {
              summary: e.postBody.summary,
              operationId: `post${opName}`,
              requestBody: {
                required: true,
                content: { "application/json": { schema: { $ref: `#/components/schemas/${e.postBody.name}` } } },
              },
              responses: {
                ...responses,
                "413": { description: "Body too large", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
                "415": { description: "Body is not JSON", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
              },
            },
          }
        : {}),
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "TwinOps twin API",
      version: "1",
      description:
        "Digital twin city data: assets (GeoJSON), latest values, bucketed series, KPIs, alerts and live events. " +
        "Instants and durations are ISO 8601; errors are application/problem+json.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: { schemas: components() },
  };
  return cached;
}
