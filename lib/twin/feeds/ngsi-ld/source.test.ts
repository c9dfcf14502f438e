/**
 * The NGSI-LD source against a local broker replaying recorded responses (test/ngsi-ld-server.ts):
 * entities by type with the mapping's @context and limit/offset paging, history through the
 * temporal API (both of its forms), and the subscription for live values; into a real embedded
 * twin with the demo-harbour pack's mapping.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../simulator/clock";
import type { TwinPort } from "../../source";
import { createEmbeddedTwin, type EmbeddedTwin } from "../../sources/embedded";
import { embeddedPort } from "../../sources/embedded-port";
import { startNgsiServer, type NgsiServer } from "@/test/ngsi-ld-server";
import { loadSourceMapping } from "../mapping";
import { NgsiLdSource } from "./source";

const NOW = new Date("2026-07-15T04:00:00Z");
const ID = (type: string, local: string, property: string) => `urn:ngsi-ld:${type}:demo-harbour:${local}:${property}`;
const mapping = { ...loadSourceMapping("demo-harbour").ngsiLd!, pageSize: 2 };
const SUB = "urn:ngsi-ld:Subscription:twinops:demo-harbour";

let broker: NgsiServer;
let twin: EmbeddedTwin;
let port: TwinPort;
const logs: string[] = [];

beforeEach(async () => {
  broker = await startNgsiServer();
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock: manualClock(NOW) });
  port = embeddedPort(twin);
  logs.length = 0;
});
afterEach(async () => {
  twin.close();
  await broker.close();
});

const source = (notify?: { url: string; token: string }) =>
  new NgsiLdSource({ url: broker.url, mapping, twin: port, notify, subscriptionId: SUB, backfillSeconds: 86400, log: (l) => logs.push(l) });
const stored = async (id: string) => (await port.observations(id, new Date(NOW.getTime() - 86400_000), NOW, 1000)).map((o) => [o.t.slice(11, 16), o.v]);

describe("NGSI-LD source against recorded responses", () => {
  it("reads entities by type with the @context, paged with limit/offset, and their history from the temporal API", async () => {
    await source().start();
    // Current values and history of the detector (temporal instances), the hospital (simplified
    // temporal values) and the substation's meter (found through its refDevice, kW into MW).
    expect(await stored(ID("TrafficFlowObserved", "old-port-001", "intensity"))).toEqual([
      ["03:45", 900],
      ["03:50", 930],
      ["03:55", 960],
    ]);
    expect(await stored(ID("Building", "old-port-001", "bedsOccupied"))).toEqual([
      ["03:15", 47],
      ["03:30", 49],
      ["03:45", 51],
    ]);
    expect(await stored(ID("Substation", "old-port-001", "load"))).toEqual([["03:55", 18.2]]);
    // A speed of 999 km/h is refused by the checks; detector 2's intensity is stored.
    expect(await stored(ID("TrafficFlowObserved", "old-port-002", "speed"))).toEqual([]);
    expect(await stored(ID("TrafficFlowObserved", "old-port-002", "intensity"))).toEqual([["03:55", 420]]);
    const s = source();
    expect(s.stats.unmapped).toBe(0);

    const gets = broker.requests.filter((r) => r.method === "GET");
    expect(gets.every((r) => r.headers.link === '<https://smartdatamodels.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"')).toBe(true);
    // Three detectors at two a page: two pages, the second at offset 2.
    expect(gets.filter((r) => r.url.startsWith("/ngsi-ld/v1/entities?type=TrafficFlowObserved")).map((r) => r.url)).toEqual([
      "/ngsi-ld/v1/entities?type=TrafficFlowObserved&limit=2&offset=0&count=true",
      "/ngsi-ld/v1/entities?type=TrafficFlowObserved&limit=2&offset=2&count=true",
    ]);
    expect(gets.some((r) => r.url.startsWith("/ngsi-ld/v1/temporal/entities?type=Building&attrs=bedsOccupied,icuBedsOccupied,twinopsId&timerel=after&timeAt=2026-07-14T04:00:00.000Z"))).toBe(true);
  });

  it("counts entities whose asset the twin does not hold, or that name none, and stores nothing of them", async () => {
    const s = source();
    await s.start();
    expect(s.stats).toMatchObject({ unmapped: 2, unmappedNames: ["urn:ngsi-ld:TrafficFlowObserved:ferry-ramp", "urn:ngsi-ld:Building:lighthouse-clinic"] });
    expect(s.stats.refused).toBe(1);
    expect(logs.some((l) => /999 is outside the plausible range of speed/.test(l))).toBe(true);
  });

  it("pulls history only after the newest value the twin stores, and never stores a value twice", async () => {
    const s = source();
    await s.start();
    const accepted = s.stats.accepted;
    broker.requests.length = 0;
    const again = source();
    await again.start();
    expect(again.stats.accepted).toBe(0);
    expect(again.stats.duplicates).toBeGreaterThan(0);
    expect(broker.requests.some((r) => r.url.includes("temporal/entities?type=Building&") && r.url.includes("timeAt=2026-07-15T03:45:00.000Z"))).toBe(true);
    expect(accepted).toBe(11);
  });

  it("creates its subscription with the notification endpoint and the feed token, and updates it when it exists", async () => {
    const notify = { url: "http://twinops.city.example/api/twin/v1/ingest/ngsi-ld", token: "twk_abc_secret" };
    await source(notify).start();
    await source(notify).start();
    const subs = broker.requests.filter((r) => r.url.startsWith("/ngsi-ld/v1/subscriptions"));
    expect(subs.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /ngsi-ld/v1/subscriptions", "POST /ngsi-ld/v1/subscriptions", `PATCH /ngsi-ld/v1/subscriptions/${SUB}`]);
    expect(subs[0]!.body).toMatchObject({
      id: SUB,
      type: "Subscription",
      entities: expect.arrayContaining([{ type: "TrafficFlowObserved" }, { type: "Building" }]),
      notification: {
        format: "normalized",
        endpoint: { uri: notify.url, accept: "application/json", receiverInfo: [{ key: "Authorization", value: "Bearer twk_abc_secret" }] },
      },
    });
    expect(subs[2]!.body).not.toHaveProperty("id");
  });

  it("says which broker failed and why", async () => {
    await expect(new NgsiLdSource({ url: "http://127.0.0.1:1", mapping, twin: port, subscriptionId: SUB, backfillSeconds: 60, log: () => {} }).start()).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:1\/ngsi-ld\/v1\/entities\?type=TrafficFlowObserved/,
    );
  });
});
