import "server-only";
/**
 * District boundaries as an open download: the city pack's polygons (WGS 84) with the district
 * facts the pack publishes (names, official area, census population) and where the geometry
 * comes from, said in the file itself because the polygons may be schematic, not official.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { loadCityPack } from "@/lib/city/pack";
import { LICENCE } from "./open-data";
import type { PublicSnapshot } from "./schemas";

export interface DistrictProperties {
  id: string;
  name_en: string;
  name_zh: string;
  area_km2: number | null;
  population: number | null;
}

export type DistrictBoundaries = FeatureCollection<Polygon | MultiPolygon, DistrictProperties> & {
  licence: typeof LICENCE;
  attribution: string;
  source: string;
  schematic: boolean;
  notes: string | null;
};

export function districtBoundaries(snap: Pick<PublicSnapshot, "city">): DistrictBoundaries {
  const pack = loadCityPack(snap.city.id);
  const facts = new Map(pack.districts.map((d) => [d.id, d]));
  const file = pack.basemap.districts;
  const prov = pack.provenance.find((p) => p.layers.includes(file));
  const features = pack.districtGeometry.features.map((f): Feature<Polygon | MultiPolygon, DistrictProperties> => {
    const d = facts.get(f.properties.id);
    return {
      type: "Feature",
      id: f.properties.id,
      geometry: f.geometry,
      properties: {
        id: f.properties.id,
        name_en: d?.name.en ?? f.properties.name_en,
        name_zh: d?.name.zh ?? f.properties.name_zh,
        area_km2: d?.areaKm2 ?? null,
        population: d?.population ?? null,
      },
    };
  });
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
