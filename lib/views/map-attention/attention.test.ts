import { describe, expect, it } from "vitest";
import type { AssetsResponse } from "@/lib/twin-client/schemas";
import { LIMITS } from "@/lib/twin-client/limits";
import type { AssetStatus } from "@/lib/twin/types";
import { ATTENTION_ROWS, abnormalQueries, attentionRows, namedQueries, type AssetFeature } from "./attention";

const asset = (n: number, status: AssetStatus): AssetFeature => ({
  type: "Feature",
  id: `urn:ngsi-ld:Substation:sz:${String(n).padStart(4, "0")}`,
  geometry: { type: "Point", coordinates: [114, 22.5] },
  properties: { id: `urn:ngsi-ld:Substation:sz:${String(n).padStart(4, "0")}`, type: "Substation", domain: "energy", name: { en: `S${n}`, zh: `变电站${n}` }, district: "futian", status, properties: {} },
});
const answer = (features: AssetFeature[], total = features.length): AssetsResponse => ({ type: "FeatureCollection", features, total, nextCursor: null, asOf: "2026-07-15T04:00:00.000Z" });
const idOf = (n: number) => asset(n, "normal").id;

describe("abnormalQueries / namedQueries", () => {
  it("asks one small page per abnormal status, in the district when one is chosen", () => {
    expect(abnormalQueries("energy", "futian")).toEqual([
      { domain: "energy", district: "futian", status: "critical", limit: ATTENTION_ROWS },
      { domain: "energy", district: "futian", status: "warning", limit: ATTENTION_ROWS },
      { domain: "energy", district: "futian", status: "offline", limit: ATTENTION_ROWS },
    ]);
    expect(abnormalQueries("energy", null)[0]).not.toHaveProperty("district");
  });

  it("names the alerts' assets worst first, at most LIMITS.assetIds a query, null when there are no more", () => {
    const byAlert = new Map<string, AssetStatus>([
      [idOf(3), "warning"],
      [idOf(1), "critical"],
      [idOf(2), "offline"],
    ]);
    expect(namedQueries("energy", byAlert)).toEqual([{ domain: "energy", ids: [idOf(1), idOf(3), idOf(2)], limit: 3 }, null]);
    expect(namedQueries("energy", null)).toEqual([null, null]);
    const many = new Map<string, AssetStatus>(Array.from({ length: 150 }, (_, i) => [idOf(i), "warning"]));
    const [a, b] = namedQueries("energy", many);
    expect(a?.ids).toHaveLength(LIMITS.assetIds);
    expect(b?.ids).toHaveLength(150 - LIMITS.assetIds);
    expect(new Set([...(a?.ids ?? []), ...(b?.ids ?? [])]).size).toBe(150);
  });
});

describe("attentionRows", () => {
  it("live: own status raised by open alerts, worst first, the total counting every abnormal asset once", () => {
    const critical = answer([asset(5, "critical")], 7);
    const warning = answer([asset(2, "warning"), asset(4, "warning")], 30);
    const offline = answer([], 0);
    // Asset 4 (warning by itself) has a critical alert; asset 9 (normal by itself) a warning alert.
    const byAlert = new Map<string, AssetStatus>([
      [idOf(4), "critical"],
      [idOf(9), "warning"],
    ]);
    const named = [answer([asset(4, "warning"), asset(9, "normal")])];
    const { rows, total } = attentionRows({ live: true, abnormal: [critical, warning, offline], named, byAlert, complete: true });
    expect(rows.map((r) => [r.properties.name.en, r.properties.status])).toEqual([
      ["S4", "critical"],
      ["S5", "critical"],
      ["S2", "warning"],
      ["S9", "warning"],
    ]);
    expect(total).toBe(7 + 30 + 0 + 1);
  });

  it("at a past instant: only the alerts active then count, an asset's own status does not", () => {
    const byAlert = new Map<string, AssetStatus>([[idOf(1), "warning"]]);
    const { rows, total } = attentionRows({
      live: false,
      abnormal: [answer([asset(7, "critical")], 12)],
      named: [answer([asset(1, "normal")])],
      byAlert,
      complete: true,
    });
    expect(rows.map((r) => [r.id, r.properties.status])).toEqual([[idOf(1), "warning"]]);
    expect(total).toBe(1);
  });

  it("shows at most ATTENTION_ROWS rows and no total until every answer is in", () => {
    const many = answer(
      Array.from({ length: 60 }, (_, i) => asset(i, "warning")),
      900,
    );
    const { rows, total } = attentionRows({ live: true, abnormal: [many], named: [], byAlert: null, complete: false });
    expect(rows).toHaveLength(ATTENTION_ROWS);
    expect(total).toBeNull();
  });
});
