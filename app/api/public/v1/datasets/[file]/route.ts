import { datasetsOf, toCsv, toJsonDocument } from "@/lib/public/open-data";
import { json, withPublicApi } from "@/lib/public/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One open dataset by stable URL: `<id>.csv` or `<id>.json` (the JSON carries the dictionary).
export const GET = withPublicApi((snap, params) => {
  const m = /^([a-z0-9-]+)\.(csv|json)$/.exec(String(params.file ?? ""));
  const ds = m ? datasetsOf(snap).find((d) => d.id === m[1]) : undefined;
  if (!m || !ds) return null;
  if (m[2] === "csv") return { body: toCsv(ds), contentType: "text/csv; charset=utf-8; header=present", filename: `${ds.id}.csv` };
  return { ...json(toJsonDocument(ds, snap)), filename: `${ds.id}.json` };
});
