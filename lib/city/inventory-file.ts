import "server-only";
/**
 * A city's imported inventory, loaded at start-up: the JSON file `npm run import-inventory` writes
 * (TWINOPS_INVENTORY_FILE). The twin seeds its assets from it instead of generating them from the
 * pack's counts; datastreams are derived from the asset types (lib/city/datastreams.ts), as for a
 * generated inventory, so a file can never carry a stream the twin does not know.
 *
 * Every asset is checked again (the file may have been edited, or written for another city): a
 * bad file throws InventoryLoadError naming the file and the asset, before anything is stored.
 * `hash` (SHA-256 of the file's bytes) is recorded in the store's meta beside city and seed, so
 * a changed file is noticed like a new seed.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ASSET_STATUSES, ASSET_TYPES, type Asset, type AssetType } from "@/lib/twin/types";
import { ASSET_TYPE_DOMAIN } from "./datastreams";
import { datastreamsOf } from "./inventory";
import { formatJsonPath } from "./pack";
import type { CityPack, Inventory } from "./types";

/** Raised for an inventory file the twin cannot start from; the message names file and asset. */
export class InventoryLoadError extends Error {
  override name = "InventoryLoadError";
}

const ALL_TYPES = Object.values(ASSET_TYPES).flat() as [AssetType, ...AssetType[]];
const text = z.string().trim().min(1, "expected a non-empty string");

const AssetSchema = z.object({
  id: text,
  type: z.enum(ALL_TYPES),
  domain: z.enum(Object.keys(ASSET_TYPES) as [keyof typeof ASSET_TYPES, ...(keyof typeof ASSET_TYPES)[]]),
  name: z.object({ en: text, zh: text }),
  geometry: z.object({
    type: z.literal("Point"),
    coordinates: z.tuple([z.number().finite(), z.number().finite()]),
  }),
  district: text,
  status: z.enum(ASSET_STATUSES),
  properties: z.record(z.string(), z.union([z.string(), z.number().finite(), z.boolean(), z.null()])),
});

const FileSchema = z.object({ assets: z.array(z.unknown()).min(1, "expected at least one asset") });

export interface LoadedInventory {
  inventory: Inventory;
  /** `sha256:<hex>` of the file's bytes. */
  hash: string;
}

/** Reads and checks an imported inventory of `pack`; throws InventoryLoadError. */
export function loadInventoryFile(file: string, pack: CityPack): LoadedInventory {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InventoryLoadError(`inventory file ${file}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseInventory(bytes, file, pack);
}

/** As loadInventoryFile, over bytes already read; `file` only names them in errors. */
export function parseInventory(bytes: Buffer, file: string, pack: CityPack): LoadedInventory {
  const fail = (where: string, problem: string): never => {
    throw new InventoryLoadError(`inventory file ${file}: ${where}: ${problem}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    return fail("(file)", `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const top = FileSchema.safeParse(doc);
  if (!top.success) {
    const issue = top.error.issues[0];
    return fail(issue ? formatJsonPath(issue.path) : "(root)", issue?.message ?? "expected { assets: [...] } as import-inventory writes it");
  }
  const districts = new Set(pack.districts.map((d) => d.id));
  const [w, s, e, n] = pack.bounds;
  const seen = new Set<string>();
  const assets = top.data.assets.map((raw, i): Asset => {
    const id = (raw as { id?: unknown } | null)?.id;
    const where = `assets[${i}]${typeof id === "string" ? ` (${id})` : ""}`;
    const r = AssetSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      return fail(`${where}.${issue ? formatJsonPath(issue.path) : "?"}`, issue?.message ?? "invalid");
    }
    const a = r.data;
    const prefix = `urn:ngsi-ld:${a.type}:${pack.id}:`;
    if (!a.id.startsWith(prefix) || a.id.length === prefix.length) fail(where, `id must be ${prefix}<local id> (an inventory of another city or type?)`);
    if (seen.has(a.id)) fail(where, `duplicate id ${a.id}`);
    seen.add(a.id);
    if (ASSET_TYPE_DOMAIN[a.type] !== a.domain) fail(where, `domain ${a.domain} does not match type ${a.type} (${ASSET_TYPE_DOMAIN[a.type]})`);
    if (!districts.has(a.district)) fail(where, `unknown district "${a.district}" in city ${pack.id}`);
    const [x, y] = a.geometry.coordinates;
    if (x < w || x > e || y < s || y > n) fail(where, `(${x}, ${y}) lies outside the bounds of ${pack.id}`);
    return { ...a, geometry: { type: "Point", coordinates: [x, y] } };
  });
  const hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  return { inventory: { assets, datastreams: datastreamsOf(assets) }, hash };
}
