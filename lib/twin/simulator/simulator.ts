import "server-only";
import { DOMAIN_SIMULATORS } from "@/domains/server";
import { num } from "@/domains/sim";
import type { DomainSimulator, Generator, SimCity } from "@/domains/types";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { Asset, Datastream } from "../types";
import type { TimeContext } from "./local-time";
import { hashString, u01 } from "./noise";

export type { Generator };

export interface Simulator {
  /** Generator per datastream, in inventory order. */
  generators: Generator[];
  /** Day-ahead forecast of electric load for a district (MW): smooth, within a few % of actual. */
  forecast(districtId: string, c: TimeContext): number;
}

/** Every model of the registry by `"<AssetType>:<property>"`. */
export const SIM_MODELS = new Map(DOMAIN_SIMULATORS.flatMap((d: DomainSimulator) => Object.entries(d.models)));

/**
 * The generators of an inventory's datastreams, from the domain simulators (domains/<id>/simulator.ts).
 * A datastream without a model is an error, never a made-up value.
 */
export function createSimulator(pack: CityPack, inventory: Inventory, seed: number, simulators: readonly DomainSimulator[] = DOMAIN_SIMULATORS): Simulator {
  const s0 = hashString(`twinops:${seed}`);
  const assets = new Map(inventory.assets.map((a) => [a.id, a]));
  const byType = new Map<string, Asset[]>();
  for (const a of inventory.assets) {
    const list = byType.get(a.type);
    if (list) list.push(a);
    else byType.set(a.type, [a]);
  }
  const memo = new Map<string, unknown>();
  const city: SimCity = {
    pack,
    seed,
    s0,
    // The city-wide weather drifts together: clouds and haze are shared by neighbouring sites.
    cityKey: hashString(`city:${seed}`),
    assetsOf: (type) => byType.get(type) ?? [],
    memo<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
  };
  const models = simulators === DOMAIN_SIMULATORS ? SIM_MODELS : new Map(simulators.flatMap((d) => Object.entries(d.models)));

  function gen(ds: Datastream): Generator {
    const asset = assets.get(ds.assetId);
    if (!asset) throw new Error(`datastream ${ds.id} has no asset ${ds.assetId}`);
    const key = `${asset.type}:${ds.property}`;
    const model = models.get(key);
    if (!model) throw new Error(`no simulator model for ${key} (datastream ${ds.id}): add one to domains/${asset.domain}/simulator.ts`);
    const ka = hashString(asset.id) ^ s0;
    const prop = (k: string, def: number) => num(asset, k, def);
    return model({ asset, ds, k: hashString(ds.id) ^ s0, ka, ua: u01(ka, 1), ub: u01(ka, 2), num: prop }, city);
  }

  const forecasts = simulators.flatMap((d) => (d.forecast ? [d.forecast(city)] : []));
  return {
    generators: inventory.datastreams.map(gen),
    forecast: (districtId, c) => forecasts.reduce((s, f) => s + f(districtId, c), 0),
  };
}
