import { publicOrigin } from "@/lib/auth/server";
import { json, withPublicApi } from "@/lib/public/http";
import { dcatCatalog } from "@/lib/public/metadata";
import { datasetsOf } from "@/lib/public/open-data";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The DCAT (JSON-LD) catalogue of every open dataset, for portals that harvest metadata; its IRIs
// are under TWINOPS_PUBLIC_URL, else the host the request named.
export const GET = withPublicApi((snap, _params, _query, request) => ({
  ...json(dcatCatalog(datasetsOf(snap), snap, publicOrigin(request))),
  contentType: "application/ld+json; charset=utf-8",
}));
