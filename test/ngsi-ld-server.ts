/**
 * An NGSI-LD broker for tests, on node:http, replaying test/fixtures/ngsi-ld: entities by type
 * paged by `limit`/`offset` (`NGSILD-Results-Count` with `count=true`), the temporal API filtered
 * by `timerel=after&timeAt` and `attrs`, and subscriptions (201 Created, then 409 for the same id,
 * PATCH to update). Requests are recorded with their headers and bodies.
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";

const FIXTURES = path.join(process.cwd(), "test/fixtures/ngsi-ld");
type Entity = Record<string, unknown> & { id: string; type: string };

export interface NgsiRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface NgsiServer {
  url: string;
  requests: NgsiRequest[];
  /** Entities per type (the test may change them). */
  entities: Record<string, Entity[]>;
  close(): Promise<void>;
}

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, Entity[]>;

/** Only the asked attributes (and id, type) of an entity, as `attrs` makes a broker answer. */
function pick(e: Entity, attrs: string[] | null): Entity {
  if (!attrs) return e;
  return Object.fromEntries(Object.entries(e).filter(([k]) => k === "id" || k === "type" || attrs.includes(k))) as Entity;
}

export async function startNgsiServer(): Promise<NgsiServer> {
  const entities = load("entities.json");
  const temporal = load("temporal.json");
  const subscriptions = new Set<string>();
  const requests: NgsiRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = raw ? (JSON.parse(raw) as unknown) : null;
      requests.push({ method: req.method ?? "GET", url: decodeURIComponent(url.pathname + url.search), headers: req.headers, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const q = url.searchParams;
      const attrs = q.get("attrs")?.split(",") ?? null;
      if (req.method === "GET" && (url.pathname === "/ngsi-ld/v1/entities" || url.pathname === "/ngsi-ld/v1/temporal/entities")) {
        const type = q.get("type");
        if (!type) return send(400, { type: "https://uri.etsi.org/ngsi-ld/errors/BadRequestData", title: "type or attrs needed" });
        const limit = Number(q.get("limit") ?? 20);
        const offset = Number(q.get("offset") ?? 0);
        let all = (url.pathname.includes("temporal") ? temporal : entities)[type] ?? [];
        if (url.pathname.includes("temporal")) {
          const after = Date.parse(q.get("timeAt") ?? "");
          if (q.get("timerel") !== "after" || Number.isNaN(after)) return send(400, { type: "https://uri.etsi.org/ngsi-ld/errors/BadRequestData", title: "timerel=after&timeAt expected" });
          // Instances at or before timeAt are left out, in either form.
          all = all.map((e) =>
            Object.fromEntries(
              Object.entries(e).map(([k, v]) => {
                if (Array.isArray(v)) return [k, v.filter((i: { observedAt?: string }) => Date.parse(i.observedAt ?? "") > after)];
                const values = (v as { values?: [unknown, string][] }).values;
                return values ? [k, { ...(v as object), values: values.filter(([, t]) => Date.parse(t) > after) }] : [k, v];
              }),
            ) as Entity,
          );
        }
        const page = all.slice(offset, offset + limit).map((e) => pick(e, attrs));
        return send(200, page, q.get("count") === "true" ? { "NGSILD-Results-Count": String(all.length) } : {});
      }
      if (req.method === "POST" && url.pathname === "/ngsi-ld/v1/subscriptions") {
        const id = (body as { id?: string }).id ?? "urn:ngsi-ld:Subscription:generated";
        if (subscriptions.has(id)) return send(409, { type: "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists", title: "Subscription already exists", detail: id });
        subscriptions.add(id);
        return send(201, undefined, { location: `/ngsi-ld/v1/subscriptions/${id}` });
      }
      if (req.method === "PATCH" && url.pathname.startsWith("/ngsi-ld/v1/subscriptions/")) {
        return subscriptions.has(decodeURIComponent(url.pathname.split("/").pop()!)) ? send(204, undefined) : send(404, { type: "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound" });
      }
      send(404, { type: "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound", title: "no such resource" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    entities,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
