import { env } from "@/lib/config/env";
import { archiveSpec, archiveWindow, buildArchive, parseArchiveRange } from "@/lib/public/archive";
import { buildDistrictArchive, districtArchiveSpec } from "@/lib/public/district-archive";
import { json, withPublicApi } from "@/lib/public/http";
import { toCsv, toJsonDocument } from "@/lib/public/open-data";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Daily archive of a dataset: `<id>.csv|json?from=YYYY-MM-DD&to=YYYY-MM-DD` (city dates, both
// included, at most 31 days inside the history the twin keeps; a bad range is a 400): hourly rows
// of a city-wide series, or daily rows per district of a district table.
export const GET = withPublicApi(async (snap, params, query) => {
  const m = /^([a-z0-9-]+)\.(csv|json)$/.exec(String(params.file ?? ""));
  const id = m?.[1] ?? "";
  const hourly = archiveSpec(id);
  const district = hourly ? undefined : districtArchiveSpec(id);
  if (!m || (!hourly && !district)) return null;
  const range = parseArchiveRange(query, archiveWindow(snap, env().TWINOPS_HISTORY_DAYS));
  const tz = snap.city.timezone;
  const ds = hourly ? await buildArchive(getTwin(), hourly, range, tz) : await buildDistrictArchive(getTwin(), district!, range, tz);
  if (m[2] === "csv") return { body: toCsv(ds), contentType: "text/csv; charset=utf-8; header=present", filename: `${ds.id}.csv` };
  return { ...json(toJsonDocument(ds, snap)), filename: `${ds.id}.json` };
});
