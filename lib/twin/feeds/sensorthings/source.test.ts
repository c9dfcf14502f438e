/**
 * The SensorThings source against a local server replaying recorded FROST-Server responses
 * (test/sta-server.ts: paging along @iot.nextLink, $expand, incremental $filter on phenomenonTime),
 * with the demo-harbour pack's real mapping (public/cities/demo-harbour/sources.json), into a real
 * embedded twin; and live through a real mosquitto started by the test: the broker restarts, the
 * gap is back-filled over HTTP, and nothing is counted twice.
 */
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../simulator/clock";
import type { TwinPort } from "../../source";
import { createEmbeddedTwin, type EmbeddedTwin } from "../../sources/embedded";
import { embeddedPort } from "../../sources/embedded-port";
import { mosquittoMissing, startMosquitto, type Broker } from "@/test/mosquitto";
import { startStaServer, type StaServer } from "@/test/sta-server";
import { until } from "@/test/until";
import { loadSourceMapping } from "../mapping";
import { SensorThingsSource } from "./source";

const NOW = new Date("2026-07-15T04:00:00Z");
const ID = (type: string, property: string) => `urn:ngsi-ld:${type}:demo-harbour:old-port-001:${property}`;
const BEDS = ID("Building", "bedsOccupied");
const ICU = ID("Building", "icuOccupied");
const LOAD = ID("Substation", "load");
const SPEED = ID("TrafficFlowObserved", "speed");
const FLOW = ID("TrafficFlowObserved", "intensity");
const mapping = loadSourceMapping("demo-harbour").sensorthings!;
const at = (min: number) => new Date(NOW.getTime() - min * 60_000).toISOString();

let sta: StaServer;
let twin: EmbeddedTwin;
let port: TwinPort;
const logs: string[] = [];

beforeEach(async () => {
  sta = await startStaServer();
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock: manualClock(NOW) });
  port = embeddedPort(twin);
  logs.length = 0;
});
afterEach(async () => {
  twin.close();
  await sta.close();
});

const source = (mqttUrl?: string) =>
  new SensorThingsSource({ url: sta.base, mqttUrl, mapping, twin: port, backfillSeconds: 86400, log: (l) => logs.push(l), reconnectMs: 100 });

const stored = (id: string) => port.observations(id, new Date(NOW.getTime() - 2 * 86400_000), NOW, 10_000);

describe("SensorThings source against recorded responses", () => {
  it("maps Things through the pack's mapping, following @iot.nextLink pages and expanded Datastream pages", async () => {
    const s = source();
    await s.discover();
    expect(Object.fromEntries([...s.streams].map(([k, v]) => [k, v.datastreamId]))).toEqual({ "11": BEDS, "12": ICU, "21": LOAD, "51": SPEED, "52": FLOW });
    // The weather mast names no asset, the clinic one the twin does not hold: counted, not invented.
    expect(s.stats).toMatchObject({ unmapped: 2, unmappedNames: ["Harbour weather mast", "Atlantis clinic"], mappedStreams: 5 });
    expect((await port.getAsset("urn:ngsi-ld:Building:demo-harbour:atlantis-009"))).toBeNull();
    expect(sta.requests[0]).toContain("$expand=Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition))");
    expect(sta.requests).toContain("/FROST-Server/v1.1/Things?$select=@iot.id,name,properties&$top=3&$skip=3&$count=true");
    expect(sta.requests.some((r) => r.startsWith("/FROST-Server/v1.1/Things(5)/Datastreams?") && r.includes("$skip=1"))).toBe(true);
  });

  it("back-fills every mapped Datastream page by page through the ingest checks, then pulls only what is newer", async () => {
    sta.observations.set("11", [
      { phenomenonTime: at(30), result: 40 },
      { phenomenonTime: at(25), result: 1e12 },
      { phenomenonTime: `${at(21)}/${at(20)}`, result: 41 },
      { phenomenonTime: at(2 * 24 * 60), result: 39 },
    ]);
    sta.observations.set("21", [{ phenomenonTime: at(10), result: 15_000 }]);
    sta.observations.set("51", Array.from({ length: 2500 }, (_, k) => ({ phenomenonTime: at(600 - k * 0.2), result: 40 + (k % 20) })));
    const s = source();
    await s.start();
    expect((await stored(BEDS)).map((o) => [o.t, o.v])).toEqual([
      [at(30), 40],
      [at(20), 41],
    ]);
    expect((await port.latest([LOAD]))[0]).toMatchObject({ v: 15 });
    expect(await stored(SPEED)).toHaveLength(2500);
    expect(s.stats).toMatchObject({ accepted: 2503, duplicates: 0, refused: 1 });
    expect(logs.some((l) => /1 of 3 rows refused .*plausible range/.test(l))).toBe(true);
    // The first pull reaches back the back-fill window (a day), not to the two-day-old row.
    expect(sta.requests).toContain(`/FROST-Server/v1.1/Datastreams(11)/Observations?$select=phenomenonTime,result&$filter=phenomenonTime gt ${at(24 * 60)}&$orderby=phenomenonTime asc&$top=1000`);
    expect(sta.requests.filter((r) => r.startsWith("/FROST-Server/v1.1/Datastreams(51)/Observations"))).toHaveLength(3);

    sta.observations.get("11")!.push({ phenomenonTime: at(5), result: 42 });
    sta.requests.length = 0;
    await s.backfill();
    expect(sta.requests).toContain(`/FROST-Server/v1.1/Datastreams(11)/Observations?$select=phenomenonTime,result&$filter=phenomenonTime gt ${at(20)}&$orderby=phenomenonTime asc&$top=1000`);
    expect((await stored(BEDS)).map((o) => o.v)).toEqual([40, 41, 42]);
    expect(s.stats).toMatchObject({ accepted: 2504, duplicates: 0 });
    await s.stop();
  });

  it("reports an unreachable or broken server instead of storing anything", async () => {
    const s = new SensorThingsSource({ url: "http://127.0.0.1:1/v1.1", mapping, twin: port, backfillSeconds: 3600, log: () => {} });
    await expect(s.start()).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:1\/v1\.1\/Things/);
    const broken = new SensorThingsSource({ url: `${sta.base}/nowhere`, mapping, twin: port, backfillSeconds: 3600, log: () => {} });
    await expect(broken.start()).rejects.toThrow(/HTTP 404/);
  });
});

