import { json, publicOrigin, withPublicApi } from "@/lib/public/http";
import { dcatCatalog } from "@/lib/public/metadata";
import { datasetsOf } from "@/lib/public/open-data";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The DCAT (JSON-LD) catalogue of every open dataset, for portals that harvest metadata.
export const GET = withPublicApi((snap) => ({
  ...json(dcatCatalog(datasetsOf(snap), snap, publicOrigin())),
  contentType: "application/ld+json; charset=utf-8",
}));
