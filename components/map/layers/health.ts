/** Health assets on the map (see assets.ts for how status is drawn). */
import { assetLayers, type DomainLayerSpec } from "./assets";
import type { MapPalette } from "./palette";

/** `scale` is the UI scale of wall screens; `recede`: normal assets fade (walls). */
export function healthLayers(p: MapPalette, scale = 1, recede = false): DomainLayerSpec {
  return assetLayers("health", p, scale * 1, recede);
}
