/**
 * The OpenAPI 3.0 definition of `/api/ogc` (the `oas30` conformance class): every path, the
 * parameters with their limits (GIS clients read `limit`'s maximum from here), and the problem
 * envelope of every error. Written out, not generated: OGC clients expect the shapes of the
 * standard's own building blocks (collections, features, exceptions).
 */
import { ITEMS_LIMIT } from "./params";

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const json = (schema: object, type = "application/json") => ({ content: { [type]: { schema } } });

const problems = {
  "400": { description: "A parameter is malformed or not defined by this API.", ...json(ref("schemas/Problem"), "application/problem+json") },
  "401": { description: "No valid credential: send a read token as `Authorization: Bearer twk_…`.", ...json(ref("schemas/Problem"), "application/problem+json") },
  "403": { description: "The credential does not reach this domain.", ...json(ref("schemas/Problem"), "application/problem+json") },
  "429": { description: "Too many requests; see Retry-After.", ...json(ref("schemas/Problem"), "application/problem+json") },
  "503": { description: "The twin's store cannot answer now.", ...json(ref("schemas/Problem"), "application/problem+json") },
};
const notFound = { "404": { description: "No such collection or item.", ...json(ref("schemas/Problem"), "application/problem+json") } };

const f = { name: "f", in: "query", required: false, schema: { type: "string", enum: ["json", "geojson"] }, description: "Encoding: JSON (GeoJSON for features) is the only one served." };
const collectionId = { name: "collectionId", in: "path", required: true, schema: { type: "string", enum: ["assets", "alerts", "districts"] } };
const featureId = { name: "featureId", in: "path", required: true, schema: { type: "string" }, description: "The feature's id (an NGSI-LD URN for assets and alerts, the district id for districts)." };

const itemsParams = [
  collectionId,
  {
    name: "limit",
    in: "query",
    required: false,
    style: "form",
    explode: false,
    schema: { type: "integer", minimum: 1, maximum: ITEMS_LIMIT.max, default: ITEMS_LIMIT.default },
    description: `Features per page, 1 to ${ITEMS_LIMIT.max} (a larger value is served as ${ITEMS_LIMIT.max}).`,
  },
  {
    name: "bbox",
    in: "query",
    required: false,
    style: "form",
    explode: false,
    schema: { type: "array", minItems: 4, maxItems: 6, items: { type: "number" } },
    description: "minLon,minLat,maxLon,maxLat (or with heights, 6 numbers) in CRS84; features whose extent meets the box.",
  },
  {
    name: "datetime",
    in: "query",
    required: false,
    style: "form",
    explode: false,
    schema: { type: "string" },
    description:
      "An RFC 3339 instant with offset, or an interval start/end where `..` or an empty end is open. Alerts active at the instant " +
      "or during the interval; assets and districts have no time of their own and are all selected.",
  },
  { name: "cursor", in: "query", required: false, schema: { type: "string" }, description: "Paging: taken from a `next` or `prev` link as it is." },
  f,
];

const link = { type: "object", required: ["href", "rel"], properties: { href: { type: "string" }, rel: { type: "string" }, type: { type: "string" }, title: { type: "string" } } };

