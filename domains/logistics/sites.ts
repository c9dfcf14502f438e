/**
 * Where Shenzhen's logistics sits, and the published figures the simulator is scaled to. Pure data:
 * client-safe (the public pages show the provenance list).
 *
 * Positions are WGS 84, read by hand from general knowledge of the city and accurate to a few
 * hundred metres; a site on the waterfront is moved just inside the pack's schematic (Natural
 * Earth) coast, at most ~1.5 km, so that it lies in its district polygon (sites.test.ts checks).
 * Berth counts, per-terminal shares of the port's volume and per-route shares of drone flights
 * are TwinOps estimates (marked `estimate` below); only the city totals are published figures.
 */
import type { LocalizedText, PropertyValue } from "@/lib/twin/types";
import type { PublishedFigure } from "../types";

/**
 * The published figures behind the simulated magnitudes: the domain's `provenance` (shown on the
 * public pages with their sources). Sources are named as published; only https addresses.
 */
export const PROVENANCE = [
  {
    id: "portTeu",
    what: { en: "Shenzhen port container throughput", zh: "深圳港集装箱吞吐量" },
    value: 29_880_000,
    unit: { en: "TEU per year", zh: "标箱/年" },
    year: 2023,
    source: {
      en: "Shenzhen Municipal Transportation Bureau, 2023 port statistics (reported by Xinhua, January 2024)",
      zh: "深圳市交通运输局2023年港口统计数据（新华社2024年1月报道）",
    },
    url: "https://jtys.sz.gov.cn/",
  },
  {
    id: "airCargo",
    what: { en: "Shenzhen Bao'an International Airport cargo and mail throughput", zh: "深圳宝安国际机场货邮吞吐量" },
    value: 1_600_000,
    unit: { en: "tonnes per year", zh: "吨/年" },
    year: 2023,
    source: {
      en: "Civil Aviation Administration of China, 2023 airport production statistics bulletin",
      zh: "中国民用航空局《2023年民航机场生产统计公报》",
    },
    url: "https://www.caac.gov.cn/",
  },
  {
    // Recalled at first as "600,000 flights in 2023"; that could not be confirmed. What was
    // confirmed is a running total: over 780,000 flights from January 2023 to June 2024.
    id: "droneFlights",
    what: { en: "Cargo drone flights in Shenzhen since the start of 2023 (all operators)", zh: "2023年初以来深圳载货无人机飞行架次（全部运营企业）" },
    value: 780_000,
    atLeast: true,
    unit: { en: "flights, January 2023 to June 2024 in total", zh: "架次（2023年1月至2024年6月累计）" },
    year: 2024,
    source: {
      en: "Shenzhen Municipal Transportation Bureau, low-altitude economy statistics (reported by Shenzhen Special Zone Daily, June 2024)",
      zh: "深圳市交通运输局低空经济统计数据（《深圳特区报》2024年6月报道）",
    },
    url: "https://jtys.sz.gov.cn/",
    note: {
      en: "A running total over 18 months: the simulation flies it evenly, about 520,000 flights a year.",
      zh: "该数为18个月累计值，模拟按全期平均计，约每年52万架次。",
    },
  },
  {
    id: "yictBerths",
    what: { en: "Container berths at Yantian International Container Terminals", zh: "盐田国际集装箱码头泊位数" },
    value: 16,
    unit: { en: "berths", zh: "个泊位" },
    year: 2013,
    source: {
      en: "Yantian International Container Terminals, interview with the managing director (Business Excellence)",
      zh: "盐田国际集装箱码头董事总经理访谈（Business Excellence 杂志）",
    },
    url: "https://bus-ex.com/index.php/article/yantian-international-container-terminals",
  },
] as const satisfies readonly PublishedFigure[];

/** Published figure by id (the simulator's magnitudes read them from here, not from copies). */
export function published(id: string): number {
  const f = PROVENANCE.find((p) => p.id === id);
  if (!f) throw new Error(`no published figure ${id}`);
  return f.value;
}

