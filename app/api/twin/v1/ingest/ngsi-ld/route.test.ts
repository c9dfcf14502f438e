/**
 * The NGSI-LD notification endpoint: a recorded notification (test/fixtures/ngsi-ld) POSTed as the
 * broker would, with the feed token of the subscription, into a real embedded twin and operations
 * store; the HTTP ingest's checks, idempotency and token scoping hold.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ProblemSchema } from "@/lib/twin-client/schemas";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { TwinPort } from "@/lib/twin/source";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { POST } from "./route";

const NOW = new Date("2026-07-15T04:00:00Z");
const BY = { actor: "test", role: "admin" };
const notification = fs.readFileSync(path.join(process.cwd(), "test/fixtures/ngsi-ld/notification.json"), "utf8");
const BEDS = "urn:ngsi-ld:Building:demo-harbour:old-port-001:bedsOccupied";
const FLOW = "urn:ngsi-ld:TrafficFlowObserved:demo-harbour:old-port-001:intensity";

let twin: EmbeddedTwin;
let port: TwinPort;
let ops: SqliteOpsStore;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  vi.stubEnv("TWINOPS_CITY", "demo-harbour");
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 1, backfillDays: 0, historyDays: 0, tickSeconds: 0, clock: manualClock(NOW) });
  port = embeddedPort(twin);
  ops = new SqliteOpsStore(":memory:");
  setTwinForTesting(port);
  setOpsStoreForTesting(ops);
  tokens.all = (await ops.issueToken("feed", "orion-ld", [], BY)).token;
  tokens.energy = (await ops.issueToken("feed", "energy", ["energy"], BY)).token;
  tokens.health = (await ops.issueToken("feed", "health", ["health"], BY)).token;
  tokens.device = (await ops.issueToken("device", "wall", ["city"], BY)).token;
});
afterAll(async () => {
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  vi.unstubAllEnvs();
  twin.close();
  await ops.close();
});

const post = (body: string, token?: string) =>
  POST(
    new Request("http://localhost/api/twin/v1/ingest/ngsi-ld", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    }),
  );

describe("POST /api/twin/v1/ingest/ngsi-ld", () => {
  it("ingests a notification's mapped values through the checks, and a repeat as duplicates", async () => {
    const res = await post(notification, tokens.all);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        {
          entity: "urn:ngsi-ld:TrafficFlowObserved:harbour-detector-1",
          attribute: "averageVehicleSpeed",
          reason: "1000000000 is outside the plausible range of speed (0 to 250 km/h)",
        },
      ],
      unmapped: 1,
    });
    // A value without its own observedAt is stamped with the notification's time.
    expect((await port.latest([BEDS, FLOW])).map((l) => [l.datastreamId, l.t, l.v])).toEqual([
      [BEDS, "2026-07-15T03:59:30.000Z", 53],
      [FLOW, "2026-07-15T03:59:00.000Z", 990],
    ]);
    expect(await (await post(notification, tokens.all)).json()).toMatchObject({ accepted: 2, duplicates: 2 });
  });

  it("keeps a feed token to its domains", async () => {
    const res = await post(notification, tokens.energy);
    expect(res.status).toBe(403);
    expect(ProblemSchema.parse(await res.json()).detail).toBe("This feed writes only energy.");
    const health = await (await post(notification, tokens.health)).json();
    expect(health.rejected.map((x: { attribute: string; reason: string }) => `${x.attribute}: ${x.reason}`)).toEqual([
      "averageVehicleSpeed: this feed may not write the transport domain",
      "intensity: this feed may not write the transport domain",
    ]);
  });

  it("answers bad requests in the problem envelope", async () => {
    expect((await post(notification)).status).toBe(401);
    expect((await post(notification, tokens.device)).status).toBe(403);
    const bad = await post(JSON.stringify({ type: "Notification", data: "nope" }), tokens.all);
    expect(bad.status).toBe(400);
    expect(ProblemSchema.safeParse(await bad.json()).success).toBe(true);
    expect((await post("{", tokens.all)).status).toBe(400);
  });
});
