import "server-only";
/**
 * District boundaries as an open download: the city pack's polygons (WGS 84) with the district
 * facts the pack publishes (names, official area, census population), as the OGC API serves
 * them, and where the geometry comes from, said in the file itself because the polygons may be
 * schematic, not official.
 */
import type { Feature, FeatureCollection } from "geojson";
import { loadCityPack } from "@/lib/city/pack";
import { districtFeatures } from "@/lib/ogc/server";
import { LICENCE } from "./open-data";
import type { PublicSnapshot } from "./schemas";

export type DistrictBoundaries = FeatureCollection & {
  licence: typeof LICENCE;
  attribution: string;
  source: string;
  schematic: boolean;
  notes: string | null;
};

export function districtBoundaries(snap: Pick<PublicSnapshot, "city">): DistrictBoundaries {
  const pack = loadCityPack(snap.city.id);
  const prov = pack.provenance.find((p) => p.layers.includes(pack.basemap.districts));
  const features: Feature[] = districtFeatures(pack);
  return {
    type: "FeatureCollection",
    licence: LICENCE,
    attribution: prov?.attribution ?? `TwinOps, ${snap.city.name.en}`,
    source: prov?.source ?? "",
    schematic: prov?.schematic ?? false,
    notes: prov?.notes ?? null,
    features,
  };
}