/** January 2023 to June 2024: the period the confirmed drone figure covers. */
const DRONE_PERIOD_YEARS = 1.5;
/** Cargo drone flights a year the simulation flies: the confirmed running total spread evenly over its period. */
export const DRONE_FLIGHTS_PER_YEAR = Math.round(published("droneFlights") / DRONE_PERIOD_YEARS);

export interface Site {
  /** Local part of the asset id. */
  local: string;
  type: "ContainerTerminal" | "Gate" | "AirCargoTerminal" | "LogisticsPark" | "ColdChainWarehouse" | "DroneRoute" | "TruckCorridor";
  district: string;
  name: LocalizedText;
  /** A point, or the vertices of a route / corridor (LineString). */
  at: readonly (readonly [number, number])[];
  properties: Record<string, PropertyValue>;
}

const pt = (lon: number, lat: number) => [[lon, lat]] as const;

/**
 * Container terminals: `annualTEU` is the terminal's share of the 2023 port total (estimate, sums
 * to the published figure), `berths` approximate except YICT's published count.
 */
const TERMINALS: Site[] = [
  {
    local: "yantian-yict",
    type: "ContainerTerminal",
    district: "yantian",
    name: { en: "Yantian International Container Terminals", zh: "盐田国际集装箱码头" },
    at: pt(114.266, 22.584),
    properties: { portArea: "east", operator: "YICT", berths: 16, annualTEU: 13_500_000 },
  },
  {
    local: "shekou-sct",
    type: "ContainerTerminal",
    district: "nanshan",
    name: { en: "Shekou Container Terminals", zh: "蛇口集装箱码头" },
    at: pt(113.905, 22.475),
    properties: { portArea: "west", operator: "China Merchants Port", berths: 9, annualTEU: 6_000_000 },
  },
  {
    local: "chiwan-cct",
    type: "ContainerTerminal",
    district: "nanshan",
    name: { en: "Chiwan Container Terminal", zh: "赤湾集装箱码头" },
    at: pt(113.886, 22.47),
    properties: { portArea: "west", operator: "China Merchants Port", berths: 9, annualTEU: 4_800_000 },
  },
  {
    local: "mawan-smart-port",
    type: "ContainerTerminal",
    district: "nanshan",
    name: { en: "Mawan Smart Port", zh: "妈湾智慧港" },
    at: pt(113.872, 22.495),
    properties: { portArea: "west", operator: "China Merchants Port", berths: 7, annualTEU: 3_380_000 },
  },
  {
    local: "dachan-bay",
    type: "ContainerTerminal",
    district: "baoan",
    name: { en: "Dachan Bay Container Terminal", zh: "大铲湾集装箱码头" },
    at: pt(113.862, 22.551),
    properties: { portArea: "west", operator: "Dachan Bay Modern Port", berths: 5, annualTEU: 2_200_000 },
  },
];

/** One truck gate per terminal; `lanes` approximate. */
const GATES: Site[] = (
  [
  ["yantian-yict", "yantian", "Yantian Port Gate", "盐田港区闸口", 114.262, 22.59, 24],
  ["shekou-sct", "nanshan", "Shekou Port Gate", "蛇口港区闸口", 113.91, 22.487, 14],
  ["chiwan-cct", "nanshan", "Chiwan Port Gate", "赤湾港区闸口", 113.89, 22.476, 12],
  ["mawan-smart-port", "nanshan", "Mawan Port Gate", "妈湾港区闸口", 113.878, 22.5, 10],
  ["dachan-bay", "baoan", "Dachan Bay Gate", "大铲湾港区闸口", 113.868, 22.556, 8],
  ] as const
).map(([terminal, district, en, zh, lon, lat, lanes]) => ({
  local: `${terminal}-gate`,
  type: "Gate" as const,
  district,
  name: { en, zh },
  at: pt(lon, lat),
  properties: { terminal, lanes },
}));

