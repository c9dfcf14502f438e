import "server-only";
import { generateInventory } from "@/lib/city/inventory";
import { loadInventoryFile } from "@/lib/city/inventory-file";
import { loadCityPack } from "@/lib/city/pack";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { Clock } from "../simulator/clock";
import { openEmbeddedTwin, type EmbeddedTwin } from "./embedded-twin";

export { BadCursorError, openEmbeddedTwin, type EmbeddedTwin } from "./embedded-twin";

export interface CreateEmbeddedTwinOptions {
  dbPath: string;
  /** The operations store's file (default: a private in-memory one). */
  opsDbPath?: string;
  city: string;
  seed: number;
  /** Multiplies the pack's asset counts (see generateInventory); default 1. */
  inventoryScale?: number;
  backfillDays: number;
  /** Days of metric rollup history (written as rollups only beyond the raw backfill). */
  historyDays?: number;
  /** Real seconds between live ticks; 0 = no timer. */
  tickSeconds: number;
  /** Live cadence of fast streams (substation load); default the tick interval, else 5 s. */
  fastCadenceSeconds?: number;
  clock?: Clock;
  /** Root folder of city packs (default public/cities). */
  citiesDir?: string;
  log?: (line: string) => void;
  /** Streams a real source feeds (`<asset type>:<property>`): not simulated. */
  externalStreams?: ReadonlySet<string>;
  /** Already loaded pack and inventory (tests, benchmarks); skips loading `city`. */
  pack?: CityPack;
  inventory?: Inventory;
  /**
   * An imported inventory (TWINOPS_INVENTORY_FILE, written by `npm run import-inventory`): its
   * assets replace the generated ones; the scale is then ignored. A bad file throws
   * InventoryLoadError before the store is opened.
   */
  inventoryFile?: string;
  /** False: no simulator, real feeds only (TWINOPS_SIMULATOR=off). */
  simulator?: boolean;
}

/**
 * Opens (and on first start backfills) the embedded twin of a city. Synchronous and slow on an
 * empty database: call it at server start (instrumentation), not inside a request.
 */
export function createEmbeddedTwin(opts: CreateEmbeddedTwinOptions): EmbeddedTwin {
  const pack = opts.pack ?? loadCityPack(opts.city, opts.citiesDir);
  if (opts.inventoryFile) {
    const loaded = loadInventoryFile(opts.inventoryFile, pack);
    return openEmbeddedTwin(pack, loaded.inventory, { ...opts, inventoryScale: 1, inventoryHash: loaded.hash });
  }
  const inventory = opts.inventory ?? generateInventory(pack, opts.inventoryScale ?? 1);
  return openEmbeddedTwin(pack, inventory, opts);
}