export function ogcOpenApi(serverUrl: string) {
  return {
    openapi: "3.0.3",
    info: {
      title: "TwinOps OGC API Features",
      version: "1.0.0",
      description: "Assets, alerts and districts of a TwinOps twin (OGC API Features Part 1: Core, GeoJSON, OpenAPI 3.0).",
      license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths: {
      "/": { get: { operationId: "getLandingPage", summary: "Landing page", security: [], parameters: [f], responses: { "200": { description: "Links to the API definition, conformance and collections.", ...json(ref("schemas/LandingPage")) }, ...problems } } },
      "/conformance": { get: { operationId: "getConformance", summary: "Conformance classes", security: [], parameters: [f], responses: { "200": { description: "The conformance classes this API implements.", ...json(ref("schemas/Conformance")) }, ...problems } } },
      "/api": { get: { operationId: "getApi", summary: "This API definition", security: [], responses: { "200": { description: "OpenAPI 3.0", content: { "application/vnd.oai.openapi+json;version=3.0": { schema: { type: "object" } } } } } } },
      "/collections": { get: { operationId: "getCollections", summary: "The feature collections", parameters: [f], responses: { "200": { description: "Collections with their extents.", ...json(ref("schemas/Collections")) }, ...problems } } },
      "/collections/{collectionId}": { get: { operationId: "describeCollection", summary: "One collection", parameters: [collectionId, f], responses: { "200": { description: "The collection.", ...json(ref("schemas/Collection")) }, ...problems, ...notFound } } },
      "/collections/{collectionId}/items": {
        get: {
          operationId: "getFeatures",
          summary: "Features of a collection, one page",
          parameters: itemsParams,
          responses: { "200": { description: "A GeoJSON FeatureCollection with paging links.", ...json(ref("schemas/FeatureCollection"), "application/geo+json") }, ...problems, ...notFound },
        },
      },
      "/collections/{collectionId}/items/{featureId}": {
        get: { operationId: "getFeature", summary: "One feature", parameters: [collectionId, featureId, f], responses: { "200": { description: "A GeoJSON Feature.", ...json(ref("schemas/Feature"), "application/geo+json") }, ...problems, ...notFound } },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal read token (`twk_…`), made under My account → API tokens." },
        cookieAuth: { type: "apiKey", in: "cookie", name: "twinops_session" },
      },
      schemas: {
        Link: link,
        LandingPage: { type: "object", required: ["links"], properties: { title: { type: "string" }, description: { type: "string" }, links: { type: "array", items: ref("schemas/Link") } } },
        Conformance: { type: "object", required: ["conformsTo"], properties: { conformsTo: { type: "array", items: { type: "string" } } } },
        Collection: {
          type: "object",
          required: ["id", "links"],
          properties: {
            id: { type: "string" },
            title: { type: "string" },
            description: { type: "string" },
            itemType: { type: "string" },
            crs: { type: "array", items: { type: "string" } },
            links: { type: "array", items: ref("schemas/Link") },
            extent: {
              type: "object",
              properties: {
                spatial: { type: "object", properties: { bbox: { type: "array", items: { type: "array", items: { type: "number" } } }, crs: { type: "string" } } },
                temporal: { type: "object", properties: { interval: { type: "array", items: { type: "array", items: { type: "string", format: "date-time", nullable: true } } }, trs: { type: "string" } } },
              },
            },
          },
        },
        Collections: { type: "object", required: ["links", "collections"], properties: { links: { type: "array", items: ref("schemas/Link") }, collections: { type: "array", items: ref("schemas/Collection") } } },
        Feature: {
          type: "object",
          required: ["type", "geometry", "properties"],
          properties: { type: { type: "string", enum: ["Feature"] }, id: { type: "string" }, geometry: { type: "object" }, properties: { type: "object", nullable: true }, links: { type: "array", items: ref("schemas/Link") } },
        },
        FeatureCollection: {
          type: "object",
          required: ["type", "features"],
          properties: {
            type: { type: "string", enum: ["FeatureCollection"] },
            features: { type: "array", items: ref("schemas/Feature") },
            links: { type: "array", items: ref("schemas/Link") },
            timeStamp: { type: "string", format: "date-time" },
            numberMatched: { type: "integer", minimum: 0 },
            numberReturned: { type: "integer", minimum: 0 },
          },
        },
        Problem: {
          type: "object",
          required: ["type", "title", "status", "code", "detail"],
          description: "RFC 9457 problem document; `errors` names the parameters at fault.",
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            code: { type: "string" },
            detail: { type: "string" },
            errors: { type: "array", items: { type: "object", properties: { parameter: { type: "string" }, message: { type: "string" } } } },
          },
        },
      },
    },
  };
}
