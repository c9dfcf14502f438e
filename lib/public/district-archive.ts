import "server-only";
/**
 * Daily archives of the public district tables: one row per district and city day over the
 * history the twin keeps, with the same privacy rules as the tables on the pages. A level (load,
 * congestion, dust, occupancy, queue) is the mean of the district's hourly means that day and is
 * withheld where fewer than `MIN_CONTRIBUTORS` assets feed it; a count (metro entries) is the
 * day's total, with small counts suppressed day by day (the city's daily total can be worked out
 * from the hourly archive, so the secondary suppression assumes it is known). The range rules
 * and downloads are the city archive's (./archive.ts).
 */
import { roundTo } from "@/lib/export/csv";
import { formatLocalIso } from "@/lib/format/time";
import { nextCityDayStart } from "@/lib/format/zone";
import type { TwinReader } from "@/lib/twin/source";
import type { AssetType, Domain, LocalizedText, Unit } from "@/lib/twin/types";
import { archiveSpec, cityDate, cityDateStart, datesBetween, type ArchiveRange } from "./archive";
import { districtArchiveColumns, FLAG_OF, type Cell, type Dataset } from "./open-data";
import { assetsOf, byDistrict, LEVELS, METRO_TRIPS } from "./read-model";
import { MIN_CONTRIBUTORS } from "./schemas";
import { suppressCounts, type Suppression } from "./suppression";

export interface DistrictArchiveSpec {
  /** The district table's dataset id: its archive is `/api/public/v1/archive/<id>.csv|json`. */
  id: string;
  domain: Domain;
  metric: string;
  /** The assets that feed a district's value (a level over too few of them is withheld). */
  assetType: AssetType;
  title: LocalizedText;
  kind: "level" | "count";
  digits: number;
  /** The unit when it is not the metric's (passenger counts). */
  unit?: Unit;
}

/** Every district table whose metric the twin keeps a history of (construction sites are an inventory state, not a series). */
export const DISTRICT_ARCHIVES: readonly DistrictArchiveSpec[] = [
  ...LEVELS.map((l): DistrictArchiveSpec => ({ id: l.id, domain: l.domain, metric: l.metric, assetType: l.assetType, title: l.title, kind: "level", digits: l.digits })),
  {
    id: METRO_TRIPS.id,
    domain: METRO_TRIPS.domain,
    metric: METRO_TRIPS.metric,
    assetType: METRO_TRIPS.assetType,
    title: { en: "Metro trips by district, per day", zh: "各区每日地铁进站人次" },
    kind: "count",
    digits: 0,
    unit: METRO_TRIPS.unit,
  },
];

/** The district archive with this id, or undefined. */
export function districtArchiveSpec(id: string): DistrictArchiveSpec | undefined {
  return DISTRICT_ARCHIVES.find((a) => a.id === id);
}

/** Whether a dataset has a daily archive: a city-wide hourly series or a district table. */
export function hasArchive(id: string): boolean {
  return archiveSpec(id) !== undefined || districtArchiveSpec(id) !== undefined;
}

const HOUR = 3600;

/** The day values of one district: the mean (level) or total (count) of its hourly values per city date; null for a day without any. */
function dayValues(spec: DistrictArchiveSpec, t: readonly string[], values: readonly (number | null)[], dates: readonly string[], timeZone: string): (number | null)[] {
  const byDate = new Map<string, number[]>();
  t.forEach((at, i) => {
    const v = values[i];
    if (v === null || v === undefined) return;
    const date = cityDate(Date.parse(at), timeZone);
    byDate.set(date, [...(byDate.get(date) ?? []), v]);
  });
  return dates.map((date) => {
    const vs = byDate.get(date);
    if (!vs?.length) return null;
    const total = vs.reduce((a, v) => a + v, 0);
    return spec.kind === "count" ? Math.round(total) : roundTo(total / vs.length, spec.digits);
  });
}

/** A district archive download as a dataset: one row per day of the range and district, days first. */
export async function buildDistrictArchive(twin: TwinReader, spec: DistrictArchiveSpec, range: ArchiveRange, timeZone: string): Promise<Dataset> {
  const from = cityDateStart(range.from, timeZone);
  const to = nextCityDayStart(cityDateStart(range.to, timeZone), timeZone);
  const dates = datesBetween(range.from, range.to);
  const agg = spec.kind === "count" ? "sum" : "avg";
  const [districts, assets, metrics] = await Promise.all([twin.districts(), assetsOf(twin, spec.assetType).then(byDistrict), twin.listMetrics()]);
  const few = districts.map((d) => spec.kind === "level" && (assets.get(d.id)?.length ?? 0) < MIN_CONTRIBUTORS);
  // District by district over the whole range at one-hour steps, as the city archive reads its series.
  const values = await Promise.all(
    districts.map(async (d, i) => {
      if (few[i]) return dates.map(() => null);
      // A district with no station of a count's type has a true zero, not a missing reading.
      if (spec.kind === "count" && !assets.get(d.id)?.length) return dates.map(() => 0);
      const s = (await twin.series({ metric: spec.metric, district: d.id, from, to, stepSeconds: HOUR, aggs: [agg] }))[0];
      return dayValues(spec, s?.t ?? [], s?.values[agg] ?? [], dates, timeZone);
    }),
  );
  const rows: Cell[][] = dates.flatMap((date, j) => {
    const day = values.map((v) => v[j] ?? null);
    // A district without a reading that day had no entries to protect: it counts as 0 in the suppression.
    const counted = spec.kind === "count" ? suppressCounts(day.map((v) => v ?? 0)).cells : null;
    const start = cityDateStart(date, timeZone);
    return districts.map((d, i): Cell[] => {
      const suppression: Suppression | null = counted?.[i]?.suppression ?? null;
      const flag = few[i] ? FLAG_OF.few : suppression ? FLAG_OF[suppression] : "";
      const value = suppression ? null : (day[i] ?? null);
      return [date, start.toISOString(), formatLocalIso(start, timeZone), d.id, d.name.en, d.name.zh, value, flag];
    });
  });
  const unit = spec.unit ?? metrics.find((m) => m.id === spec.metric)?.unit ?? { symbol: "", code: "C62" };
  return {
    id: `${spec.id}_${range.from}_${range.to}`,
    domain: spec.domain,
    title: spec.title,
    description: {
      en: `${spec.kind === "count" ? "Daily total" : "Daily mean"} of each district, ${range.from} to ${range.to} (city time).`,
      zh: `${range.from} 至 ${range.to}（本地时间）各区每日${spec.kind === "count" ? "合计" : "平均"}。`,
    },
    asOf: to.toISOString(),
    updateSeconds: null,
    columns: districtArchiveColumns({ kind: spec.kind, unit, title: spec.title }),
    rows,
  };
}