/** Bao'an airport cargo: `annualTonnes` splits the published 2023 total (estimate). */
const AIR: Site[] = [
  {
    local: "baoan-international",
    type: "AirCargoTerminal",
    district: "baoan",
    name: { en: "Bao'an Airport International Cargo Terminal", zh: "宝安机场国际货站" },
    at: pt(113.82, 22.645),
    properties: { kind: "international", annualTonnes: 850_000 },
  },
  {
    local: "baoan-domestic",
    type: "AirCargoTerminal",
    district: "baoan",
    name: { en: "Bao'an Airport Domestic Cargo Terminal", zh: "宝安机场国内货站" },
    at: pt(113.832, 22.638),
    properties: { kind: "domestic", annualTonnes: 750_000 },
  },
];

const PARKS: Site[] = (
  [
  ["pinghu", "longgang", "Pinghu Logistics Park", "平湖物流园区", 114.13, 22.68, 180, "hub"],
  ["qianhai-bay-bonded", "nanshan", "Qianhai Bay Bonded Port Zone", "前海湾保税港区", 113.893, 22.519, 140, "bonded"],
  ["yantian-bonded", "yantian", "Yantian Comprehensive Bonded Zone", "盐田综合保税区", 114.255, 22.59, 120, "bonded"],
  ["qingshuihe", "luohu", "Qingshuihe Logistics Park", "清水河物流园区", 114.11, 22.57, 60, "urban"],
  ["airport-logistics", "baoan", "Airport Logistics Park", "机场物流园区", 113.81, 22.655, 110, "air"],
  ] as const
).map(([local, district, en, zh, lon, lat, docks, kind]) => ({
  local,
  type: "LogisticsPark" as const,
  district,
  name: { en, zh },
  at: pt(lon, lat),
  properties: { docks, kind },
}));

/** Frozen stores: the chamber's setpoint is −18 °C (frozen food storage, GB 31605-2020). */
const COLD: Site[] = (
  [
  ["hi-gain-buji", "longgang", "Hi-Gain Agricultural Logistics Cold Store", "海吉星农产品物流园冷库", 114.13, 22.62, 60_000],
  ["qianhai-cold", "nanshan", "Qianhai Cold Chain Centre", "前海冷链中心", 113.895, 22.51, 40_000],
  ["yantian-cold", "yantian", "Yantian Port Cold Chain Centre", "盐田港冷链中心", 114.25, 22.585, 50_000],
  ["futian-agri", "futian", "Futian Agricultural Products Market Cold Store", "福田农批市场冷库", 114.04, 22.555, 15_000],
  ["baoan-cold", "baoan", "Bao'an Cold Chain Park", "宝安冷链物流园", 113.86, 22.65, 30_000],
  ] as const
).map(([local, district, en, zh, lon, lat, capacityTonnes]) => ({
  local,
  type: "ColdChainWarehouse" as const,
  district,
  name: { en, zh },
  at: pt(lon, lat),
  properties: { setpointC: -18, capacityTonnes },
}));

/**
 * Low-altitude delivery routes (Meituan and Phoenix Wings/SF operate such routes in Shenzhen).
 * `flightsPerDay` splits the published yearly total by the route's weight (estimate).
 */
