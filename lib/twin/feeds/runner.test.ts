/**
 * Where the feeds run: only in the process that writes the twin. Two PostgreSQL instances of one
 * twin (real PostgreSQL) both run `runSources` with the MQTT feed (real mosquitto): only the lease
 * holder takes messages, and when it goes the other takes over, so a message is handled once.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/config/env";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { manualClock } from "../simulator/clock";
import { createEmbeddedTwin } from "../sources/embedded";
import { embeddedPort } from "../sources/embedded-port";
import { openPgTwin } from "../sources/pg-port";
import { startStaServer } from "@/test/sta-server";
import { until } from "@/test/until";
import { mosquittoMissing, startMosquitto, type Broker } from "@/test/mosquitto";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { runSources, sourcesConfig } from "./runner";

describe("sourcesConfig", () => {
  it("names what a source needs and is not set", () => {
    expect(() => sourcesConfig(parseEnv({ TWINOPS_SOURCE: "sensorthings" }))).toThrow(/TWINOPS_STA_URL is not set/);
    expect(() => sourcesConfig(parseEnv({ TWINOPS_SOURCE: "ngsi-ld" }))).toThrow(EnvError);
    // Shenzhen's pack maps nothing: the source cannot run there.
    expect(() => sourcesConfig(parseEnv({ TWINOPS_SOURCE: "ngsi-ld", TWINOPS_NGSI_LD_URL: "http://orion:1026" }))).toThrow(/no "ngsiLd" mapping/);
    const c = sourcesConfig(
      parseEnv({ TWINOPS_CITY: "demo-harbour", TWINOPS_SOURCE: "ngsi-ld", TWINOPS_NGSI_LD_URL: "http://orion:1026", TWINOPS_NGSI_LD_NOTIFY_TOKEN: "twk_a_b", TWINOPS_PUBLIC_URL: "https://twin.city.example" }),
    );
    expect(c.notify).toEqual({ url: "https://twin.city.example/api/twin/v1/ingest/ngsi-ld", token: "twk_a_b" });
    expect(() => sourcesConfig(parseEnv({ TWINOPS_CITY: "demo-harbour", TWINOPS_SOURCE: "ngsi-ld", TWINOPS_NGSI_LD_URL: "http://orion:1026", TWINOPS_NGSI_LD_NOTIFY_TOKEN: "twk_a_b" }))).toThrow(
      /TWINOPS_NGSI_LD_NOTIFY_URL is not set/,
    );
  });
});

describe("a source whose server is down at start", () => {
  it("is tried again until the server answers, then pulls", async () => {
    // A port nobody listens on yet.
    const probe = await startStaServer();
    const port = Number(new URL(probe.base).port);
    await probe.close();
    const clock = manualClock(new Date("2026-07-15T04:00:00Z"));
    const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock });
    const config = {
      ...sourcesConfig(parseEnv({ TWINOPS_CITY: "demo-harbour", TWINOPS_SOURCE: "sensorthings", TWINOPS_STA_URL: `http://127.0.0.1:${port}/FROST-Server/v1.1`, TWINOPS_BACKFILL_DAYS: "1" })),
      retryMs: 100,
    };
    const logs: string[] = [];
    const stop = runSources(config, embeddedPort(twin), async () => null, (l) => logs.push(l));
    let server: Awaited<ReturnType<typeof startStaServer>> | null = null;
    try {
      await until(() => logs.some((l) => /\[sensorthings\] cannot start: .*trying again in/.test(l)));
      server = await startStaServer(port);
      server.observations.set("11", [{ phenomenonTime: "2026-07-15T03:30:00Z", result: 44 }]);
      await until(() => logs.some((l) => l.includes("back-fill: 1 Observations read")));
      expect(twin.latest(["urn:ngsi-ld:Building:demo-harbour:old-port-001:bedsOccupied"])[0]).toMatchObject({ v: 44 });
    } finally {
      await stop();
      twin.close();
      await server?.close();
    }
  });
});

const url = testPgUrl();
const skipMqtt = mosquittoMissing();

describe.skipIf(!url || skipMqtt !== null)("feeds run on the writer instance only (PostgreSQL, mosquitto)", () => {
  const schema = freshSchemaName("feeds");
  let broker: Broker;
  let ops: SqliteOpsStore;

  beforeAll(async () => {
    broker = await startMosquitto();
    ops = new SqliteOpsStore(":memory:");
  });
  afterAll(async () => {
    await ops?.close();
    await broker?.close();
    await dropSchema(url!, schema);
    await dropSchema(url!, `${schema}_ops`);
  });

  it("takes each message once, on the lease holder, and moves with the lease", async () => {
    const clock = manualClock(new Date("2026-07-15T04:00:00Z"));
    const open = () => openPgTwin({ url: url!, schema, city: "demo-harbour", seed: 1, backfillDays: 0, tickSeconds: 0, clock, poolSize: 2 });
    const a = await open();
    const b = await open();
    expect([a.health.writer, b.health.writer]).toEqual([true, false]);
    const config = sourcesConfig(parseEnv({ TWINOPS_CITY: "demo-harbour", TWINOPS_MQTT_FEED_URL: broker.url }));
    const logs: { a: string[]; b: string[] } = { a: [], b: [] };
    const verify = (t: string) => ops.verifyToken(t, "feed");
    const stopA = runSources(config, a, verify, (l) => logs.a.push(l));
    const stopB = runSources(config, b, verify, (l) => logs.b.push(l));
    const { token, record } = await ops.issueToken("feed", "detectors", [], { actor: "test", role: "admin" });

    const answers: unknown[] = [];
    const feed = await mqtt.connectAsync(broker.url, { clientId: "detector-feed" });
    await feed.subscribeAsync(`twinops/${record.id}/results`, { qos: 1 });
    feed.on("message", (_, p) => answers.push(JSON.parse(p.toString())));
    const ds = "urn:ngsi-ld:TrafficFlowObserved:demo-harbour:old-port-001:speed";
    const send = (t: string, v: number) => feed.publishAsync(`twinops/${record.id}/observations`, JSON.stringify({ token, observations: [{ datastreamId: ds, t, v }] }), { qos: 1 });

    try {
      await until(() => logs.a.some((l) => l.includes("[mqtt-feed] connected")));
      await send("2026-07-15T03:55:00Z", 48);
      await until(() => answers.length === 1);
      // Time for a second answer, were the other instance subscribed too.
      await new Promise((r) => setTimeout(r, 300));
      expect(answers).toEqual([{ accepted: 1, duplicates: 0, rejected: [] }]);
      expect(logs.b.some((l) => l.includes("[mqtt-feed]"))).toBe(false);

      // The writer goes away; a message sent while no instance listens waits in the broker's
      // session for the instance that takes the lease, then the feed.
      await stopA();
      await a.close();
      await send("2026-07-15T03:56:00Z", 47);
      await until(() => b.health.writer && logs.b.some((l) => l.includes("[mqtt-feed] connected")), 15_000);
      await until(() => answers.length === 2);
      expect(answers[1]).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      expect((await b.observations(ds, new Date("2026-07-15T03:00:00Z"), clock.now(), 10)).map((o) => o.v)).toEqual([48, 47]);
    } finally {
      await feed.endAsync();
      await stopB();
      await b.close();
      await stopA();
      await a.close().catch(() => {});
    }
  });
});
