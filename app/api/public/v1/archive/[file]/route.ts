import { env } from "@/lib/config/env";
import { archiveSpec, archiveWindow, buildArchive, parseArchiveRange } from "@/lib/public/archive";
import { json, withPublicApi } from "@/lib/public/http";
import { toCsv, toJsonDocument } from "@/lib/public/open-data";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Daily archive of an hourly series: `<id>.csv|json?from=YYYY-MM-DD&to=YYYY-MM-DD` (city dates,
// both included, at most 31 days inside the history the twin keeps; a bad range is a 400).
export const GET = withPublicApi(async (snap, params, query) => {
  const m = /^([a-z0-9-]+)\.(csv|json)$/.exec(String(params.file ?? ""));
  const spec = m ? archiveSpec(m[1] ?? "") : undefined;
  if (!m || !spec) return null;
  const range = parseArchiveRange(query, archiveWindow(snap, env().TWINOPS_HISTORY_DAYS));
  const ds = await buildArchive(getTwin(), spec, range, snap.city.timezone);
  const name = `${spec.id}_${range.from}_${range.to}`;
  if (m[2] === "csv") return { body: toCsv(ds), contentType: "text/csv; charset=utf-8; header=present", filename: `${name}.csv` };
  return { ...json(toJsonDocument(ds, snap)), filename: `${name}.json` };
});