const DRONE_ROUTES = [
    ["talent-park", "nanshan", "Meituan", "Talent Park – Houhai", "人才公园—后海", [[113.946, 22.516], [113.938, 22.525]], 1.4],
    ["oct", "nanshan", "Meituan", "Window of the World – OCT", "世界之窗—华侨城", [[113.973, 22.537], [113.985, 22.54]], 1],
    ["futian-cbd", "futian", "Meituan", "Futian CBD", "福田中心区", [[114.055, 22.535], [114.065, 22.545]], 1.2],
    ["hongshan", "longhua", "Meituan", "Longhua Hongshan", "龙华红山", [[114.02, 22.65], [114.035, 22.66]], 1],
    ["north-station", "longhua", "Meituan", "Shenzhen North Station", "深圳北站", [[114.03, 22.61], [114.045, 22.62]], 0.9],
    ["xin-an", "baoan", "Meituan", "Xin'an Hai Ya Mall – COFCO R&D Centre", "新安海雅缤纷城—中粮创芯研发中心", [[113.895, 22.565], [113.885, 22.585]], 1.1],
    ["dayun", "longgang", "Meituan", "Longgang Dayun", "龙岗大运", [[114.23, 22.69], [114.245, 22.7]], 0.8],
    ["shuibei", "luohu", "Phoenix Wings", "Shuibei jewellery route", "水贝珠宝专线", [[114.125, 22.575], [114.105, 22.545]], 0.9],
    ["guangming", "guangming", "Phoenix Wings", "Guangming route", "光明航线", [[113.935, 22.76], [113.96, 22.78]], 0.8],
    ["baoan-medical", "baoan", "Phoenix Wings", "Bao'an medical samples route", "宝安医疗样本专线", [[113.93, 22.68], [113.88, 22.6]], 0.6],
] as const;
const DRONE_WEIGHT = DRONE_ROUTES.reduce((s, r) => s + r[6], 0);
const DRONES: Site[] = DRONE_ROUTES.map(([local, district, operator, en, zh, at, weight]) => ({
  local,
  type: "DroneRoute" as const,
  district,
  name: { en: `${operator} drone route ${en}`, zh: `${operator === "Meituan" ? "美团" : "丰翼"}无人机航线 ${zh}` },
  at,
  properties: { operator, flightsPerDay: Math.round(((DRONE_FLIGHTS_PER_YEAR / 365) * weight) / DRONE_WEIGHT) },
}));

/** Expressways that carry the port's trucks, one monitored section per district they cross. */
const CORRIDORS: Site[] = (
  [
    ["yanpai-yantian", "yantian", "Yanpai Expressway (Yantian)", "盐排高速（盐田段）", [[114.262, 22.588], [114.28, 22.63]], 3, 90],
    ["yanpai-pingshan", "pingshan", "Yanpai Expressway (Pingshan)", "盐排高速（坪山段）", [[114.3, 22.68], [114.33, 22.71]], 3, 90],
    ["luosha", "luohu", "Luosha Road (to Yantian Port)", "罗沙路（往盐田港）", [[114.12, 22.56], [114.15, 22.565], [114.185, 22.565]], 3, 70],
    ["yanjiang-nanshan", "nanshan", "Yanjiang Expressway (Nanshan)", "沿江高速（南山段）", [[113.905, 22.49], [113.895, 22.53]], 4, 100],
    ["yanjiang-baoan", "baoan", "Yanjiang Expressway (Bao'an)", "沿江高速（宝安段）", [[113.87, 22.58], [113.84, 22.64], [113.81, 22.72]], 4, 100],
    ["jihe-baoan", "baoan", "Jihe Expressway (Bao'an)", "机荷高速（宝安段）", [[113.835, 22.66], [113.95, 22.66]], 4, 100],
    ["jihe-longgang", "longgang", "Jihe Expressway (Longgang)", "机荷高速（龙岗段）", [[114.12, 22.665], [114.2, 22.67]], 4, 100],
  ] as const
).map(([local, district, en, zh, at, lanes, freeFlowSpeed]) => ({
  local,
  type: "TruckCorridor" as const,
  district,
  name: { en, zh },
  at,
  properties: { roadName_en: en, roadName_zh: zh, lanes, freeFlowSpeed },
}));

/** The logistics sites of each city pack that has them, in inventory order. */
export const SITES: Readonly<Record<string, readonly Site[]>> = {
  shenzhen: [...TERMINALS, ...GATES, ...AIR, ...PARKS, ...COLD, ...DRONES, ...CORRIDORS],
};
