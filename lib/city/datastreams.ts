/**
 * The inventory contract's datastream table: which properties each asset type measures, in what
 * unit and how often — derived from the domain registry (domains/<id>/index.ts). The inventory
 * generator creates datastreams from it and the simulator reads the same table, so the two cannot
 * drift apart. Pure data: client-safe.
 */
import { DOMAIN_MODULES } from "@/domains";
import type { AssetTypeSpec, DatastreamSpec } from "@/domains/types";
import type { AssetType, Domain } from "@/lib/twin/types";

export type { DatastreamSpec };

/** Staleness limit = this many cadences without a new observation. */
export const STALE_AFTER_CADENCES = 3;

const entries = DOMAIN_MODULES.flatMap((m) => m.assetTypes.map((t: AssetTypeSpec) => ({ domain: m.id as Domain, spec: t })));

export const DATASTREAM_SPECS = Object.fromEntries(entries.map((e) => [e.spec.type, e.spec.datastreams])) as Record<
  AssetType,
  readonly DatastreamSpec[]
>;

/** Domain of each asset type (inverse of ASSET_TYPES). */
export const ASSET_TYPE_DOMAIN = Object.fromEntries(entries.map((e) => [e.spec.type, e.domain])) as Record<AssetType, Domain>;

/** The registry's spec of each asset type (label, capacity property, datastreams). */
export const ASSET_TYPE_SPECS = Object.fromEntries(entries.map((e) => [e.spec.type, e.spec])) as Record<AssetType, AssetTypeSpec>;