const skipMqtt = mosquittoMissing();

describe.skipIf(skipMqtt !== null)("SensorThings source live through mosquitto", () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it("takes live Observations, reconnects after the broker restarts, back-fills the gap and counts nothing twice", async () => {
    sta.observations.set("11", [{ phenomenonTime: at(30), result: 40 }]);
    const s = source(broker.url);
    await s.start();
    expect((await stored(BEDS)).map((o) => o.v)).toEqual([40]);

    const frost = await mqtt.connectAsync(broker.url, { clientId: "frost" });
    // What FROST-Server does on a new Observation: store it, and publish the entity.
    const publish = async (ds: string, phenomenonTime: string, result: number) => {
      sta.observations.set(ds, [...(sta.observations.get(ds) ?? []), { phenomenonTime, result }]);
      await frost.publishAsync(`v1.1/Datastreams(${ds})/Observations`, JSON.stringify({ "@iot.id": 9000, "@iot.selfLink": `${sta.base}/Observations(9000)`, phenomenonTime, resultTime: phenomenonTime, result }), { qos: 1 });
    };
    await publish("11", at(25), 43);
    await publish("12", at(25), 3);
    await until(async () => (await stored(BEDS)).length === 2 && (await stored(ICU)).length === 1);
    await frost.endAsync();

    // The outage: what is stored meanwhile reaches nobody over MQTT.
    await broker.stop();
    sta.observations.get("11")!.push({ phenomenonTime: at(20), result: 44 }, { phenomenonTime: at(15), result: 45 });
    await new Promise((r) => setTimeout(r, 300));
    await broker.start();
    await until(async () => (await stored(BEDS)).length === 4);
    await s.idle();
    expect(logs.some((l) => l.includes("MQTT connected: back-filling the gap"))).toBe(true);

    // A live message for a row the back-fill already stored is a duplicate, not a second row.
    const again = await mqtt.connectAsync(broker.url, { clientId: "frost-2" });
    await again.publishAsync("v1.1/Datastreams(11)/Observations", JSON.stringify({ phenomenonTime: at(15), result: 45 }), { qos: 1 });
    await until(async () => s.stats.duplicates >= 1);
    await again.endAsync();
    expect((await stored(BEDS)).map((o) => o.v)).toEqual([40, 43, 44, 45]);
    expect(s.stats.accepted).toBe(5);
    await s.stop();
  });
});
