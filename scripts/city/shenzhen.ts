/**
 * Shenzhen pack source data. Everything here is drawn by hand from general knowledge of the city
 * (WGS 84, approximate to a few hundred metres): district seed points, the land border with
 * Dongguan and Huizhou, main roads, metro lines and reservoirs. The coast and the Hong Kong border
 * come from Natural Earth at build time, not from here.
 */
import type { DistrictSeeds, Pt } from "./geometry";
import type { RoadClass } from "@/lib/city/types";

export const BOUNDS: [number, number, number, number] = [113.7, 22.4, 114.65, 22.87];

/**
 * Shenzhen's land border with Dongguan (north-west) and Huizhou (north-east), closed through the
 * sea in the south so that Natural Earth's coast and the China/Hong Kong line cut the final shape.
 */
export const OUTLINE: Pt[] = [
  [113.7, 22.4],
  [113.7, 22.74],
  [113.76, 22.8],
  [113.8, 22.86],
  [113.86, 22.865],
  [113.92, 22.85],
  [113.97, 22.81],
  [114.02, 22.79],
  [114.07, 22.77],
  [114.11, 22.74],
  [114.16, 22.75],
  [114.21, 22.79],
  [114.27, 22.8],
  [114.33, 22.79],
  [114.39, 22.76],
  [114.43, 22.72],
  [114.47, 22.68],
  [114.52, 22.66],
  [114.58, 22.64],
  [114.65, 22.6],
  [114.65, 22.4],
  [113.7, 22.4],
];

export interface DistrictSource extends DistrictSeeds {
  areaKm2: number;
  population: number;
}

/** Official areas (km²) and 2020 (seventh) census resident population. Seeds shape the cells. */
export const DISTRICTS: DistrictSource[] = [
  {
    id: "futian",
    name_en: "Futian",
    name_zh: "福田",
    areaKm2: 78.66,
    population: 1553225,
    seeds: [[114.045, 22.535], [114.06, 22.56], [114.02, 22.545]],
  },
  {
    id: "luohu",
    name_en: "Luohu",
    name_zh: "罗湖",
    areaKm2: 78.76,
    population: 1143801,
    seeds: [[114.12, 22.55], [114.135, 22.575], [114.165, 22.58]],
  },
  {
    id: "nanshan",
    name_en: "Nanshan",
    name_zh: "南山",
    areaKm2: 187.53,
    population: 1795826,
    seeds: [[113.92, 22.49], [113.93, 22.53], [113.955, 22.56], [113.975, 22.59], [113.99, 22.56]],
  },
  {
    id: "yantian",
    name_en: "Yantian",
    name_zh: "盐田",
    areaKm2: 74.63,
    population: 214225,
    seeds: [[114.225, 22.565], [114.265, 22.585], [114.305, 22.605]],
  },
  {
    id: "baoan",
    name_en: "Bao'an",
    name_zh: "宝安",
    areaKm2: 396.64,
    population: 4476554,
    seeds: [
      [113.88, 22.575],
      [113.84, 22.62],
      [113.83, 22.68],
      [113.82, 22.74],
      [113.84, 22.8],
      [113.9, 22.64],
      [113.92, 22.69],
    ],
  },
  {
    id: "guangming",
    name_en: "Guangming",
    name_zh: "光明",
    areaKm2: 155.44,
    population: 1095289,
    seeds: [[113.93, 22.76], [113.9, 22.81], [113.98, 22.76], [113.96, 22.73]],
  },
  {
    id: "longhua",
    name_en: "Longhua",
    name_zh: "龙华",
    areaKm2: 175.58,
    population: 2528872,
    seeds: [[114.03, 22.62], [114.03, 22.665], [114.05, 22.71], [114.0, 22.69], [114.07, 22.75]],
  },
  {
    id: "longgang",
    name_en: "Longgang",
    name_zh: "龙岗",
    areaKm2: 388.21,
    population: 3979037,
    seeds: [
      [114.1, 22.62],
      [114.13, 22.68],
      [114.16, 22.63],
      [114.21, 22.65],
      [114.24, 22.71],
      [114.2, 22.75],
      [114.28, 22.77],
      [114.23, 22.61],
    ],
  },
  {
    id: "pingshan",
    name_en: "Pingshan",
    name_zh: "坪山",
    areaKm2: 166.31,
    population: 551333,
    seeds: [[114.34, 22.7], [114.38, 22.69], [114.36, 22.74], [114.33, 22.66]],
  },
  {
    id: "dapeng",
    name_en: "Dapeng New District",
    name_zh: "大鹏新区",
    areaKm2: 295.32,
    population: 156236,
    seeds: [[114.44, 22.62], [114.5, 22.6], [114.5, 22.54], [114.56, 22.58], [114.42, 22.66]],
  },
];

