/**
 * A twin started from an imported inventory (TWINOPS_INVENTORY_FILE): a Demo Harbour CSV run
 * through `import-inventory` with the pack's example mapping, then opened on each backend. GET
 * /assets lists exactly the imported assets (names in en/zh, districts); a changed file is noticed
 * (SQLite: kept aside and rebuilt; PostgreSQL: refused, as another seed is); a malformed file
 * stops the start naming file and asset, and leaves the stored twin as it was.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "@/lib/city/import-cli";
import { generateInventory } from "@/lib/city/inventory";
import { InventoryLoadError } from "@/lib/city/inventory-file";
import { loadCityPack } from "@/lib/city/pack";
import { AssetsResponseSchema } from "@/lib/twin-client/schemas";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import type { TwinPort } from "@/lib/twin/source";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { openPgTwin, PgTwinMismatchError } from "@/lib/twin/sources/pg-port";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { GET as assets } from "./route";

const pack = loadCityPack("demo-harbour");
const pgUrl = testPgUrl();
const START = new Date("2026-07-15T12:00:00Z");
const inside = new Map(generateInventory(pack).assets.flatMap((a) => (a.geometry.type === "Point" ? [[a.district, a.geometry.coordinates] as const] : [])));
const at = (d: string) => inside.get(d)!.join(",");

const HEADER = "asset_id,kind,sector,name,name_zh,capacity,district,lon,lat";
const ROWS = [
  `h-1,hospital,health,Harbour General,港湾总医院,420,old-port,${at("old-port")}`,
  `s-1,substation,energy,Westfield Substation,西原变电站,80,,${at("westfield")}`,
  `p-1,parking,transport,Quay Car Park,码头停车场,300,old-port,${at("old-port")}`,
  `e-1,ev_charger,energy,North Hills Chargers,北丘充电站,12,,${at("north-hills")}`,
];
const EXPECTED = [
  ["urn:ngsi-ld:Building:demo-harbour:h-1", "Harbour General", "港湾总医院", "old-port"],
  ["urn:ngsi-ld:EVChargingStation:demo-harbour:e-1", "North Hills Chargers", "北丘充电站", "north-hills"],
  ["urn:ngsi-ld:ParkingSite:demo-harbour:p-1", "Quay Car Park", "码头停车场", "old-port"],
  ["urn:ngsi-ld:Substation:demo-harbour:s-1", "Westfield Substation", "西原变电站", "westfield"],
];

const dir = mkdtempSync(path.join(os.tmpdir(), "twinops-imported-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports `rows` through the real command into `<dir>/<name>.json`; returns its path. */
function imported(name: string, rows: string[]): string {
  const csv = path.join(dir, `${name}.csv`);
  const out = path.join(dir, `${name}.json`);
  writeFileSync(csv, [HEADER, ...rows].join("\n"));
  const errors: string[] = [];
  expect(runImport(["demo-harbour", csv, out], () => {}, (l) => errors.push(l)), errors.join("\n")).toBe(0);
  return out;
}

let token = "";
beforeAll(async () => {
  const ops = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(ops);
  token = (await ops.issueToken("device", "imported inventory", ["city"], { actor: "test", role: "-" })).token;
  return async () => {
    setOpsStoreForTesting(undefined);
    setTwinForTesting(undefined);
    await ops.close();
  };
});

async function listed(port: TwinPort): Promise<string[][]> {
  setTwinForTesting(port);
  const res = await assets(new Request("http://localhost/api/twin/v1/assets?limit=1000", { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({}),
  });
  expect(res.status).toBe(200);
  const body = AssetsResponseSchema.parse(await res.json());
  expect(body.total).toBe(body.features.length);
  return body.features.map((f) => [f.id, f.properties.name.en, f.properties.name.zh, f.properties.district]).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const BAD = JSON.stringify({ assets: [{ id: "urn:ngsi-ld:Building:demo-harbour:x" }, {}] });

describe("embedded twin from an imported inventory", () => {
  const dbPath = path.join(dir, "twin.db");
  const open = (inventoryFile: string) =>
    createEmbeddedTwin({ dbPath, city: "demo-harbour", seed: 7, inventoryFile, backfillDays: 0.05, tickSeconds: 0, clock: manualClock(START) });

  it("lists exactly the imported assets, with their names in both languages and districts", async () => {
    const twin = open(imported("first", ROWS));
    try {
      expect(await listed(embeddedPort(twin))).toEqual(EXPECTED);
    } finally {
      twin.close();
    }
  });

  it("keeps the old store aside and rebuilds when the file changes", async () => {
    const changed = imported("second", [...ROWS.slice(0, 2), ROWS[2]!.replace("Quay Car Park", "Harbour Car Park")]);
    const twin = open(changed);
    try {
      expect(await listed(embeddedPort(twin))).toEqual([
        EXPECTED[0],
        ["urn:ngsi-ld:ParkingSite:demo-harbour:p-1", "Harbour Car Park", "码头停车场", "old-port"],
        EXPECTED[3],
      ]);
    } finally {
      twin.close();
    }
    expect(readdirSync(dir).filter((f) => /^twin\.db\..*\.bak$/.test(f))).toHaveLength(1);
  });

  it("refuses a malformed file by name and asset before touching the store", async () => {
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, BAD);
    expect(() => open(bad)).toThrow(InventoryLoadError);
    expect(() => open(bad)).toThrow(`inventory file ${bad}: assets[0] (urn:ngsi-ld:Building:demo-harbour:x).type`);
    expect(readdirSync(dir).filter((f) => /^twin\.db\..*\.bak$/.test(f))).toHaveLength(1);
    const twin = open(path.join(dir, "second.json"));
    try {
      expect(await listed(embeddedPort(twin))).toHaveLength(3);
    } finally {
      twin.close();
    }
  });
});

describe.skipIf(!pgUrl)("PostgreSQL twin from an imported inventory", () => {
  const schema = freshSchemaName("inv");
  const open = (inventoryFile: string) =>
    openPgTwin({ url: pgUrl!, schema, city: "demo-harbour", seed: 7, inventoryFile, backfillDays: 0.05, tickSeconds: 0, clock: manualClock(START) });
  afterAll(async () => {
    await dropSchema(pgUrl!, schema);
    await dropSchema(pgUrl!, opsSchemaName(schema));
  });

  it("lists exactly the imported assets, and refuses another inventory or a malformed file without touching the schema", async () => {
    const first = existsSync(path.join(dir, "first.json")) ? path.join(dir, "first.json") : imported("first", ROWS);
    const port = await open(first);
    try {
      expect(await listed(port)).toEqual(EXPECTED);
      const other = imported("pg-other", ROWS.slice(1));
      await expect(open(other)).rejects.toBeInstanceOf(PgTwinMismatchError);
      const bad = path.join(dir, "bad-pg.json");
      writeFileSync(bad, BAD);
      await expect(open(bad)).rejects.toBeInstanceOf(InventoryLoadError);
      expect(await listed(port)).toEqual(EXPECTED);
    } finally {
      await port.close();
    }
  }, 120_000);
});
