/**
 * Open data: every public dataset as rows with a data dictionary, and as CSV. Built from the same
 * snapshot the pages show, so a download always matches the page. Pure and client-safe.
 */
import { toSpreadsheetCsv } from "@/lib/export/csv";
import type { Domain, LocalizedText } from "@/lib/twin/types";
import { domainList } from "./present";
import type { PublicHourly, PublicSnapshot } from "./schemas";

export const LICENCE = {
  id: "CC-BY-4.0",
  name: "Creative Commons Attribution 4.0 International",
  url: "https://creativecommons.org/licenses/by/4.0/",
} as const;

export interface ColumnDef {
  name: string;
  type: "string" | "number" | "integer" | "date" | "datetime" | "boolean";
  unit: string | null;
  description: LocalizedText;
}

export type Cell = string | number | boolean | null;

export interface Dataset {
  /** Stable id: the download URLs are `/api/public/v1/datasets/<id>.csv|json`. */
  id: string;
  domain: Domain | null;
  title: LocalizedText;
  description: LocalizedText;
  asOf: string;
  /** How often the dataset gains or changes rows, in seconds; null for a fixed archive. */
  updateSeconds: number | null;
  columns: ColumnDef[];
  rows: Cell[][];
}

/** A public snapshot is replaced every 5 minutes (lib/public/read-model.ts `SLOT_SECONDS`). */
const SNAPSHOT_SECONDS = 300;

const col = (name: string, type: ColumnDef["type"], unit: string | null, en: string, zh: string): ColumnDef => ({
  name,
  type,
  unit,
  description: { en, zh },
});

const FLAG = col(
  "flag",
  "string",
  null,
  "Empty when the value is published; fewer_than_11 for a count from 1 to 10; withheld when hidden so a small count cannot be derived from the total; too_few_sources when fewer than 3 facilities feed the figure.",
  "公布数值时为空；fewer_than_11 表示 1 至 10 的计数；withheld 表示为防止由合计推算出小计数而隐去；too_few_sources 表示数据来源少于 3 个设施。",
);

/** The flag column's word for a suppression. */
export const FLAG_OF = { small: "fewer_than_11", secondary: "withheld", few: "too_few_sources", total: "withheld" } as const;

/** Unit symbol for the dictionary; dimensionless counts and indexes have none. */
function unitName(u: { symbol: string }): string | null {
  return u.symbol === "" ? null : u.symbol;
}

const HOUR_START = col("hour_start", "datetime", null, "Start of the hour (ISO 8601, UTC).", "小时起始时间（ISO 8601，UTC）。");
const hourValue = (h: Pick<PublicHourly, "aggregate" | "unit" | "title">) =>
  col("value", h.aggregate === "sum" ? "integer" : "number", unitName(h.unit), h.title.en, h.title.zh);

/** Columns of a daily archive of an hourly series: the city date and local hour beside the UTC instant. */
export function archiveColumns(h: Pick<PublicHourly, "aggregate" | "unit" | "title">): ColumnDef[] {
  return [
    col("date", "date", null, "City date of the hour (YYYY-MM-DD, local time).", "该小时所属日期（YYYY-MM-DD，本地时间）。"),
    HOUR_START,
    col("hour_start_local", "string", null, "Start of the hour in city time with its UTC offset.", "小时起始的本地时间及 UTC 偏移。"),
    hourValue(h),
  ];
}

const DISTRICT_COLUMNS = [
  col("district", "string", null, "District id from the city pack.", "城市数据包中的区标识。"),
  col("district_en", "string", null, "District name in English.", "区的英文名称。"),
  col("district_zh", "string", null, "District name in Chinese.", "区的中文名称。"),
];

/**
 * Columns of a daily district archive: the city date and its start (UTC and city time with its
 * offset), the district, the day's value (a level's mean, a count's total) and its flag.
 */
export function districtArchiveColumns(t: { kind: "level" | "count"; unit: { symbol: string }; title: LocalizedText }): ColumnDef[] {
  const what = t.kind === "count" ? { en: "Total of the day", zh: "当日合计" } : { en: "Mean of the day's hourly means", zh: "当日各小时平均值的平均" };
  return [
    col("date", "date", null, "City date (YYYY-MM-DD, local time).", "日期（YYYY-MM-DD，本地时间）。"),
    col("day_start", "datetime", null, "Start of the city day (ISO 8601, UTC).", "当日起始时间（ISO 8601，UTC）。"),
    col("day_start_local", "string", null, "Start of the city day in city time with its UTC offset.", "当日起始的本地时间及 UTC 偏移。"),
    ...DISTRICT_COLUMNS,
    col(
      "value",
      t.kind === "count" ? "integer" : "number",
      unitName(t.unit),
      `${what.en}: ${t.title.en}; empty when not published (see flag) or when the twin holds no reading that day.`,
      `${what.zh}：${t.title.zh}；不公布（见 flag）或当日无读数时为空。`,
    ),
    FLAG,
  ];
}

