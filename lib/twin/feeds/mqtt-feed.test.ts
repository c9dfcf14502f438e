/**
 * The MQTT feed through a real broker (Debian's mosquitto, started by the test): a feed publishes
 * on `twinops/<token-id>/observations` and reads TwinOps's answer on `twinops/<token-id>/results`;
 * the rows land in a real embedded twin through the HTTP ingest's checks and scoping.
 */
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { manualClock } from "../simulator/clock";
import type { TwinPort } from "../source";
import { createEmbeddedTwin, type EmbeddedTwin } from "../sources/embedded";
import { embeddedPort } from "../sources/embedded-port";
import { mosquittoMissing, startMosquitto, type Broker } from "@/test/mosquitto";
import { until } from "@/test/until";
import { MqttFeed } from "./mqtt-feed";

const skip = mosquittoMissing();
const NOW = new Date("2026-07-15T04:00:00Z");
const BY = { actor: "test", role: "admin" };
const HOSPITAL = "urn:ngsi-ld:Building:demo-harbour:old-port-001:bedsOccupied";
const SUBSTATION = "urn:ngsi-ld:Substation:demo-harbour:old-port-001:load";

describe.skipIf(skip !== null)("MQTT feed through mosquitto", () => {
  let broker: Broker;
  let twin: EmbeddedTwin;
  let port: TwinPort;
  let ops: SqliteOpsStore;
  let feed: MqttFeed;
  let publisher: MqttClient;
  let all: { id: string; token: string };
  let energy: { id: string; token: string };
  const logs: string[] = [];
  const results = new Map<string, unknown[]>();

  beforeAll(async () => {
    broker = await startMosquitto();
    twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock: manualClock(NOW) });
    port = embeddedPort(twin);
    ops = new SqliteOpsStore(":memory:");
    const a = await ops.issueToken("feed", "all domains", [], BY);
    const e = await ops.issueToken("feed", "energy only", ["energy"], BY);
    all = { id: a.record.id, token: a.token };
    energy = { id: e.record.id, token: e.token };
    feed = new MqttFeed({ url: broker.url, twin: port, verify: (t) => ops.verifyToken(t, "feed"), log: (l) => logs.push(l), clientId: "twinops-test-feed" });
    await feed.start();
    publisher = await mqtt.connectAsync(broker.url, { clientId: "test-publisher" });
    await publisher.subscribeAsync("twinops/+/results", { qos: 1 });
    publisher.on("message", (topic, payload) => {
      const id = topic.split("/")[1]!;
      results.set(id, [...(results.get(id) ?? []), JSON.parse(payload.toString())]);
    });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await feed?.stop();
    twin?.close();
    await ops?.close();
    await broker?.close();
  });

  /** Publishes one message and waits for TwinOps's answer on the results topic. */
  async function send(id: string, body: unknown): Promise<Record<string, unknown>> {
    const before = results.get(id)?.length ?? 0;
    await publisher.publishAsync(`twinops/${id}/observations`, typeof body === "string" ? body : JSON.stringify(body), { qos: 1 });
    await until(() => (results.get(id)?.length ?? 0) > before, 5000, () => "waiting for an answer on the results topic");
    return results.get(id)![before] as Record<string, unknown>;
  }

  it("stores good rows, refuses bad ones with reasons, and ignores a duplicate", async () => {
    const rows = [
      { datastreamId: HOSPITAL, t: "2026-07-15T03:45:00Z", v: 40 },
      { datastreamId: HOSPITAL, t: "2026-07-15T03:50:00Z", v: 1e12 },
      { datastreamId: HOSPITAL, t: "yesterday", v: 41 },
      { datastreamId: HOSPITAL, t: "2026-07-15T03:55:00Z", v: "NaN" },
      { datastreamId: "urn:ngsi-ld:Building:demo-harbour:nowhere:bedsOccupied", t: "2026-07-15T03:55:00Z", v: 3 },
    ];
    const r = await send(all.id, { token: all.token, observations: rows });
    expect(r.accepted).toBe(1);
    expect(r.duplicates).toBe(0);
    const rejected = r.rejected as { index: number; reason: string }[];
    expect(rejected.map((x) => x.index)).toEqual([1, 2, 3, 4]);
    expect(rejected[0]!.reason).toMatch(/plausible range/);
    expect(rejected[1]!.reason).toMatch(/ISO 8601/);
    expect(rejected[2]!.reason).toMatch(/finite number/);
    expect(rejected[3]!.reason).toMatch(/unknown datastream/);
    // What a reader of the twin sees: the one good value, not the trillion.
    expect((await port.latest([HOSPITAL]))[0]).toMatchObject({ t: "2026-07-15T03:45:00.000Z", v: 40 });

    const again = await send(all.id, { token: all.token, observations: [rows[0]] });
    expect(again).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] });
    expect(await port.observations(HOSPITAL, new Date("2026-07-15T03:00:00Z"), NOW, 10)).toHaveLength(1);
    expect(feed.stats).toMatchObject({ accepted: 2, duplicates: 1, refusedRows: 4 });
    expect(logs.some((l) => l.includes("4 of 5 rows refused"))).toBe(true);
  });

  it("keeps a feed to its token's domains, row by row", async () => {
    const r = await send(energy.id, {
      token: energy.token,
      observations: [
        { datastreamId: SUBSTATION, t: "2026-07-15T03:45:00Z", v: 12.5 },
        { datastreamId: HOSPITAL, t: "2026-07-15T03:40:00Z", v: 39 },
      ],
    });
    expect(r).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: "this feed may not write the health domain" }] });
    expect(await port.observations(HOSPITAL, new Date("2026-07-15T03:39:00Z"), new Date("2026-07-15T03:41:00Z"), 10)).toEqual([]);
    expect((await port.latest([SUBSTATION]))[0]).toMatchObject({ v: 12.5 });
  });

  it("refuses a message whose token is missing, wrong, revoked or another topic's, and malformed messages", async () => {
    const row = { datastreamId: SUBSTATION, t: "2026-07-15T03:30:00Z", v: 10 };
    expect(await send(all.id, { token: "twk_nope_nope", observations: [row] })).toEqual({ error: "not a live feed token for this topic" });
    expect(await send(all.id, { token: energy.token, observations: [row] })).toEqual({ error: "not a live feed token for this topic" });
    expect((await send(all.id, { observations: [row] })).error).toMatch(/token/);
    expect(await send(all.id, "{not json")).toEqual({ error: "message is not JSON" });
    expect((await send(all.id, { token: all.token, observations: [] })).error).toMatch(/observations/);
    const revoked = await ops.issueToken("feed", "old", [], BY);
    await ops.revokeToken(revoked.record.id, BY);
    expect(await send(revoked.record.id, { token: revoked.token, observations: [row] })).toEqual({ error: "not a live feed token for this topic" });
    expect(await port.observations(SUBSTATION, new Date("2026-07-15T03:29:00Z"), new Date("2026-07-15T03:31:00Z"), 10)).toEqual([]);
    expect(feed.stats.refusedMessages).toBe(6);
  });
});