export interface LineSource {
  name_en: string;
  name_zh: string;
  points: Pt[];
}

export const ROADS: (LineSource & { class: RoadClass })[] = [
  {
    name_en: "Shennan Boulevard",
    name_zh: "深南大道",
    class: "primary",
    points: [[113.9, 22.535], [113.94, 22.539], [113.98, 22.54], [114.03, 22.541], [114.06, 22.542], [114.1, 22.543], [114.12, 22.545]],
  },
  {
    name_en: "Binhai Boulevard",
    name_zh: "滨海大道",
    class: "trunk",
    points: [[113.91, 22.515], [113.94, 22.514], [113.97, 22.52], [114.0, 22.525], [114.03, 22.527], [114.05, 22.53]],
  },
  {
    name_en: "Guangshen Expressway",
    name_zh: "广深高速",
    class: "motorway",
    points: [[114.06, 22.53], [114.02, 22.555], [113.96, 22.565], [113.9, 22.585], [113.86, 22.62], [113.84, 22.66], [113.83, 22.7], [113.82, 22.76], [113.8, 22.84]],
  },
  {
    name_en: "Guangshen Yanjiang Expressway",
    name_zh: "广深沿江高速",
    class: "motorway",
    points: [[113.92, 22.5], [113.89, 22.54], [113.85, 22.58], [113.82, 22.63], [113.8, 22.7], [113.78, 22.78]],
  },
  {
    name_en: "Jihe Expressway",
    name_zh: "机荷高速",
    class: "motorway",
    points: [[113.84, 22.655], [113.9, 22.655], [113.96, 22.645], [114.01, 22.64], [114.07, 22.645], [114.13, 22.655], [114.19, 22.66], [114.24, 22.68], [114.28, 22.7]],
  },
  {
    name_en: "Meiguan Expressway",
    name_zh: "梅观高速",
    class: "motorway",
    points: [[114.055, 22.565], [114.045, 22.6], [114.04, 22.64], [114.045, 22.69], [114.06, 22.74], [114.08, 22.77]],
  },
  {
    name_en: "Shuiguan Expressway",
    name_zh: "水官高速",
    class: "motorway",
    points: [[114.125, 22.575], [114.135, 22.605], [114.165, 22.63], [114.2, 22.655], [114.235, 22.685], [114.27, 22.71]],
  },
  {
    name_en: "Longgang Boulevard",
    name_zh: "龙岗大道",
    class: "primary",
    points: [[114.115, 22.6], [114.15, 22.615], [114.19, 22.645], [114.22, 22.675], [114.25, 22.71], [114.28, 22.73], [114.33, 22.72]],
  },
  {
    name_en: "Yanba Expressway",
    name_zh: "盐坝高速",
    class: "motorway",
    points: [[114.235, 22.57], [114.27, 22.585], [114.31, 22.605], [114.36, 22.615], [114.41, 22.62], [114.46, 22.61], [114.5, 22.59]],
  },
  {
    name_en: "Yanpai Expressway",
    name_zh: "盐排高速",
    class: "motorway",
    points: [[114.24, 22.575], [114.255, 22.62], [114.29, 22.66], [114.32, 22.69], [114.35, 22.72]],
  },
  {
    name_en: "Nanping Expressway",
    name_zh: "南坪快速",
    class: "trunk",
    points: [[113.93, 22.57], [113.98, 22.58], [114.03, 22.585], [114.08, 22.595], [114.12, 22.6]],
  },
  {
    name_en: "Bao'an Boulevard",
    name_zh: "宝安大道",
    class: "primary",
    points: [[113.89, 22.57], [113.86, 22.61], [113.84, 22.65], [113.83, 22.7], [113.825, 22.75], [113.83, 22.8]],
  },
  {
    name_en: "Guangming Avenue",
    name_zh: "光明大道",
    class: "primary",
    points: [[113.89, 22.7], [113.915, 22.74], [113.935, 22.77], [113.95, 22.81]],
  },
  {
    name_en: "Qingping Expressway",
    name_zh: "清平高速",
    class: "motorway",
    points: [[114.085, 22.555], [114.09, 22.6], [114.1, 22.65], [114.12, 22.7], [114.13, 22.74]],
  },
  {
    name_en: "Longguan Expressway",
    name_zh: "龙观快速",
    class: "trunk",
    points: [[114.02, 22.64], [114.0, 22.68], [113.97, 22.72], [113.94, 22.75]],
  },
  {
    name_en: "Pingshan Avenue",
    name_zh: "坪山大道",
    class: "primary",
    points: [[114.3, 22.685], [114.34, 22.695], [114.38, 22.69], [114.42, 22.68]],
  },
  {
    name_en: "Dapeng Coastal Road",
    name_zh: "大鹏滨海路",
    class: "primary",
    points: [[114.43, 22.63], [114.47, 22.6], [114.5, 22.57], [114.51, 22.54], [114.54, 22.55]],
  },
];

