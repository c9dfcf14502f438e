/**
 * A SensorThings API 1.1 server for tests, on node:http: replays the recorded responses of
 * test/fixtures/sensorthings for Things (paging, expansions) and answers Observations of a
 * Datastream from a list the test holds, honouring `$filter=phenomenonTime gt <instant>`,
 * `$orderby=phenomenonTime asc`, `$top`, `$skip` and `$select` with `@iot.nextLink` as
 * FROST-Server makes it. Every request is recorded for the test to inspect.
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";

const FIXTURES = path.join(process.cwd(), "test/fixtures/sensorthings");

export interface StaObservationRecord {
  phenomenonTime: string;
  result: unknown;
}

export interface StaServer {
  /** Service root, `http://127.0.0.1:<port>/FROST-Server/v1.1`. */
  base: string;
  /** Paths with query strings, decoded, in arrival order. */
  requests: string[];
  /** Observations per Datastream id, as the server stores them. */
  observations: Map<string, StaObservationRecord[]>;
  close(): Promise<void>;
}

function fixture(name: string, base: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8").replaceAll("{base}", base));
}

/** Starts the server on `port` (default: a free one). */
export async function startStaServer(port = 0): Promise<StaServer> {
  const requests: string[] = [];
  const observations = new Map<string, StaObservationRecord[]>();
  let base = "";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(decodeURIComponent(url.pathname + url.search));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname.replace(/^\/FROST-Server\/v1\.1/, "");
    const q = url.searchParams;
    if (p === "/Things") {
      // The source must ask for the expansions it maps from; FROST answers without them otherwise.
      if (!q.has("$skip") && !/Datastreams\(.*ObservedProperty/.test(q.get("$expand") ?? "")) return send(400, { code: 400, type: "error", message: "test server: expected $expand of Datastreams with ObservedProperty" });
      return send(200, fixture(q.get("$skip") === "3" ? "things-2.json" : "things-1.json", base));
    }
    if (p === "/Things(5)/Datastreams" && q.get("$skip") === "1") return send(200, fixture("thing-5-datastreams-2.json", base));
    const m = /^\/Datastreams\((\d+)\)\/Observations$/.exec(p);
    if (m) {
      const filter = q.get("$filter") ?? "";
      const gt = /^phenomenonTime gt (\S+)$/.exec(filter);
      if (filter && !gt) return send(400, { code: 400, type: "error", message: `test server: unsupported $filter ${filter}` });
      const after = gt ? Date.parse(gt[1]!) : -Infinity;
      if (Number.isNaN(after)) return send(400, { code: 400, type: "error", message: "Invalid time" });
      const all = (observations.get(m[1]!) ?? [])
        .filter((o) => Date.parse(o.phenomenonTime.split("/").pop()!) > after)
        .sort((a, b) => Date.parse(a.phenomenonTime) - Date.parse(b.phenomenonTime));
      const top = Number(q.get("$top") ?? 100);
      const skip = Number(q.get("$skip") ?? 0);
      const select = q.get("$select")?.split(",");
      const value = all.slice(skip, skip + top).map((o, k) => {
        const full: Record<string, unknown> = {
          "@iot.selfLink": `${base}/Observations(${m[1]}${skip + k})`,
          "@iot.id": Number(`${m[1]}${skip + k}`),
          phenomenonTime: o.phenomenonTime,
          resultTime: o.phenomenonTime,
          result: o.result,
        };
        return select ? Object.fromEntries(Object.entries(full).filter(([k2]) => select.includes(k2))) : full;
      });
      const body: Record<string, unknown> = { value };
      if (skip + top < all.length) {
        const next = new URLSearchParams(q);
        next.set("$skip", String(skip + top));
        body["@iot.nextLink"] = `${base}/Datastreams(${m[1]})/Observations?${next}`;
      }
      return send(200, body);
    }
    send(404, { code: 404, type: "error", message: "Nothing found." });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/FROST-Server/v1.1`;
  return {
    base,
    requests,
    observations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
