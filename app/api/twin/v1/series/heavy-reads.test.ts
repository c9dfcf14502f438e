/**
 * Expensive series reads of the embedded twin in worker threads (lib/twin/sources/series-pool.ts): the same bytes
 * as the inline read, the same errors, and the main thread free meanwhile (a light request
 * completes while an expensive one is in flight: ordering, not timing). Real worker threads on a
 * real SQLite file; the route handlers are called as the contract tests call them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/handler";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { kpisKey, seriesKey } from "@/lib/twin-client/keys";
import { ProblemSchema } from "@/lib/twin-client/schemas";
import { getSeries, getSeriesBody } from "@/lib/twin-client/server";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { UnknownIdError, type SeriesQuery, type TwinPort } from "@/lib/twin/source";
import type { Aggregate } from "@/lib/twin/types";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { GET as seriesRoute } from "./route";
import { GET as kpisRoute } from "../kpis/route";

const NOW = new Date("2026-07-15T10:00:00Z");
let dir: string;
let twin: EmbeddedTwin;
/** With one worker thread, and without (inline, in turns): the same twin and file. */
let pooled: TwinPort;
let inline: TwinPort;
let ops: SqliteOpsStore;
let ids: string[];
let auth: { authorization: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-series-pool-"));
  const file = path.join(dir, "twin.db");
  twin = createEmbeddedTwin({ dbPath: file, city: "demo-harbour", seed: 3, backfillDays: 1, tickSeconds: 0, clock: manualClock(NOW) });
  pooled = embeddedPort(twin, { seriesWorkers: { file, size: 1 } });
  inline = embeddedPort(twin);
  ids = [];
  for (const a of (await pooled.listAssets({ limit: 40 })).assets) {
    for (const d of (await pooled.getAsset(a.id))!.datastreams) if (ids.length < 12) ids.push(d.id);
  }
  ops = new SqliteOpsStore(":memory:");
  auth = { authorization: `Bearer ${(await ops.issueToken("device", "series pool test", ["city"], { actor: "test", role: "-" })).token}` };
});

afterAll(async () => {
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  await pooled?.close();
  await ops?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const AGGS: Aggregate[] = ["avg", "min", "max", "sum", "count", "last"];
const query = (datastreams: string[], days = 1, aggs = AGGS): SeriesQuery => ({
  datastreams,
  from: new Date(NOW.getTime() - days * 86400_000),
  to: NOW,
  stepSeconds: 300,
  aggs,
});

describe("embedded series in a worker thread", () => {
  it("answers the same bytes as the inline read, whichever path serves it", async () => {
    expect(ids.length).toBe(12);
    for (const q of [query(ids), query([ids[0]!, ids[0]!, ids[3]!], 1, ["avg"]), query(ids.slice(0, 2), 2, ["count", "last"])]) {
      const expected = JSON.stringify(await inline.series(q));
      expect(expected.length).toBeGreaterThan(1000);
      expect(await pooled.seriesJson(q)).toBe(expected);
      expect(await inline.seriesJson(q)).toBe(expected);
    }
  });

  it("rejects unknown datastreams as the inline read does (UnknownIdError naming them all)", async () => {
    const q = query([ids[0]!, "urn:ngsi-ld:Nope:x:1:a", "urn:ngsi-ld:Nope:x:2:b"]);
    const err = await pooled.seriesJson(q).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownIdError);
    expect((err as UnknownIdError).ids).toEqual(["urn:ngsi-ld:Nope:x:1:a", "urn:ngsi-ld:Nope:x:2:b"]);
  });

  describe("through the API", () => {
    beforeAll(() => {
      setTwinForTesting(pooled);
      setOpsStoreForTesting(ops);
    });
    const call = (handler: RouteHandler, p: string) => handler(new Request(`http://localhost${p}`, { headers: auth }), { params: Promise.resolve({}) });
    const heavy = (k: number) =>
      seriesKey({ datastreams: ids, from: new Date(NOW.getTime() - 86400_000), to: new Date(NOW.getTime() - k * 1000), agg: AGGS, maxPoints: 300 });

    it("sends an expensive read's bytes as getSeries would serialise them", async () => {
      const url = new URL(`http://localhost${heavy(1)}`);
      const q = { datastreams: ids, from: new Date(url.searchParams.get("from")!), to: new Date(url.searchParams.get("to")!), agg: AGGS, maxPoints: 300 };
      const res = await call(seriesRoute, heavy(1));
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toBe(JSON.stringify(await getSeries(q)));
      expect(text).toBe((await getSeriesBody(q)).text);
    });

    it("completes a light request while an expensive one is in flight, and refuses the caller's next expensive one meanwhile", async () => {
      const order: string[] = [];
      const slow = call(seriesRoute, heavy(2)).then(async (r) => {
        order.push(`heavy ${r.status}`);
        return r.text();
      });
      const light = call(kpisRoute, kpisKey()).then(async (r) => {
        order.push(`light ${r.status}`);
        return r.text();
      });
      // The same caller's next expensive read, while its first is in flight: refused at the door.
      const again = call(seriesRoute, heavy(3)).then(async (r) => {
        order.push(`again ${r.status}`);
        expect(r.headers.get("retry-after")).toBe("2");
        return ProblemSchema.parse(await r.json()).code;
      });
      const [, , code] = await Promise.all([slow, light, again]);
      expect(code).toBe("too_many_expensive_reads");
      expect(order).toEqual(["light 200", "again 429", "heavy 200"]);
    });

    it("still answers bad input with the problem envelope, not a 500", async () => {
      for (const [p, status] of [
        [seriesKey({ datastreams: [...ids.slice(0, 5), "urn:ngsi-ld:Nope:x:1:a"], from: new Date(NOW.getTime() - 86400_000), to: NOW, agg: AGGS, maxPoints: 300 }), 404],
        [seriesKey({ datastreams: ids, from: new Date(NOW.getTime() - 2 * 86400_000), to: NOW, step: "PT1M", agg: AGGS, maxPoints: 5000 }), 422],
        [`/api/twin/v1/series?datastreams=${ids.join(",")}&agg=median`, 400],
      ] as const) {
        const res = await call(seriesRoute, p);
        expect(res.status, p).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(ProblemSchema.parse(await res.json()).status).toBe(status);
      }
    });
  });
});