/** All public datasets of a snapshot, in a stable order. */
export function datasetsOf(snap: PublicSnapshot): Dataset[] {
  const figures: Dataset = {
    id: "city-figures",
    domain: null,
    title: { en: "City figures", zh: "全市指标" },
    description: {
      en: "The headline figures of the public pages: one row per indicator, city-wide.",
      zh: "公开页面的主要指标：每行一个全市指标。",
    },
    asOf: snap.asOf,
    updateSeconds: SNAPSHOT_SECONDS,
    columns: [
      col("indicator", "string", null, "Stable indicator id.", "指标标识。"),
      col("domain", "string", null, `${domainList("en", "disjunction")}.`, `领域：${domainList("zh", "disjunction")}。`),
      col("name_en", "string", null, "Name in English.", "英文名称。"),
      col("name_zh", "string", null, "Name in Chinese.", "中文名称。"),
      col("value", "number", null, "The figure; empty when withheld.", "指标数值；不予公布时为空。"),
      col("unit", "string", null, "Unit symbol (empty for counts and indexes).", "单位（计数和指数为空）。"),
      col("as_of", "datetime", null, "Instant the value describes (ISO 8601, UTC).", "数值对应的时间（ISO 8601，UTC）。"),
      col("cadence_seconds", "integer", "s", "How often the source updates the indicator.", "数据源更新该指标的间隔。"),
      FLAG,
    ],
    rows: snap.figures.map((f) => [
      f.definition.id,
      f.definition.domain,
      f.definition.name.en,
      f.definition.name.zh,
      f.value,
      f.definition.unit.symbol,
      f.asOf,
      f.definition.cadenceSeconds,
      f.suppression ? FLAG_OF[f.suppression] : "",
    ]),
  };

  const districts: Dataset[] = snap.districtTables.map((t) => ({
    id: t.id,
    domain: t.domain,
    title: t.title,
    description: t.description,
    asOf: t.asOf,
    updateSeconds: SNAPSHOT_SECONDS,
    columns: [
      ...DISTRICT_COLUMNS,
      col("value", t.kind === "count" ? "integer" : "number", unitName(t.unit), `${t.title.en}; empty when not published (see flag).`, `${t.title.zh}；不公布时为空（见 flag）。`),
      FLAG,
      col("as_of", "datetime", null, "Instant the value describes (ISO 8601, UTC).", "数值对应的时间（ISO 8601，UTC）。"),
    ],
    rows: [
      ...t.cells.map((c): Cell[] => [c.district, c.name.en, c.name.zh, c.value, c.suppression ? FLAG_OF[c.suppression] : "", t.asOf]),
      ...(t.kind === "count" ? [["total", "City total", "全市合计", t.total, t.total === null ? "withheld" : "", t.asOf] satisfies Cell[]] : []),
    ],
  }));

  const hourly: Dataset[] = snap.hourly.map((h) => ({
    id: h.id,
    domain: h.domain,
    title: h.title,
    description: {
      en: `City-wide ${h.aggregate === "sum" ? "total" : "mean"} of each complete hour over the 24 hours before the as-of time.`,
      zh: `统计时间前 24 小时内每个完整小时的全市${h.aggregate === "sum" ? "合计" : "平均"}。`,
    },
    asOf: snap.asOf,
    updateSeconds: 3600,
    columns: [HOUR_START, hourValue(h)],
    rows: h.t.map((t, i) => [t, h.values[i] ?? null]),
  }));

  return [figures, ...districts, ...hourly];
}


/**
 * The dataset as CSV by the department export's rules (lib/export/csv.ts): UTF-8 with BOM so
 * spreadsheet programs read the Chinese names right, RFC 4180, text guarded against formulas.
 */
export function toCsv(ds: Dataset): string {
  return toSpreadsheetCsv(
    ds.columns.map((c) => c.name),
    ds.rows,
  );
}

/** The dataset as a JSON document with its dictionary, licence and as-of. */
export function toJsonDocument(ds: Dataset, snap: PublicSnapshot) {
  return {
    id: ds.id,
    title: ds.title,
    description: ds.description,
    asOf: ds.asOf,
    delayMinutes: snap.delayMinutes,
    simulated: snap.simulated,
    licence: LICENCE,
    attribution: `TwinOps, ${snap.city.name.en} (${snap.simulated ? "simulated data" : "city data"})`,
    columns: ds.columns,
    records: ds.rows.map((r) => Object.fromEntries(ds.columns.map((c, i) => [c.name, r[i] ?? null]))),
  };
}

/** Download paths of a dataset: the data, its Frictionless descriptor and its DCAT metadata. */
export function datasetUrls(id: string): { csv: string; json: string; datapackage: string; dcat: string } {
  const base = `/api/public/v1/datasets/${id}`;
  return { csv: `${base}.csv`, json: `${base}.json`, datapackage: `${base}.datapackage.json`, dcat: `${base}.dcat.jsonld` };
}

/** Where the district boundaries download is served (app/api/public/v1/districts.geojson). */
export const BOUNDARIES_URL = "/api/public/v1/districts.geojson";
