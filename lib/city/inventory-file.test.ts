import { describe, expect, it } from "vitest";
import { generateInventory } from "./inventory";
import { InventoryLoadError, parseInventory } from "./inventory-file";
import { loadCityPack } from "./pack";

const pack = loadCityPack("demo-harbour");
const good = generateInventory(pack).assets.slice(0, 3);
const parse = (doc: unknown) => parseInventory(Buffer.from(typeof doc === "string" ? doc : JSON.stringify(doc)), "inv.json", pack);
const withAsset = (i: number, patch: Record<string, unknown>) => ({ assets: good.map((a, k) => (k === i ? { ...a, ...patch } : a)) });

describe("imported inventory file", () => {
  it("loads the assets and derives their datastreams from the types, with a content hash", () => {
    const r = parse({ assets: good, datastreams: [] });
    expect(r.inventory.assets).toEqual(good);
    expect(r.inventory.datastreams).toEqual(generateInventory(pack).datastreams.filter((d) => good.some((a) => a.id === d.assetId)));
    expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parse({ assets: good.slice(1) }).hash).not.toBe(r.hash);
  });

  it.each([
    ["{", "inv.json: (file): not JSON"],
    [{ items: [] }, "inv.json: assets: "],
    [{ assets: [] }, "inv.json: assets: expected at least one asset"],
    [withAsset(1, { name: { en: "X", zh: " " } }), `assets[1] (${good[1]!.id}).name.zh: expected a non-empty string`],
    [withAsset(2, { district: "atlantis" }), `assets[2] (${good[2]!.id}): unknown district "atlantis"`],
    [withAsset(0, { id: good[0]!.id.replace("demo-harbour", "shenzhen") }), "assets[0] (urn:ngsi-ld:Substation:shenzhen:"],
    [withAsset(1, { id: good[0]!.id }), `assets[1] (${good[0]!.id}): duplicate id`],
    [withAsset(0, { domain: "health" }), "domain health does not match type Substation (energy)"],
    [withAsset(0, { geometry: { type: "Point", coordinates: [114, 22.5] } }), "(114, 22.5) lies outside the bounds of demo-harbour"],
  ])("refuses %j naming file and asset", (doc, message) => {
    expect(() => parse(doc)).toThrow(InventoryLoadError);
    expect(() => parse(doc)).toThrow(message);
  });
});
