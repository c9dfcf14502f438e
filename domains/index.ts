/**
 * The domain registry (client-safe): every business domain TwinOps shows, in display order.
 * Adding a domain is a folder under domains/ plus one line here and one in ./server.ts; the rest
 * of the app (DOMAINS, asset types, datastreams, metrics, KPIs, alert rules, boards, pages, map
 * layers, palette, public datasets) derives from this list.
 */
import { construction } from "./construction";
import { energy } from "./energy";
import { health } from "./health";
import { logistics } from "./logistics";
import { transport } from "./transport";
import type { LocalizedText } from "@/lib/twin/types";
import type { AssetTypeSpec, DomainModule, KpiSpec } from "./types";

/** Order is the display order everywhere, and the rollup index order of the metrics (append only). */
export const DOMAIN_MODULES = [energy, transport, construction, health, logistics] as const satisfies readonly DomainModule[];

type Modules = typeof DOMAIN_MODULES;
type Module = Modules[number];

// Mapped over a type parameter, so tuples stay tuples (a concrete tuple would map its methods too).
type Ids<T extends readonly { id: string }[]> = { readonly [K in keyof T]: T[K]["id"] };
type Types<T extends readonly { type: string }[]> = { readonly [K in keyof T]: T[K]["type"] };

/** Domain ids as a tuple (for zod enums), in display order. */
export type DomainIds = Ids<Modules>;
export const DOMAIN_IDS = DOMAIN_MODULES.map((m) => m.id) as unknown as DomainIds;
export type DomainId = Module["id"];

/** Asset types of each domain (NGSI-LD entity types), in the domain's order. */
export type AssetTypesByDomain = {
  readonly [M in Module as M["id"]]: Types<M["assetTypes"]>;
};
export const ASSET_TYPES_BY_DOMAIN = Object.fromEntries(
  DOMAIN_MODULES.map((m) => [m.id, m.assetTypes.map((t: AssetTypeSpec) => t.type)]),
) as unknown as AssetTypesByDomain;

/** The module of a domain id. */
export function domainModule(id: DomainId): DomainModule {
  const m = DOMAIN_MODULES.find((d) => d.id === id);
  if (!m) throw new Error(`unknown domain "${id}"`);
  return m;
}

const ASSET_TYPE_SPECS: ReadonlyMap<string, { domain: DomainId; spec: AssetTypeSpec }> = new Map(
  DOMAIN_MODULES.flatMap((m) => m.assetTypes.map((spec: AssetTypeSpec) => [spec.type, { domain: m.id as DomainId, spec }] as const)),
);

/** The spec of an asset type and the domain that owns it, or undefined for an unknown type. */
export function assetTypeSpec(type: string): { domain: DomainId; spec: AssetTypeSpec } | undefined {
  return ASSET_TYPE_SPECS.get(type);
}

/** Every KPI of the registry by id, with its domain, in display order. */
export const KPI_SPECS: ReadonlyMap<string, { domain: DomainId; spec: KpiSpec }> = new Map(
  DOMAIN_MODULES.flatMap((m) => m.kpis.map((spec: KpiSpec): [string, { domain: DomainId; spec: KpiSpec }] => [spec.id, { domain: m.id, spec }])),
);

/** One value per domain, keyed by its id (in display order). */
export function byDomain<T>(f: (m: Module) => T): Record<DomainId, T> {
  return Object.fromEntries(DOMAIN_MODULES.map((m) => [m.id, f(m)])) as Record<DomainId, T>;
}

const ALERT_RULE_NAMES: ReadonlyMap<string, LocalizedText> = new Map(DOMAIN_MODULES.flatMap((m) => m.alertRules.map((r) => [r.id, r.name] as const)));

/** The name of an alert rule by its machine code (an alert's `subCategory`); undefined for an unknown code. */
export function alertRuleName(id: string): LocalizedText | undefined {
  return ALERT_RULE_NAMES.get(id);
}
