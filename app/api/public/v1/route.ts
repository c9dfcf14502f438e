import { hasArchive } from "@/lib/public/district-archive";
import { BOUNDARIES_URL, datasetsOf, datasetUrls, LICENCE } from "@/lib/public/open-data";
import { json, withPublicApi } from "@/lib/public/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Entry point of the public API: the city, as-of, licence and every open dataset with its links.
export const GET = withPublicApi((snap) =>
  json({
    city: snap.city,
    simulated: snap.simulated,
    asOf: snap.asOf,
    delayMinutes: snap.delayMinutes,
    nextUpdate: snap.nextUpdate,
    licence: LICENCE,
    links: { snapshot: "/api/public/v1/snapshot", dictionary: "/api/public/v1/dictionary", catalog: "/api/public/v1/catalog.jsonld", districts: BOUNDARIES_URL },
    datasets: datasetsOf(snap).map((d) => ({
      id: d.id,
      domain: d.domain,
      title: d.title,
      asOf: d.asOf,
      links: {
        ...datasetUrls(d.id),
        // Daily archives (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, city dates) of the hourly series and district tables.
        ...(hasArchive(d.id) ? { archive: `/api/public/v1/archive/${d.id}.csv` } : {}),
      },
    })),
  }),
);
