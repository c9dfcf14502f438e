/**
 * The notifier as the server starts it: it hears the twin's alert events, queues what the rules
 * say, and sends at once, here to a local HTTP receiver; operators' later actions on the alarm and
 * the observation stream send nothing. The twin is a stand-in that only publishes events (its
 * engines' events are tested with each backend); the operations store is a real SQLite one.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import type { TwinPort } from "@/lib/twin/source";
import type { Alert, TwinEvent } from "@/lib/twin/types";
import { startHttpReceiver, type HttpReceiver } from "@/test/receivers";
import { startNotifier, type Notifier } from "./runtime";
import { alarmFixture } from "./testing";

const ADMIN = { actor: "admin", role: "admin" };
let receiver: HttpReceiver;
let notifier: Notifier | undefined;
const store = new SqliteOpsStore(":memory:");
const listeners = new Set<(e: TwinEvent) => void>();
const publish = (e: TwinEvent) => listeners.forEach((l) => l(e));

const twin = {
  info: async () => ({ backend: "embedded", simulated: true, city: "shenzhen", cityName: { en: "Shenzhen", zh: "深圳" }, timezone: "Asia/Shanghai" }),
  getAsset: async () => null,
  districts: async () => [],
  alerts: async () => [],
  subscribe: async (l: (e: TwinEvent) => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
} as unknown as TwinPort;

const alarm: Alert = alarmFixture({
  id: "urn:ngsi-ld:Alert:shenzhen:bedOccupancy-7-1784080800",
  domain: "health",
  category: "health",
  subCategory: "bedOccupancy",
  severity: "major",
  assetId: "urn:ngsi-ld:Building:shenzhen:h7",
  district: "luohu",
  geometry: { type: "Point", coordinates: [114.12, 22.55] },
  description: { en: "Hospital 7 bed occupancy 96.2 % above 95 %", zh: "7号医院 床位占用率 96.2 %，超过 95%" },
  value: 96.2,
  threshold: 95,
});

beforeAll(async () => {
  vi.stubEnv("TWINOPS_PUBLIC_URL", "https://twin.city.example");
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await notifier?.stop();
  vi.unstubAllEnvs();
  await receiver.close();
  await store.close();
});

it("queues and sends on an alert event, after the publisher has returned; later states and observations send nothing", async () => {
  const ch = await store.notifications.createChannel({ kind: "webhook", name: "health desk", locale: "en", url: `${receiver.origin}/health`, secret: "whsec_runtime_test" }, ADMIN);
  await store.notifications.createRule({ name: "health", domains: ["health"], severities: [], alertRules: [], districts: [], channels: [ch.id], escalateAfterMinutes: null, escalationChannels: [] }, ADMIN);
  notifier = await startNotifier(twin, store);
  publish({ id: 1, type: "alert", data: alarm });
  // The listener only starts the queuing: nothing has been written when publishing returns.
  expect(await store.notifications.listDeliveries({ limit: 10 })).toEqual([]);
  publish({ id: 2, type: "observation", data: { rows: [] } as never });
  await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 5_000 });
  const body = JSON.parse(receiver.requests[0]!.body) as { kind: string; alarm: { id: string; districtName: { en: string } }; link: string };
  expect(body).toMatchObject({ kind: "raised", alarm: { id: alarm.id, districtName: { en: "luohu" } } });
  expect(body.link.startsWith("https://twin.city.example/assets/")).toBe(true);

  publish({ id: 3, type: "alert", data: { ...alarm, state: "acknowledged", acknowledgedBy: "ops.wang" } });
  publish({ id: 4, type: "alert", data: alarm });
  await new Promise((r) => setTimeout(r, 300));
  expect(receiver.requests).toHaveLength(1);
  expect((await store.notifications.listDeliveries({ limit: 10 })).map((d) => d.status)).toEqual(["delivered"]);
});
