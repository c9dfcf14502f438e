import { datasetsOf, toCsv, toJsonDocument } from "@/lib/public/open-data";
import { publicOrigin } from "@/lib/auth/server";
import { json, withPublicApi } from "@/lib/public/http";
import { dataPackage, dcatDataset } from "@/lib/public/metadata";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One open dataset by stable URL: `<id>.csv`, `<id>.json` (with the dictionary), and its
// metadata as `<id>.datapackage.json` (Frictionless) and `<id>.dcat.jsonld` (DCAT).
export const GET = withPublicApi((snap, params, _query, request) => {
  const m = /^([a-z0-9-]+)\.(csv|json|datapackage\.json|dcat\.jsonld)$/.exec(String(params.file ?? ""));
  const ds = m ? datasetsOf(snap).find((d) => d.id === m[1]) : undefined;
  if (!m || !ds) return null;
  switch (m[2]) {
    case "csv":
      return { body: toCsv(ds), contentType: "text/csv; charset=utf-8; header=present", filename: `${ds.id}.csv` };
    case "datapackage.json":
      return { ...json(dataPackage(ds, snap)), filename: `${ds.id}.datapackage.json` };
    case "dcat.jsonld":
      return { ...json(dcatDataset(ds, snap, publicOrigin(request))), contentType: "application/ld+json; charset=utf-8" };
    default:
      return { ...json(toJsonDocument(ds, snap)), filename: `${ds.id}.json` };
  }
});
