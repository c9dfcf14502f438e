/** A domain's assets on the map, drawn as its registry entry says (see assets.ts for how status is drawn). */
import { domainModule } from "@/domains";
import type { Domain } from "@/lib/twin/types";
import { assetLayers, type DomainLayerSpec } from "./assets";
import type { MapPalette } from "./palette";

/** `scale` is the UI scale of wall screens; `recede`: normal assets fade (walls). */
export function domainLayers(domain: Domain, p: MapPalette, scale = 1, recede = false): DomainLayerSpec {
  return assetLayers(domain, p, scale * (domainModule(domain).layer.pointScale ?? 1), recede);
}
