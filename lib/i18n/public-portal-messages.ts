/**
 * Strings of the public pages' context (what is usual, how figures are worked out, the one
 * update statement) and of the open-data portal, in both languages. Kept beside
 * `public-messages.ts` rather than in it while several branches edit that table; one typed
 * table: a missing translation is a type error.
 */
import type { Locale } from "./locale";

const en = {
  glanceIntro: "The latest published figures for energy, transport, construction and health, each for the whole city, with what is usual at this time of day.",
  updateRule:
    "Figures show the city as it was at {asOf}. Everything is published at least {delay} after it is measured and refreshed every 5 minutes; the next refresh is at {next}. Hourly series and archives contain complete hours only.",
  updateRuleTitle: "Delay and updates",
  usualRange: "Usual at this time: {low} to {high}",
  usualOne: "Usual at this time: {value}",
  usualBasis: "Same time of day on the last {days} days.",
  usualNone: "Not enough history yet to say what is usual at this time.",
  verdictUsual: "Within the usual range",
  higherBetter: "Higher than usual (better)",
  higherWorse: "Higher than usual (worse)",
  lowerBetter: "Lower than usual (better)",
  lowerWorse: "Lower than usual (worse)",
  measured: "Measured",
  how: "How it is worked out",
  formulasNote: "The exact formulas are in the data dictionary of the city figures.",
  portalIntro: "Every figure on these pages can be downloaded as open data: the current values, the last 24 hours, daily archives and the district boundaries. Each dataset has a page with a preview, its fields, its licence and how to cite it.",
  datasetsList: "Datasets",
  datasetPage: "Dataset",
  allDatasets: "All datasets",
  preview: "Preview",
  previewCaption: "First {n} of {total} rows",
  fields: "Fields",
  about: "About this dataset",
  updateFrequency: "Update frequency",
  updateEvery: "every {every}",
  size: "Size",
  sizeText: "{rows} rows, {kb} kB as CSV",
  licence: "Licence",
  citeAs: "Cite as",
  formats: "Downloads",
  datapackage: "Frictionless data package (datapackage.json)",
  dcat: "DCAT metadata (JSON-LD)",
  catalogue: "Catalogue of all datasets (DCAT, JSON-LD)",
  archive: "Daily archive",
  archiveIntro: "Whole days in city time, from {first} to {last}. One download covers up to {max} days.",
  archiveForm: "Download a date range",
  from: "From",
  to: "To",
  format: "Format",
  download: "Download",
  archiveDays: "Single days",
  boundaries: "District boundaries",
  boundariesText: "The outlines of the districts as GeoJSON (WGS 84), with names in English and Chinese, official area and census population. {note}",
  schematicNote: "The outlines are schematic, not official boundaries.",
  boundariesLink: "District boundaries (GeoJSON)",
  indicators: "Indicators and formulas",
  indicator: "Indicator",
  formula: "Formula",
  publisher: "Publisher",
  hourly: "hourly",
} as const;

export type PortalMessageKey = keyof typeof en;

const zh: Record<PortalMessageKey, string> = {
  glanceIntro: "能源、交通、建设和卫生的最新公开指标，均为全市数据，并附该时段的常态范围。",
  updateRule: "数据反映 {asOf} 的城市状况。所有数据在采集至少 {delay} 后发布，每 5 分钟更新一次，下次更新时间为 {next}。小时序列和历史档案只包含完整小时。",
  updateRuleTitle: "发布延时与更新",
  usualRange: "该时段常态：{low} 至 {high}",
  usualOne: "该时段常态：{value}",
  usualBasis: "取近 {days} 天同一时刻的数值。",
  usualNone: "历史数据不足，暂无法判断该时段的常态。",
  verdictUsual: "处于常态范围内",
  higherBetter: "高于常态（较好）",
  higherWorse: "高于常态（较差）",
  lowerBetter: "低于常态（较好）",
  lowerWorse: "低于常态（较差）",
  measured: "采集频率",
  how: "统计方法",
  formulasNote: "具体计算公式见全市指标的数据字典。",
  portalIntro: "本网站的所有数据均可作为开放数据下载：当前数值、过去 24 小时数据、逐日历史档案和各区边界。每个数据集均有单独页面，提供数据预览、字段说明、许可协议和引用方式。",
  datasetsList: "数据集",
  datasetPage: "数据集",
  allDatasets: "全部数据集",
  preview: "数据预览",
  previewCaption: "共 {total} 行，显示前 {n} 行",
  fields: "字段说明",
  about: "数据集信息",
  updateFrequency: "更新频率",
  updateEvery: "每 {every}",
  size: "数据量",
  sizeText: "{rows} 行，CSV 文件 {kb} KB",
  licence: "许可协议",
  citeAs: "引用格式",
  formats: "下载",
  datapackage: "Frictionless 数据包描述（datapackage.json）",
  dcat: "DCAT 元数据（JSON-LD）",
  catalogue: "全部数据集目录（DCAT，JSON-LD）",
  archive: "逐日历史档案",
  archiveIntro: "按本地时间的完整日期提供，范围为 {first} 至 {last}。每次最多下载 {max} 天。",
  archiveForm: "按日期范围下载",
  from: "起始日期",
  to: "截止日期",
  format: "格式",
  download: "下载",
  archiveDays: "单日下载",
  boundaries: "各区边界",
  boundariesText: "各区边界的 GeoJSON 文件（WGS 84 坐标），含中英文名称、官方面积和人口普查数据。{note}",
  schematicNote: "边界为示意性质，并非官方行政区划界线。",
  boundariesLink: "各区边界（GeoJSON）",
  indicators: "指标与计算公式",
  indicator: "指标",
  formula: "计算公式",
  publisher: "发布单位",
  hourly: "每小时",
};

const TABLE: Record<Locale, Record<PortalMessageKey, string>> = { en, zh };

/** One portal string with `{name}` placeholders filled in. */
export function ppt(locale: Locale, key: PortalMessageKey, vars?: Record<string, string | number>): string {
  const raw = TABLE[locale][key];
  return vars ? raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : raw;
}
