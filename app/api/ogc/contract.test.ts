/**
 * Contract tests of OGC API Features at /api/ogc and of personal read tokens (/api/account/tokens),
 * on both backends: the embedded SQLite twin with the SQLite operations store, and the PostgreSQL
 * twin with the PostgreSQL operations store (a fresh schema on the throwaway server, skipped
 * loudly without one). Shenzhen with six hours of history: ~2,950 assets and a few dozen alerts.
 * Route handlers are called with plain Requests carrying a read token, as GDAL or QGIS would send.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/handler";
import { csrfToken } from "@/lib/auth/server";
import { ProblemSchema } from "@/lib/twin-client/schemas";
import { CONFORMANCE, CRS84 } from "@/lib/ogc/server";
import { PgOpsStore } from "@/lib/ops/pg-store";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import type { OperationsStore, UserRecord } from "@/lib/ops/port";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { manualClock } from "@/lib/twin/simulator/clock";
import { setTwinForTesting } from "@/lib/twin/runtime";
import type { TwinPort } from "@/lib/twin/source";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { openPgTwin } from "@/lib/twin/sources/pg-port";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import pg from "pg";

import { GET as landing } from "./route";
import { GET as conformance } from "./conformance/route";
import { GET as api } from "./api/route";
import { GET as collections } from "./collections/route";
import { GET as collection } from "./collections/[collection]/route";
import { GET as items } from "./collections/[collection]/items/route";
import { GET as item } from "./collections/[collection]/items/[id]/route";
import { GET as myTokens, POST as createToken } from "../account/tokens/route";
import { DELETE as revokeToken } from "../account/tokens/[id]/route";
import { POST as latestPost } from "../twin/v1/latest/route";
import { GET as twinAssets } from "../twin/v1/assets/route";

const ORIGIN = "http://twinops.test";
const START = new Date("2026-07-15T12:00:00+08:00");
const pgUrl = testPgUrl();

interface Opened {
  port: TwinPort;
  ops: OperationsStore;
  /** Audit actions recorded against a target, oldest first. */
  audit(target: string): Promise<string[]>;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  open(): Promise<Opened>;
  timeoutMs: number;
}

const embedded: Backend = {
  name: "embedded SQLite twin + SQLite operations store",
  timeoutMs: 60_000,
  async open() {
    const ops = new SqliteOpsStore(":memory:");
    const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 0.25, tickSeconds: 0, clock: manualClock(START) });
    return {
      port: embeddedPort(twin),
      ops,
      audit: async (target) => ops.db.prepare<[string], { action: string }>("SELECT action FROM audit WHERE target = ? ORDER BY seq").all(target).map((r) => r.action),
      close: async () => {
        twin.close();
        await ops.close();
      },
    };
  },
};

const postgres: Backend = {
  name: "PostgreSQL twin + PostgreSQL operations store",
  timeoutMs: 240_000,
  async open() {
    const url = pgUrl!;
    const schema = freshSchemaName("ogc");
    const port = await openPgTwin({ url, schema, city: "shenzhen", seed: 42, backfillDays: 0.25, tickSeconds: 0, clock: manualClock(START) });
    const ops = await PgOpsStore.open(url, { schema: opsSchemaName(schema), max: 2 });
    return {
      port,
      ops,
      async audit(target) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const r = await c.query<{ action: string }>(`SELECT action FROM "${opsSchemaName(schema)}".audit WHERE target = $1 ORDER BY seq`, [target]);
          return r.rows.map((x) => x.action);
        } finally {
          await c.end();
        }
      },
      close: async () => {
        await port.close();
        await ops.close();
        await dropSchema(url, schema);
        await dropSchema(url, opsSchemaName(schema));
      },
    };
  },
};

describe(embedded.name, () => contract(embedded));
// Without a server the setup (test/postgres.ts) prints why these are skipped.
describe.skipIf(!pgUrl)(postgres.name, () => contract(postgres));

