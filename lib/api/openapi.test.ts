import { describe, expect, it } from "vitest";
import { componentSchema, openApiDocument } from "./openapi";

interface Op {
  operationId: string;
  "x-twinops-access": string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; style?: string; explode?: boolean; schema: { type?: string } }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}

const doc = openApiDocument() as {
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
};
const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
const find = (path: string, method: string) => ops.find((o) => o.path === `/api/twin/v1${path}` && o.method === method)?.op;

describe("openApiDocument", () => {
  it("lists the POST-only endpoints and the admin audit trail", () => {
    expect(Object.keys(doc.paths["/api/twin/v1/alerts/{id}/actions"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/twin/v1/ingest/observations"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/twin/v1/audit"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/twin/v1/latest"] ?? {})).toEqual(["get", "post"]);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });

  it("defines the security schemes and a requirement on every operation", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie", name: "twinops_session" });
    for (const { op } of ops) {
      expect(Array.isArray(op.security), op.operationId).toBe(true);
      for (const requirement of op.security) for (const name of Object.keys(requirement)) expect(schemes).toHaveProperty([name]);
    }
    expect(find("", "get")?.security).toEqual([]);
    expect(find("/openapi.json", "get")?.security).toEqual([]);
    expect(find("/alerts/{id}/actions", "post")?.security).toEqual([{ cookieAuth: [], csrfToken: [] }]);
    expect(find("/ingest/observations", "post")?.security).toEqual([{ bearerAuth: [] }]);
    expect(find("/audit", "get")?.security).toEqual([{ cookieAuth: [] }]);
  });

  it("documents 401/403 on guarded operations only, 409 on alert actions, 429 everywhere", () => {
    for (const { op } of ops) {
      const statuses = Object.keys(op.responses);
      const guarded = op["x-twinops-access"] !== "public";
      expect(statuses.includes("401"), op.operationId).toBe(guarded);
      expect(statuses.includes("403"), op.operationId).toBe(guarded);
      expect(statuses, op.operationId).toEqual(expect.arrayContaining(["200", "400", "429", "500"]));
      if (op.requestBody) expect(statuses, op.operationId).toEqual(expect.arrayContaining(["413", "415"]));
    }
    expect(Object.keys(find("/alerts/{id}/actions", "post")?.responses ?? {})).toEqual(expect.arrayContaining(["404", "409", "422"]));
  });

  it("spells comma-separated lists as form arrays", () => {
    const agg = find("/series", "get")?.parameters?.find((p) => p.name === "agg");
    expect(agg).toMatchObject({ style: "form", explode: false, schema: { type: "array" } });
  });

  it("has the zod schema behind every body it references", () => {
    for (const { op } of ops) {
      const refs = [
        ...Object.values(op.requestBody?.content ?? {}),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {})),
      ].flatMap((m) => (m.schema.$ref ? [m.schema.$ref.replace("#/components/schemas/", "")] : []));
      for (const name of refs) {
        expect(componentSchema(name), name).toBeDefined();
        expect(doc.components.schemas).toHaveProperty([name]);
      }
    }
  });
});