export interface MetroSource extends LineSource {
  line: string;
  colour: string;
}

/** Official line colours as published by Shenzhen Metro. Paths pass near the real stations. */
export const METRO: MetroSource[] = [
  {
    line: "1",
    name_en: "Line 1 (Luobao Line)",
    name_zh: "1号线（罗宝线）",
    colour: "#00B140",
    points: [[114.118, 22.532], [114.117, 22.544], [114.1, 22.544], [114.085, 22.543], [114.056, 22.537], [114.05, 22.535], [114.02, 22.538], [114.0, 22.537], [113.975, 22.535], [113.96, 22.54], [113.937, 22.54], [113.92, 22.535], [113.895, 22.54], [113.88, 22.555], [113.865, 22.578], [113.845, 22.596], [113.83, 22.625]],
  },
  {
    line: "2",
    name_en: "Line 2 (Shekou Line)",
    name_zh: "2号线（蛇口线）",
    colour: "#B94700",
    points: [[113.88, 22.48], [113.91, 22.485], [113.925, 22.5], [113.94, 22.52], [113.955, 22.53], [113.98, 22.538], [113.995, 22.55], [114.01, 22.545], [114.035, 22.55], [114.055, 22.54], [114.085, 22.55], [114.1, 22.546], [114.13, 22.55], [114.14, 22.555]],
  },
  {
    line: "3",
    name_en: "Line 3 (Longgang Line)",
    name_zh: "3号线（龙岗线）",
    colour: "#00A2E1",
    points: [[114.05, 22.51], [114.055, 22.54], [114.075, 22.545], [114.1, 22.55], [114.118, 22.545], [114.13, 22.56], [114.13, 22.58], [114.115, 22.605], [114.13, 22.62], [114.15, 22.63], [114.21, 22.65], [114.24, 22.69], [114.25, 22.72], [114.28, 22.73]],
  },
  {
    line: "4",
    name_en: "Line 4 (Longhua Line)",
    name_zh: "4号线（龙华线）",
    colour: "#DC241F",
    points: [[114.07, 22.515], [114.056, 22.537], [114.06, 22.555], [114.06, 22.57], [114.05, 22.6], [114.03, 22.61], [114.025, 22.655], [114.03, 22.67], [114.045, 22.7], [114.06, 22.73]],
  },
  {
    line: "5",
    name_en: "Line 5 (Huanzhong Line)",
    name_zh: "5号线（环中线）",
    colour: "#A05EB5",
    points: [[113.88, 22.48], [113.9, 22.52], [113.895, 22.54], [113.88, 22.555], [113.9, 22.575], [113.93, 22.585], [113.95, 22.585], [113.97, 22.585], [114.0, 22.6], [114.03, 22.61], [114.07, 22.625], [114.1, 22.61], [114.115, 22.605], [114.13, 22.58], [114.13, 22.55]],
  },
  {
    line: "6",
    name_en: "Line 6 (Guangming Line)",
    name_zh: "6号线（光明线）",
    colour: "#2AD2C5",
    points: [[113.84, 22.77], [113.9, 22.77], [113.935, 22.76], [113.98, 22.72], [114.025, 22.655], [114.03, 22.61], [114.06, 22.57], [114.08, 22.543]],
  },
  {
    line: "7",
    name_en: "Line 7 (Xili Line)",
    name_zh: "7号线（西丽线）",
    colour: "#0035AD",
    points: [[113.95, 22.585], [113.975, 22.57], [114.0, 22.555], [114.035, 22.55], [114.06, 22.535], [114.085, 22.55], [114.11, 22.565], [114.13, 22.575]],
  },
  {
    line: "9",
    name_en: "Line 9 (Meilin Line)",
    name_zh: "9号线（梅林线）",
    colour: "#846E74",
    points: [[113.92, 22.52], [113.955, 22.525], [113.98, 22.525], [114.02, 22.538], [114.035, 22.555], [114.04, 22.57], [114.06, 22.57], [114.09, 22.575], [114.105, 22.565], [114.11, 22.555], [114.12, 22.545]],
  },
  {
    line: "10",
    name_en: "Line 10 (Bantian Line)",
    name_zh: "10号线（坂田线）",
    colour: "#F8779E",
    points: [[114.07, 22.515], [114.075, 22.55], [114.07, 22.58], [114.07, 22.625], [114.09, 22.66], [114.12, 22.69], [114.13, 22.72]],
  },
  {
    line: "11",
    name_en: "Line 11 (Airport Line)",
    name_zh: "11号线（机场线）",
    colour: "#672146",
    points: [[114.055, 22.54], [114.02, 22.538], [113.955, 22.53], [113.94, 22.52], [113.925, 22.52], [113.895, 22.54], [113.88, 22.555], [113.86, 22.575], [113.82, 22.64], [113.82, 22.675], [113.83, 22.7], [113.83, 22.73], [113.84, 22.77], [113.85, 22.79]],
  },
  {
    line: "12",
    name_en: "Line 12 (Nanbao Line)",
    name_zh: "12号线（南宝线）",
    colour: "#A192B2",
    points: [[113.9, 22.48], [113.915, 22.52], [113.92, 22.55], [113.89, 22.57], [113.86, 22.6], [113.84, 22.64], [113.81, 22.69]],
  },
  {
    line: "14",
    name_en: "Line 14 (Eastern Express)",
    name_zh: "14号线（东部快线）",
    colour: "#F2C75C",
    points: [[114.065, 22.55], [114.09, 22.565], [114.115, 22.605], [114.15, 22.62], [114.19, 22.64], [114.23, 22.67], [114.26, 22.7], [114.3, 22.71], [114.34, 22.7], [114.37, 22.695], [114.4, 22.7]],
  },
  {
    line: "16",
    name_en: "Line 16 (Longping Line)",
    name_zh: "16号线（龙坪线）",
    colour: "#1E22AA",
    points: [[114.24, 22.69], [114.26, 22.72], [114.3, 22.73], [114.34, 22.71], [114.37, 22.7], [114.4, 22.68]],
  },
];