interface Link {
  href: string;
  rel: string;
  type?: string;
}
interface Fc {
  type: string;
  features: { id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  links: Link[];
  numberMatched?: number;
  numberReturned: number;
  timeStamp: string;
}

const linkOf = (links: Link[], rel: string) => links.find((l) => l.rel === rel)?.href;

async function body<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function problemOf(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(JSON.parse(text));
}

function contract(backend: Backend) {
  let opened: Opened;
  let ops: OperationsStore;
  let port: TwinPort;
  let admin: UserRecord;
  let analyst: UserRecord;
  /** Read tokens: the admin's (every domain) and a transport-only viewer's. */
  let full: string;
  let transport: string;
  let totalAssets: number;

  beforeAll(async () => {
    opened = await backend.open();
    ({ ops, port } = opened);
    setOpsStoreForTesting(ops);
    setTwinForTesting(port);
    admin = await ops.createUser({ username: "ana", role: "admin" }, null);
    analyst = await ops.createUser({ username: "tom", role: "viewer", domains: ["transport"] }, null);
    const by = (u: UserRecord) => ({ actor: u.username, role: u.role });
    full = (await ops.issueToken("read", "qgis", [], by(admin), Date.now(), { ownerId: admin.id })).token;
    transport = (await ops.issueToken("read", "script", [], by(analyst), Date.now(), { ownerId: analyst.id })).token;
    totalAssets = (await port.listAssets({ limit: 1 })).total;
  }, backend.timeoutMs);

  afterAll(async () => {
    setTwinForTesting(undefined);
    setOpsStoreForTesting(undefined);
    await opened?.close();
  });

  function call(handler: RouteHandler, url: string, init: { token?: string | null; params?: Record<string, string>; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const token = init.token === undefined ? full : init.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const request = new Request(url.startsWith("http") ? url : `${ORIGIN}${url}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return handler(request, { params: Promise.resolve(init.params ?? {}) });
  }
  /** Items of a collection at an absolute or relative URL (links are absolute). */
  const page = (url: string, token?: string | null) => {
    const collectionId = /\/collections\/([^/?]+)\/items/.exec(url)![1]!;
    return call(items, url, { token, params: { collection: collectionId } });
  };

  describe("landing page, conformance, API definition", () => {
    it("the landing page links the API definition, conformance and collections with absolute URLs, without a credential", async () => {
      const res = await call(landing, "/api/ogc", { token: null });
      const doc = await body<{ title: string; links: Link[] }>(res);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(doc.title).toContain("Shenzhen");
      expect(linkOf(doc.links, "service-desc")).toBe(`${ORIGIN}/api/ogc/api`);
      expect(doc.links.find((l) => l.rel === "service-desc")?.type).toBe("application/vnd.oai.openapi+json;version=3.0");
      expect(linkOf(doc.links, "conformance")).toBe(`${ORIGIN}/api/ogc/conformance`);
      expect(linkOf(doc.links, "data")).toBe(`${ORIGIN}/api/ogc/collections`);
      expect(linkOf(doc.links, "self")).toBe(`${ORIGIN}/api/ogc`);
    });

    it("declares core, GeoJSON and OpenAPI 3.0 conformance, and nothing it does not implement (no HTML)", async () => {
      const doc = await body<{ conformsTo: string[] }>(await call(conformance, "/api/ogc/conformance", { token: null }));
      expect(doc.conformsTo.sort()).toEqual([...CONFORMANCE].sort());
      expect(doc.conformsTo.some((c) => c.endsWith("/html"))).toBe(false);
    });

    it("serves an OpenAPI 3.0 definition naming every path and limit's maximum", async () => {
      const res = await call(api, "/api/ogc/api", { token: null });
      expect(res.headers.get("content-type")).toBe("application/vnd.oai.openapi+json;version=3.0");
      const doc = await body<{ openapi: string; servers: { url: string }[]; paths: Record<string, { get: { parameters?: { name: string; schema: { maximum?: number } }[] } }> }>(res);
      expect(doc.openapi).toMatch(/^3\.0\./);
      expect(doc.servers[0]!.url).toBe(`${ORIGIN}/api/ogc`);
      expect(Object.keys(doc.paths).sort()).toEqual(
        ["/", "/api", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}", "/conformance"].sort(),
      );
      expect(doc.paths["/collections/{collectionId}/items"]!.get.parameters!.find((p) => p.name === "limit")!.schema.maximum).toBe(1000);
    });

    it("answers `f=html` and unknown parameters with 400 in the problem envelope", async () => {
      expect((await problemOf(await call(landing, "/api/ogc?f=html", { token: null }), 400)).errors?.[0]?.parameter).toBe("f");
      expect((await problemOf(await call(conformance, "/api/ogc/conformance?foo=1", { token: null }), 400)).detail).toContain("query");
    });
  });

  describe("collections", () => {
    it("lists assets, alerts and districts with CRS84 extents inside the city; 401 without a credential", async () => {
      await problemOf(await call(collections, "/api/ogc/collections", { token: null }), 401);
      const doc = await body<{ collections: { id: string; crs: string[]; extent: { spatial: { bbox: number[][]; crs: string }; temporal: { interval: (string | null)[][] } }; links: Link[] }[] }>(
        await call(collections, "/api/ogc/collections"),
      );
      expect(doc.collections.map((c) => c.id)).toEqual(["assets", "alerts", "districts"]);
      for (const c of doc.collections) {
        expect(c.crs).toEqual([CRS84]);
        expect(c.extent.spatial.crs).toBe(CRS84);
        const [w, s, e, n] = c.extent.spatial.bbox[0]!;
        expect(w! > 113 && e! < 115 && s! > 22 && n! < 23 && w! < e! && s! < n!, `${c.id}: ${c.extent.spatial.bbox[0]}`).toBe(true);
        expect(linkOf(c.links, "items")).toBe(`${ORIGIN}/api/ogc/collections/${c.id}/items`);
      }
      const alerts = doc.collections.find((c) => c.id === "alerts")!;
      expect(Date.parse(alerts.extent.temporal.interval[0]![0]!)).toBeLessThan(START.getTime());
    });

    it("one collection by id; an unknown one is 404", async () => {
      const doc = await body<{ id: string }>(await call(collection, "/api/ogc/collections/districts", { params: { collection: "districts" } }));
      expect(doc.id).toBe("districts");
      await problemOf(await call(collection, "/api/ogc/collections/roads", { params: { collection: "roads" } }), 404);
      await problemOf(await call(items, "/api/ogc/collections/roads/items", { params: { collection: "roads" } }), 404);
    });
  });

  describe("items", () => {
    it("pages through every asset by `next` links (keyset: no overlap, no gap), and back by `prev` links to the first page", async () => {
      let url: string | undefined = "/api/ogc/collections/assets/items?limit=700";
      const pages: string[][] = [];
      let matched = -1;
      while (url) {
        const res = await page(url);
        expect(res.headers.get("content-type")).toContain("application/geo+json");
        const fc = await body<Fc>(res);
        expect(fc.type).toBe("FeatureCollection");
        expect(fc.numberReturned).toBe(fc.features.length);
        expect(Number.isNaN(Date.parse(fc.timeStamp))).toBe(false);
        matched = fc.numberMatched!;
        pages.push(fc.features.map((f) => f.id));
        expect(linkOf(fc.links, "self")).toBeDefined();
        if (pages.length === 1) expect(linkOf(fc.links, "prev")).toBeUndefined();
        else expect(linkOf(fc.links, "prev")).toMatch(/^http:\/\/twinops\.test\/api\/ogc\/collections\/assets\/items\?limit=700&cursor=p\./);
        url = linkOf(fc.links, "next");
      }
      const ids = pages.flat();
      expect(matched).toBe(totalAssets);
      expect(ids.length).toBe(totalAssets);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages.length).toBe(Math.ceil(totalAssets / 700));
      // Back from the last page by `prev`: the same pages, in reverse.
      let back: string | undefined = `/api/ogc/collections/assets/items?limit=700&cursor=n.${Buffer.from(pages.at(-2)!.at(-1)!).toString("base64url")}`;
      const seen: string[][] = [];
      while (back) {
        const fc = await body<Fc>(await page(back));
        seen.unshift(fc.features.map((f) => f.id));
        back = linkOf(fc.links, "prev");
      }
      expect(seen).toEqual(pages);
    });

    it("asset features carry id, type, domain, names in English and Chinese, district, capacity with unit and latest status", async () => {
      const a = (await port.listAssets({ type: "Substation", limit: 1 })).assets[0]!;
      const sub = await body<{ id: string; properties: Record<string, unknown>; links: Link[] }>(
        await call(item, `/api/ogc/collections/assets/items/${encodeURIComponent(a.id)}`, { params: { collection: "assets", id: a.id } }),
      );
      expect(sub.properties).toMatchObject({ id: a.id, type: "Substation", domain: "energy", district: a.district, capacity: a.properties.capacityMW, capacity_unit: "MW" });
      expect(sub.properties.name_en).toBe(a.name.en);
      expect(sub.properties.name_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(["normal", "warning", "critical", "offline"]).toContain(sub.properties.status);
      expect(Number.isNaN(Date.parse(String(sub.properties.statusAsOf)))).toBe(false);
      expect(linkOf(sub.links, "collection")).toBe(`${ORIGIN}/api/ogc/collections/assets`);
      // The same properties in a page of items (a box around it).
      if (a.geometry.type !== "Point") throw new Error("substations are points");
      const [x, y] = a.geometry.coordinates as [number, number];
      const fc = await body<Fc>(await page(`/api/ogc/collections/assets/items?bbox=${x - 1e-6},${y - 1e-6},${x + 1e-6},${y + 1e-6}`));
      expect(fc.features.find((f) => f.id === a.id)?.properties).toEqual(sub.properties);
      await problemOf(await call(item, "/api/ogc/collections/assets/items/nope", { params: { collection: "assets", id: "nope" } }), 404);
    });

    it("bbox keeps the features whose extent meets the box, counted by numberMatched; 6 numbers (with heights) are the same box", async () => {
      const box = [114.0, 22.5, 114.1, 22.6];
      const fc = await body<Fc>(await page(`/api/ogc/collections/assets/items?limit=1000&bbox=${box.join(",")}`));
      expect(fc.numberMatched!).toBeGreaterThan(0);
      expect(fc.numberMatched!).toBeLessThan(totalAssets);
      for (const f of fc.features.filter((x) => x.geometry.type === "Point")) {
        const [x, y] = f.geometry.coordinates as [number, number];
        expect(x >= box[0]! && x <= box[2]! && y >= box[1]! && y <= box[3]!, `${f.id} at ${x},${y}`).toBe(true);
      }
      const six = await body<Fc>(await page(`/api/ogc/collections/assets/items?limit=1000&bbox=114.0,22.5,-10,114.1,22.6,500`));
      expect(six.numberMatched).toBe(fc.numberMatched);
      const districts = await body<Fc>(await page(`/api/ogc/collections/districts/items?bbox=${box.join(",")}`));
      expect(districts.numberMatched!).toBeGreaterThan(0);
      const all = await body<Fc>(await page("/api/ogc/collections/districts/items"));
      expect(districts.numberMatched!).toBeLessThan(all.numberMatched!);
      expect(all.features[0]!.properties).toMatchObject({ name_en: expect.any(String), name_zh: expect.any(String) });
    });

    it("limit is served up to its maximum (1000), and a larger one as the maximum", async () => {
      const fc = await body<Fc>(await page("/api/ogc/collections/assets/items?limit=5000"));
      expect(fc.numberReturned).toBe(1000);
      expect(linkOf(fc.links, "next")).toContain("limit=1000");
    });

    it("datetime selects alerts active at an instant or during an interval, with open ends", async () => {
      const all = await body<Fc>(await page("/api/ogc/collections/alerts/items?limit=1000"));
      expect(all.numberMatched!).toBeGreaterThan(5);
      const span = (f: Fc["features"][number]) => [Date.parse(String(f.properties.start)), f.properties.end === null ? Infinity : Date.parse(String(f.properties.end))] as const;
      const t = new Date(START.getTime() - 2 * 3600_000);
      const at = await body<Fc>(await page(`/api/ogc/collections/alerts/items?limit=1000&datetime=${t.toISOString()}`));
      const expectedAt = all.features.filter((f) => span(f)[0] <= t.getTime() && span(f)[1] > t.getTime()).map((f) => f.id);
      expect(at.features.map((f) => f.id)).toEqual(expectedAt);
      expect(at.numberMatched).toBe(expectedAt.length);
      const a = new Date(START.getTime() - 3 * 3600_000);
      const b = new Date(START.getTime() - 1 * 3600_000);
      const meets = (f: Fc["features"][number], lo: number, hi: number) => span(f)[0] <= hi && span(f)[1] > lo;
      for (const [q, lo, hi] of [
        [`${a.toISOString()}/${b.toISOString()}`, a.getTime(), b.getTime()],
        [`../${b.toISOString()}`, -Infinity, b.getTime()],
        [`${a.toISOString()}/..`, a.getTime(), Infinity],
        [`${a.toISOString()}/`, a.getTime(), Infinity],
      ] as const) {
        const got = await body<Fc>(await page(`/api/ogc/collections/alerts/items?limit=1000&datetime=${encodeURIComponent(q)}`));
        expect(got.features.map((f) => f.id), q).toEqual(all.features.filter((f) => meets(f, lo, hi)).map((f) => f.id));
      }
      const closed = await body<Fc>(await page(`/api/ogc/collections/alerts/items?limit=1000&datetime=${a.toISOString()}/${b.toISOString()}`));
      expect(closed.numberMatched!).toBeLessThan(all.numberMatched!);
      // Alerts page newest first, stable across pages, and the links keep the filter.
      const first = await body<Fc>(await page("/api/ogc/collections/alerts/items?limit=3&datetime=../.."));
      expect(first.features.map((f) => f.id)).toEqual(all.features.slice(0, 3).map((f) => f.id));
      const second = await body<Fc>(await page(linkOf(first.links, "next")!));
      expect(second.features.map((f) => f.id)).toEqual(all.features.slice(3, 6).map((f) => f.id));
      expect(linkOf(second.links, "next")).toContain("datetime=..%2F..");
      const back = await body<Fc>(await page(linkOf(second.links, "prev")!));
      expect(back.features.map((f) => f.id)).toEqual(all.features.slice(0, 3).map((f) => f.id));
      // Assets have no time of their own: a datetime is checked, and selects them all.
      expect((await body<Fc>(await page(`/api/ogc/collections/assets/items?limit=1&datetime=${t.toISOString()}`))).numberMatched).toBe(totalAssets);
    });

    it.each([
      ["bbox with 3 numbers", "bbox=114,22.5,114.1", "bbox"],
      ["bbox with a word", "bbox=114,22.5,east,22.6", "bbox"],
      ["bbox south above north", "bbox=114,22.6,114.1,22.5", "bbox"],
      ["limit=0", "limit=0", "limit"],
      ["limit=-5", "limit=-5", "limit"],
      ["limit=ten", "limit=ten", "limit"],
      ["datetime nonsense", "datetime=yesterday", "datetime"],
      ["datetime without offset", "datetime=2026-07-15T10:00:00", "datetime"],
      ["datetime 30 February", "datetime=2026-02-30T10:00:00Z", "datetime"],
      ["datetime interval backwards", "datetime=2026-07-15T10:00:00Z/2026-07-14T10:00:00Z", "datetime"],
      ["datetime with two slashes", "datetime=../../..", "datetime"],
      ["a forged cursor", "cursor=x.abc", "cursor"],
      ["an unknown parameter", "name=foo", "query"],
      ["a repeated parameter", "limit=5&limit=6", "limit"],
    ])("%s is a 400 in the problem envelope", async (_, q, parameter) => {
      const p = await problemOf(await page(`/api/ogc/collections/assets/items?${q}`), 400);
      expect(p.code).toBe("invalid_parameter");
      expect(p.errors?.map((e) => e.parameter)).toContain(parameter);
    });

    it("a cursor that decodes to no asset id is a 400, not a 500", async () => {
      const p = await problemOf(await page(`/api/ogc/collections/assets/items?cursor=n.${Buffer.from("nope").toString("base64url")}`), 400);
      expect(p.errors?.[0]?.parameter).toBe("cursor");
    });
  });

  describe("scope: a read token reads what its owner may read", () => {
    it("a transport-only token sees no energy assets or alerts, counts only transport, and gets 403 for an energy asset", async () => {
      let url: string | undefined = "/api/ogc/collections/assets/items?limit=1000";
      const domains = new Set<unknown>();
      let n = 0;
      let matched = 0;
      while (url) {
        const fc = await body<Fc>(await page(url, transport));
        fc.features.forEach((f) => domains.add(f.properties.domain));
        n += fc.numberReturned;
        matched = fc.numberMatched!;
        url = linkOf(fc.links, "next");
      }
      expect([...domains]).toEqual(["transport"]);
      expect(n).toBe((await port.listAssets({ domain: "transport", limit: 1 })).total);
      expect(matched).toBe(n);
      const alerts = await body<Fc>(await page("/api/ogc/collections/alerts/items?limit=1000", transport));
      expect(alerts.features.every((f) => f.properties.domain === "transport")).toBe(true);
      const energy = (await port.listAssets({ domain: "energy", limit: 1 })).assets[0]!;
      await problemOf(await call(item, "/x", { token: transport, params: { collection: "assets", id: energy.id } }), 403);
      // The same token on the twin API: narrowed the same way.
      const twin = await body<{ features: { properties: { domain: string } }[] }>(await call(twinAssets, "/api/twin/v1/assets?limit=50", { token: transport }));
      expect(new Set(twin.features.map((f) => f.properties.domain))).toEqual(new Set(["transport"]));
    });
  });

  describe("read token lifecycle", () => {
    async function sessionOf(u: UserRecord) {
      const sid = await ops.createSession(u.id);
      return { cookie: `twinops_session=${sid}.${await ops.sign(sid)}`, "x-csrf-token": await csrfToken(sid, ops), "sec-fetch-site": "same-origin" };
    }
    const assetsOk = async (token: string) => (await page("/api/ogc/collections/assets/items?limit=1", token)).status;

    it("a person creates a token for themself (secret once, audited), uses it, sees its last use, and revokes it (audited)", async () => {
      const s = await sessionOf(analyst);
      const made = await body<{ token: string; record: { id: string; kind: string; ownerId: string; expiresAt: number | null } }>(
        await call(createToken, "/api/account/tokens", { token: null, method: "POST", headers: s, body: { name: "notebook" } }),
      );
      expect(made.token).toMatch(/^twk_/);
      expect(made.record).toMatchObject({ kind: "read", ownerId: analyst.id, expiresAt: null });
      expect(await assetsOk(made.token)).toBe(200);
      const listed = await body<{ tokens: { id: string; lastUsedAt: number | null; name: string }[] }>(await call(myTokens, "/api/account/tokens", { token: null, headers: s }));
      const mine = listed.tokens.find((t) => t.id === made.record.id)!;
      expect(mine.name).toBe("notebook");
      expect(mine.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(made.token.split("_")[2]);
      // Only one's own tokens are listed, and another person cannot revoke them.
      const other = await sessionOf(admin);
      const theirs = await body<{ tokens: { id: string }[] }>(await call(myTokens, "/api/account/tokens", { token: null, headers: other }));
      expect(theirs.tokens.map((t) => t.id)).not.toContain(made.record.id);
      await problemOf(await call(revokeToken, "/x", { token: null, method: "DELETE", headers: other, params: { id: made.record.id } }), 404);
      await body(await call(revokeToken, "/x", { token: null, method: "DELETE", headers: s, params: { id: made.record.id } }));
      await problemOf(await page("/api/ogc/collections/assets/items?limit=1", made.token), 401);
      expect(await opened.audit(`token:${made.record.id}`)).toEqual(["token.issue", "token.revoke"]);
    });

    it("an expired token, a token without a session, and bad bodies are refused", async () => {
      const s = await sessionOf(analyst);
      const soon = await ops.issueToken("read", "short", [], { actor: "tom", role: "viewer" }, Date.now(), { ownerId: analyst.id, expiresAt: Date.now() + 400 });
      expect(await assetsOk(soon.token)).toBe(200);
      await new Promise((r) => setTimeout(r, 450));
      await problemOf(await page("/api/ogc/collections/assets/items?limit=1", soon.token), 401);
      // Creating tokens takes a signed-in person: a read token cannot make more.
      await problemOf(await call(createToken, "/api/account/tokens", { token: transport, method: "POST", body: { name: "more" } }), 403);
      await problemOf(await call(myTokens, "/api/account/tokens", { token: transport }), 403);
      for (const bad of [{ name: "" }, { name: "x", expiresAt: "2020-01-01T00:00:00Z" }, { name: "x", expiresAt: "tomorrow" }, { name: "x", scope: ["energy"] }]) {
        await problemOf(await call(createToken, "/api/account/tokens", { token: null, method: "POST", headers: s, body: bad }), 400);
      }
      // Beyond a year is refused; within it, kept.
      await problemOf(await call(createToken, "/api/account/tokens", { token: null, method: "POST", headers: s, body: { name: "x", expiresAt: "2099-01-01T00:00:00Z" } }), 400);
      const at = new Date(Date.now() + 30 * 86400_000).toISOString();
      const dated = await body<{ record: { expiresAt: number } }>(
        await call(createToken, "/api/account/tokens", { token: null, method: "POST", headers: s, body: { name: "dated", expiresAt: at } }),
      );
      expect(dated.record.expiresAt).toBe(Date.parse(at));
    });

    it("is read-only: any write with a read token is a 403, even from an admin's token", async () => {
      const p = await problemOf(await call(latestPost, "/api/twin/v1/latest", { method: "POST", body: { datastreams: ["x"] } }), 403);
      expect(p.code).toBe("read_only");
    });

    it("follows its owner: a disabled owner's token stops, and works again when re-enabled; a domain taken away is gone from it", async () => {
      const by = { actor: "ana", role: "admin" };
      const bob = await ops.createUser({ username: "bob", role: "viewer", domains: ["transport", "health"] }, null);
      const t = (await ops.issueToken("read", "bob's", [], { actor: "bob", role: "viewer" }, Date.now(), { ownerId: bob.id })).token;
      const domainsSeen = async () => {
        const fc = await body<Fc>(await page("/api/ogc/collections/assets/items?limit=1000", t));
        const out = new Set<unknown>();
        let next: string | undefined = linkOf(fc.links, "next");
        fc.features.forEach((f) => out.add(f.properties.domain));
        while (next) {
          const more = await body<Fc>(await page(next, t));
          more.features.forEach((f) => out.add(f.properties.domain));
          next = linkOf(more.links, "next");
        }
        return [...out].sort();
      };
      expect(await domainsSeen()).toEqual(["health", "transport"]);
      await ops.updateUser(bob.id, { disabled: true }, by);
      await problemOf(await page("/api/ogc/collections/assets/items?limit=1", t), 401);
      await ops.updateUser(bob.id, { disabled: false }, by);
      expect(await assetsOk(t)).toBe(200);
      await ops.updateUser(bob.id, { domains: ["health"] }, by);
      expect(await domainsSeen()).toEqual(["health"]);
    });
  });
}
