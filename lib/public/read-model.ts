import "server-only";
/**
 * The public read model: the only thing public pages and `/api/public/v1` read. It is a snapshot
 * of allow-listed figures taken at the twin's time minus the delay, aggregated to district level or
 * coarser, with small counts suppressed and district levels withheld where too few assets feed
 * them (a district mean over one hospital would be that hospital's figure). One snapshot per
 * 5-minute slot is cached, so citizen traffic never reaches the live twin more than once a slot.
 */
import { DOMAIN_MODULES } from "@/domains";
import type { PublicHourlySpec, PublicLevelSpec } from "@/domains/types";
import { env } from "@/lib/config/env";
import { cityDayStart } from "@/lib/format/zone";
import type { TwinReader } from "@/lib/twin/source";
import { METRICS } from "@/lib/twin/metrics";
import { getTwin } from "@/lib/twin/runtime";
import type { Asset, AssetType, DistrictInfo, Domain, KpiValue, LocalizedText, Unit } from "@/lib/twin/types";
import {
  MIN_CONTRIBUTORS,
  PublicSnapshotSchema,
  type InternalDistrictCell,
  type PublicDistrictTable,
  type PublicFigure,
  type PublicHourly,
  type PublicSnapshot,
  type PublicUsual,
} from "./schemas";
import { suppressCounts } from "./suppression";

/** Snapshots start on these boundaries, so every reader in a slot sees the same figures. */
export const SLOT_SECONDS = 300;
const WINDOW_SECONDS = 900;
const HOUR = 3600;

export interface ReadModelOptions {
  delayMinutes: number;
}

/** The widest metric rollup slot: a reading at a slot's start holds every row of the slot. */
const WIDEST_ROLLUP = Math.max(...METRICS.map((m) => m.cadenceSeconds));

/**
 * The instant the public sees at twin time `now`, on a slot boundary. A figure at an instant is
 * its rollup slot's reading, and a slot holds every row up to its end, on the grid or off it (a
 * real feed at 12:07 is in the 12:00-12:15 slot): so the instant is the start of a slot that
 * had ended `delayMinutes` before `now` even for the widest rollup, and no row reaches the public
 * before its delay has passed.
 */
export function publicInstant(now: Date, delayMinutes: number): Date {
  const t = Math.floor(now.getTime() / 1000) - delayMinutes * 60 - WIDEST_ROLLUP + 1;
  return new Date(Math.floor(t / SLOT_SECONDS) * SLOT_SECONDS * 1000);
}

export interface LevelSpec {
  id: string;
  domain: Domain;
  metric: string;
  assetType: AssetType;
  title: LocalizedText;
  description: LocalizedText;
  digits: number;
}

/** Per-district levels the public sees: every domain's `public.levels` in the registry, in display order. */
export const LEVELS: readonly LevelSpec[] = DOMAIN_MODULES.flatMap((m) =>
  m.public.levels.map((l: PublicLevelSpec) => ({ ...l, domain: m.id, assetType: l.assetType as AssetType })),
);

export interface HourlySpec {
  id: string;
  domain: Domain;
  metric: string;
  aggregate: "avg" | "sum";
  title: LocalizedText;
}

/** The city-wide hourly series (every domain's `public.hourly` in the registry): on the pages for the last 24 hours, and as daily archives. */
export const HOURLY: readonly HourlySpec[] = DOMAIN_MODULES.flatMap((m) => m.public.hourly.map((h: PublicHourlySpec) => ({ ...h, domain: m.id })));

const PAX: Unit = { symbol: "", code: "C62" };

/** Metro entries per district (a count table: small counts suppressed): today's on the pages, whole days in the archive. */
export const METRO_TRIPS = {
  id: "transport-metro-trips-by-district",
  domain: "transport",
  metric: "transport.metroEntries",
  assetType: "MetroStation",
  title: { en: "Metro trips today by district", zh: "各区今日地铁进站人次" },
  description: {
    en: "Passenger entries at the district's metro stations since local midnight, up to the as-of time.",
    zh: "当地零时起至统计时间，区内地铁站进站人次。",
  },
  unit: PAX,
} as const satisfies { id: string; domain: Domain; metric: string; assetType: AssetType; title: LocalizedText; description: LocalizedText; unit: Unit };