export interface ReservoirSource {
  name_en: string;
  name_zh: string;
  center: Pt;
  rxKm: number;
  ryKm: number;
  rotation: number;
}

export const RESERVOIRS: ReservoirSource[] = [
  { name_en: "Shenzhen Reservoir", name_zh: "深圳水库", center: [114.155, 22.575], rxKm: 1.4, ryKm: 0.7, rotation: 30 },
  { name_en: "Tiegang Reservoir", name_zh: "铁岗水库", center: [113.895, 22.615], rxKm: 1.6, ryKm: 0.9, rotation: 20 },
  { name_en: "Shiyan Reservoir", name_zh: "石岩水库", center: [113.935, 22.665], rxKm: 1.5, ryKm: 0.8, rotation: -20 },
  { name_en: "Xili Reservoir", name_zh: "西丽水库", center: [113.975, 22.6], rxKm: 1.2, ryKm: 0.7, rotation: 10 },
  { name_en: "Meilin Reservoir", name_zh: "梅林水库", center: [114.035, 22.575], rxKm: 0.6, ryKm: 0.3, rotation: 0 },
  { name_en: "Songzikeng Reservoir", name_zh: "松子坑水库", center: [114.33, 22.68], rxKm: 1.0, ryKm: 0.6, rotation: 40 },
  { name_en: "Qinglinjing Reservoir", name_zh: "清林径水库", center: [114.27, 22.77], rxKm: 1.5, ryKm: 0.8, rotation: -30 },
  { name_en: "Sanzhoutian Reservoir", name_zh: "三洲田水库", center: [114.26, 22.62], rxKm: 0.6, ryKm: 0.35, rotation: 0 },
  { name_en: "Luotian Reservoir", name_zh: "罗田水库", center: [113.89, 22.77], rxKm: 0.9, ryKm: 0.5, rotation: 60 },
  { name_en: "Chiao Reservoir", name_zh: "赤坳水库", center: [114.37, 22.72], rxKm: 0.7, ryKm: 0.4, rotation: 0 },
];

export const RIVERS: LineSource[] = [
  {
    name_en: "Shenzhen River",
    name_zh: "深圳河",
    points: [[114.165, 22.565], [114.14, 22.54], [114.115, 22.53], [114.09, 22.52], [114.06, 22.513], [114.035, 22.51], [114.0, 22.515]],
  },
  {
    name_en: "Maozhou River",
    name_zh: "茅洲河",
    points: [[113.93, 22.74], [113.89, 22.75], [113.85, 22.76], [113.8, 22.77], [113.765, 22.775]],
  },
  {
    name_en: "Longgang River",
    name_zh: "龙岗河",
    points: [[114.2, 22.66], [114.24, 22.7], [114.28, 22.72], [114.32, 22.74], [114.36, 22.76]],
  },
  {
    name_en: "Guanlan River",
    name_zh: "观澜河",
    points: [[114.04, 22.62], [114.035, 22.66], [114.05, 22.7], [114.07, 22.74], [114.08, 22.78]],
  },
];
