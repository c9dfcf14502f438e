import { json, withPublicApi } from "@/lib/public/http";
import { districtBoundaries } from "@/lib/public/boundaries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// District boundaries of the city pack as GeoJSON (WGS 84), with names, area and population.
export const GET = withPublicApi((snap) => ({
  ...json(districtBoundaries(snap)),
  contentType: "application/geo+json; charset=utf-8",
  filename: `${snap.city.id}-districts.geojson`,
}));