const ACTIVE_PHASES = new Set(["foundation", "structure", "finishing"]);

const roundTo = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** Every asset of a type (hospitals only, for buildings): the contributors of district figures. */
export async function assetsOf(twin: TwinReader, type: AssetType): Promise<Asset[]> {
  const out: Asset[] = [];
  let cursor: string | undefined;
  do {
    const page = await twin.listAssets({ type, limit: 5000, cursor });
    out.push(...page.assets);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Ambulance stations and other buildings are not hospitals; only hospitals feed bed figures.
  return type === "Building" ? out.filter((a) => a.properties.category === "hospital") : out;
}

export function byDistrict(assets: Asset[]): Map<string, Asset[]> {
  const m = new Map<string, Asset[]>();
  for (const a of assets) m.set(a.district, [...(m.get(a.district) ?? []), a]);
  return m;
}

async function seriesValue(
  twin: TwinReader,
  metric: string,
  district: string | undefined,
  from: Date,
  to: Date,
  step: number,
  agg: "avg" | "sum",
): Promise<(number | null)[]> {
  const s = (await twin.series({ metric, district, from, to, stepSeconds: step, aggs: [agg] }))[0];
  return s?.values[agg] ?? [];
}

async function levelTable(
  twin: TwinReader,
  spec: LevelSpec,
  at: Date,
  assets: Map<string, Asset[]>,
): Promise<{ table: PublicDistrictTable; internal: InternalDistrictCell[] }> {
  const from = new Date(at.getTime() - WINDOW_SECONDS * 1000);
  const unit = (await twin.listMetrics()).find((m) => m.id === spec.metric)?.unit ?? { symbol: "", code: "C62" };
  const districts = await twin.districts();
  const values = await Promise.all(
    districts.map(async (d) =>
      (assets.get(d.id) ?? []).length < MIN_CONTRIBUTORS
        ? null
        : ((await seriesValue(twin, spec.metric, d.id, from, at, WINDOW_SECONDS, "avg")).find((x) => x !== null) ?? null),
    ),
  );
  const internal = districts.map((d, i): InternalDistrictCell => {
    const list = assets.get(d.id) ?? [];
    const few = list.length < MIN_CONTRIBUTORS;
    const v = values[i] ?? null;
    return {
      district: d.id,
      name: d.name,
      value: roundTo(v, spec.digits),
      suppression: few ? "few" : null,
      contributors: list.length,
      assetIds: list.map((a) => a.id),
    };
  });
  return {
    internal,
    table: {
      id: spec.id,
      domain: spec.domain,
      title: spec.title,
      description: spec.description,
      unit,
      kind: "level",
      asOf: at.toISOString(),
      cells: internal,
      total: null,
    },
  };
}

function countTable(
  districts: DistrictInfo[],
  spec: { id: string; domain: Domain; title: LocalizedText; description: LocalizedText; unit: Unit },
  at: Date,
  counts: Map<string, { value: number; assets: Asset[] }>,
): PublicDistrictTable {
  const values = districts.map((d) => counts.get(d.id)?.value ?? 0);
  const s = suppressCounts(values);
  const cells = districts.map((d, i): InternalDistrictCell => {
    const c = s.cells[i];
    return {
      district: d.id,
      name: d.name,
      value: c?.value ?? null,
      suppression: c?.suppression ?? null,
      contributors: counts.get(d.id)?.assets.length ?? 0,
      assetIds: (counts.get(d.id)?.assets ?? []).map((a) => a.id),
    };
  });
  return { ...spec, kind: "count", asOf: at.toISOString(), cells, total: s.total };
}

/**
 * One city-wide hourly series over `[from, to)` (hour boundaries), rounded as published: the
 * pages' last 24 hours and the daily archives come from here, so they always agree.
 */
export async function hourlySeries(twin: TwinReader, h: HourlySpec, from: Date, to: Date): Promise<PublicHourly> {
  const s = (await twin.series({ metric: h.metric, from, to, stepSeconds: HOUR, aggs: [h.aggregate] }))[0];
  const digits = h.aggregate === "sum" ? 0 : 2;
  return {
    ...h,
    unit: h.metric === "transport.metroEntries" ? PAX : (s?.unit ?? PAX),
    t: s?.t ?? [],
    values: (s?.values[h.aggregate] ?? []).map((v) => roundTo(v, digits)),
  };
}

/** Days back that "usual for this hour" looks at, and the fewest of them with a value it needs. */
export const USUAL_DAYS = 7;
const USUAL_MIN_DAYS = 3;
const DAY_MS = 86_400_000;
/** Decimals a usual range is rounded to, by unit (counts and MW whole, indexes to 2). */
const PUBLIC_DIGITS: Record<string, number> = { MW: 0, "": 2, "%": 1, min: 0, "km/h": 0, "µg/m³": 0, "dB(A)": 0 };

/**
 * The range of a figure at the same time of day over the last days, and how now compares:
 * `usual` inside it, otherwise `better` or `worse` by the indicator's direction. A range of
 * identical values (solar share at night: 0 every day) makes the same value now read as usual.
 */
export function usualRange(
  value: number | null,
  past: readonly (number | null)[],
  better: "higher" | "lower",
  digits: number,
): PublicUsual | null {
  const seen = past.filter((v): v is number => v !== null);
  if (seen.length < USUAL_MIN_DAYS) return null;
  const low = roundTo(Math.min(...seen), digits)!;
  const high = roundTo(Math.max(...seen), digits)!;
  const now = roundTo(value, digits);
  const verdict =
    now === null ? null : now >= low && now <= high ? "usual" : (now > high) === (better === "higher") ? "better" : "worse";
  return { low, high, days: seen.length, verdict };
}

/** Builds the public snapshot from a twin. Pure apart from reading the twin. */
export async function buildPublicSnapshot(twin: TwinReader, opts: ReadModelOptions): Promise<PublicSnapshot> {
  const [info, now, districts] = await Promise.all([twin.info(), twin.now(), twin.districts()]);
  const at = publicInstant(now, opts.delayMinutes);
  const atSec = at.getTime() / 1000;

  // The assets behind each level (every registered level's type) and the count tables.
  const types = [...new Set<AssetType>([...LEVELS.map((l) => l.assetType), "CityWork", METRO_TRIPS.assetType])];
  const contributors = new Map(await Promise.all(types.map(async (t) => [t, byDistrict(await assetsOf(twin, t))] as const)));
  const none = new Map<string, Asset[]>();
  const levels = await Promise.all(LEVELS.map(async (spec) => (await levelTable(twin, spec, at, contributors.get(spec.assetType) ?? none)).table));
  const metroStations = contributors.get(METRO_TRIPS.assetType) ?? none;

  // Construction activity: sites past planning whose works had started by the as-of date.
  const activeSites = new Map<string, { value: number; assets: Asset[] }>();
  for (const [district, list] of contributors.get("CityWork") ?? none) {
    const active = list.filter((a) => ACTIVE_PHASES.has(String(a.properties.phase)));
    activeSites.set(district, { value: active.length, assets: active });
  }
  const sitesTable = countTable(
    districts,
    {
      id: "construction-sites-by-district",
      domain: "construction",
      title: { en: "Active construction sites by district", zh: "各区在施工地数" },
      description: {
        en: "Permitted sites in foundation, structure or finishing works. Counts from 1 to 10 are shown as “fewer than 11”.",
        zh: "处于基础、主体或装修施工阶段的已许可工地。1 至 10 的计数显示为“少于 11”。",
      },
      unit: { symbol: "", code: "C62" },
    },
    at,
    activeSites,
  );

  const dayStart = cityDayStart(at, info.timezone);
  const metro = new Map<string, { value: number; assets: Asset[] }>();
  for (const d of districts) {
    const hours = at > dayStart ? await seriesValue(twin, METRO_TRIPS.metric, d.id, dayStart, at, HOUR, "sum") : [];
    metro.set(d.id, { value: Math.round(hours.reduce<number>((a, v) => a + (v ?? 0), 0)), assets: metroStations.get(d.id) ?? [] });
  }
  const metroTable = countTable(
    districts,
    METRO_TRIPS,
    at,
    metro,
  );

  // City totals of count tables come from the tables, so the page never shows a total that
  // differs from (or reveals more than) its districts.
  const countTotals = new Map([
    ["construction.activeSites", sitesTable.total],
    ["transport.metroTripsToday", metroTable.total],
  ]);
  // The same instant on each of the last days: what is usual at this hour.
  const pastDays = await Promise.all(
    Array.from({ length: USUAL_DAYS }, (_, i) => twin.kpis(undefined, new Date(at.getTime() - (i + 1) * DAY_MS))),
  );
  const figures: PublicFigure[] = (await twin.kpis(undefined, at))
    .filter((k: KpiValue) => k.definition.public)
    .map((k) => {
      const counted = countTotals.has(k.definition.id);
      const value = counted ? (countTotals.get(k.definition.id) ?? null) : k.value;
      const suppression = counted && value === null ? "total" : null;
      const past = pastDays.map((day) => day.find((p) => p.definition.id === k.definition.id)?.value ?? null);
      return {
        ...k,
        value,
        previous: counted ? null : k.previous,
        suppression,
        usual: suppression ? null : usualRange(value, past, k.definition.better, PUBLIC_DIGITS[k.definition.unit.symbol] ?? 1),
      };
    });

  const lastHour = Math.floor(atSec / HOUR) * HOUR;
  const hourly = await Promise.all(
    HOURLY.map((h) => hourlySeries(twin, h, new Date((lastHour - 24 * HOUR) * 1000), new Date(lastHour * 1000))),
  );

  // The parse is the allow-list: whatever the twin or the rows above carry beyond the public
  // schemas is dropped here.
  return PublicSnapshotSchema.parse({
    city: { id: info.city, name: info.cityName, timezone: info.timezone },
    simulated: info.simulated,
    empty: info.empty ?? false,
    asOf: at.toISOString(),
    delayMinutes: opts.delayMinutes,
    nextUpdate: new Date(at.getTime() + SLOT_SECONDS * 1000).toISOString(),
    figures,
    // Domain by domain in registry order: a domain's count tables, then its levels (each registered one).
    districtTables: DOMAIN_MODULES.flatMap((m) => [
      ...[metroTable, sitesTable].filter((t) => t.domain === m.id),
      ...levels.filter((t) => t.domain === m.id),
    ]),
    hourly,
  });
}

const KEY = Symbol.for("twinops.public-snapshot");
type Holder = { [KEY]?: { slot: number; snapshot: Promise<PublicSnapshot> } };
const holder = globalThis as Holder;

/**
 * The current public snapshot of the process-wide twin, built once per slot: concurrent requests
 * in a new slot share one build.
 */
export function getPublicSnapshot(): Promise<PublicSnapshot> {
  const twin = getTwin();
  const delayMinutes = env().TWINOPS_PUBLIC_DELAY_MINUTES;
  return twin.now().then((now) => {
    const slot = publicInstant(now, delayMinutes).getTime();
    const cached = holder[KEY];
    if (cached && cached.slot === slot) return cached.snapshot;
    const snapshot = buildPublicSnapshot(twin, { delayMinutes });
    holder[KEY] = { slot, snapshot };
    // A failed build is not kept: the next request tries again.
    snapshot.catch(() => {
      if (holder[KEY]?.snapshot === snapshot) holder[KEY] = undefined;
    });
    return snapshot;
  });
}
