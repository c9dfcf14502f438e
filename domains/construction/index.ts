/**
 * Construction: permitted building sites with dust and noise monitors at their boundaries.
 * Client-safe data; the generators are in ./simulator.ts.
 */
import { T, UNITS as U, metric, stream } from "../define";
import type { DomainModule } from "../types";

/** Phases of a construction site that count as active (works under way). */
export const ACTIVE_PHASES = ["foundation", "structure", "finishing"] as const;

export const construction = {
  id: "construction",
  name: T("Construction", "建设"),
  department: T("Construction", "建设"),
  colour: { dark: "#c9a0e8", light: "#7a4bb0" },
  assetTypes: [
    {
      type: "CityWork",
      label: T("Construction Site", "工地"),
      capacity: "areaM2",
      datastreams: [
        stream("pm25", "PM2.5", "PM2.5", U.ugm3, 600, [0, 2000], 24000),
        stream("pm10", "PM10", "PM10", U.ugm3, 600, [0, 5000], 60000),
        stream("noise", "Noise", "噪声", U.dBA, 600, [0, 200], 2400),
      ],
    },
  ],
  metrics: [
    metric("construction.pm25", "PM2.5 near sites", "工地周边PM2.5", U.ugm3, "avg", "CityWork", "pm25", 600),
    metric("construction.pm10", "PM10 near sites", "工地周边PM10", U.ugm3, "avg", "CityWork", "pm10", 600),
    metric("construction.noise", "Site noise", "工地噪声", U.dBA, "avg", "CityWork", "noise", 600),
    metric("construction.dustExceedances", "Dust exceedances", "扬尘超标工地数", U.count, "countAbove", "CityWork", "pm10", 600, { above: 150 }),
  ],
  kpis: [
    {
      id: "construction.activeSites",
      name: T("Active construction sites", "在施工地数"),
      definition: T(
        "Permitted construction sites past planning: in foundation, structure or finishing works.",
        "已进入基础、主体或装修阶段的在建工地数量。",
      ),
      formulaText: "count(CityWork where phase in {foundation, structure, finishing})",
      compute: { staticCount: { type: "CityWork", where: { phase: ACTIVE_PHASES } } },
      unit: U.count,
      cadenceSeconds: 600,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "construction.pm25",
      name: T("PM2.5 near sites", "工地周边 PM2.5"),
      definition: T("Mean fine particulate concentration measured by monitors at construction sites.", "工地扬尘监测仪测得的细颗粒物平均浓度。"),
      formulaText: "mean(latest pm25 of every CityWork)",
      compute: { metric: "construction.pm25" },
      unit: U.ugm3,
      cadenceSeconds: 600,
      better: "lower",
      target: 25,
      thresholds: { warning: 35, critical: 75 },
      public: true,
    },
    {
      id: "construction.dustExceedances",
      name: T("Dust exceedances", "扬尘超标工地数"),
      definition: T("Construction sites whose latest PM10 reading is above 150 µg/m³.", "最新 PM10 读数超过 150 µg/m³ 的工地数量。"),
      formulaText: "count(CityWork where latest pm10 > 150 µg/m³)",
      compute: { metric: "construction.dustExceedances" },
      unit: U.count,
      cadenceSeconds: 600,
      better: "lower",
      target: 0,
      thresholds: { warning: 1, critical: 5 },
      public: false,
    },
    {
      id: "construction.noise",
      name: T("Construction noise", "施工噪声"),
      definition: T("Mean A-weighted sound level measured at construction site boundaries.", "工地边界测得的 A 计权声级平均值。"),
      formulaText: "mean(latest noise of every CityWork)",
      compute: { metric: "construction.noise" },
      unit: U.dBA,
      cadenceSeconds: 600,
      better: "lower",
      target: 65,
      thresholds: { warning: 70, critical: 80 },
      public: true,
    },
  ],
  alertRules: [
    {
      id: "dustExceedance",
      name: T("Dust exceedance", "扬尘超标"),
      category: "environment",
      assetType: "CityWork",
      property: "pm10",
      levels: [
        { above: 250, severity: "major" },
        { above: 150, severity: "minor" },
      ],
      clearBelow: 120,
      holdSeconds: 0,
      describe: T("Dust at {name}: PM10 {value} µg/m³ above {threshold} µg/m³", "{name} 扬尘超标：PM10 {value} µg/m³，超过 {threshold} µg/m³"),
      digits: 0,
    },
  ],
  layer: { pointScale: 1 },
  page: {
    kpis: ["construction.activeSites", "construction.dustExceedances", "construction.pm25", "construction.noise"],
    choropleth: { metric: "construction.pm10", better: "lower" },
    assetTypes: ["CityWork"],
    panels: [
      {
        kind: "breakdown",
        id: "phases",
        title: T("Sites by phase and district", "各区在建工地阶段"),
        question: T("How much work is under way, and where?", "各区有多少在建工程？"),
        type: "CityWork",
        by: "phase",
        order: ["planning", "foundation", "structure", "finishing"],
        stackBy: "district",
      },
      {
        kind: "schedule",
        id: "schedule",
        title: T("Schedule adherence", "工期执行情况"),
        question: T("Which sites are behind their planned progress?", "哪些工地进度落后于计划？"),
        type: "CityWork",
      },
      {
        kind: "trend",
        id: "dust",
        title: T("Dust exceedances near sites", "扬尘超标工地数"),
        question: T("How many sites exceeded the PM10 limit, and when?", "有多少工地PM10超标？何时发生？"),
        metric: "construction.dustExceedances",
        agg: "max",
        step: "PT10M",
        kpi: "construction.dustExceedances",
      },
      {
        kind: "districts",
        id: "pm10-districts",
        title: T("PM10 near sites by district", "各区工地周边PM10"),
        question: T("Which districts' sites raise the most dust?", "哪些区的工地扬尘最多？"),
        metric: "construction.pm10",
        better: "lower",
      },
      {
        kind: "rank",
        id: "noisy-sites",
        title: T("Noisiest sites", "噪声最高的工地"),
        question: T("Which sites are loudest right now?", "此刻哪些工地噪声最大？"),
        type: "CityWork",
        property: "noise",
        order: "desc",
        limit: 10,
      },
      {
        kind: "breakdown",
        id: "permits",
        title: T("Permits in the pipeline", "施工许可状态"),
        question: T("How many permits are pending, approved or suspended?", "待审批、已批准、暂停的许可各有多少？"),
        type: "CityWork",
        by: "permitStatus",
        order: ["pending", "approved", "suspended"],
        stackBy: "district",
      },
      {
        kind: "trend",
        id: "pm25",
        title: T("PM2.5 near sites", "工地周边PM2.5"),
        question: T("Is air near sites getting better or worse?", "工地周边空气质量在变好还是变差？"),
        metric: "construction.pm25",
        agg: "avg",
        step: "PT10M",
        kpi: "construction.pm25",
      },
    ],
  },
  cell: {
    kpis: ["construction.activeSites", "construction.dustExceedances", "construction.pm25"],
    thresholdsKpi: "construction.pm25",
    chart: {
      kind: "recent",
      metric: "construction.pm25",
      step: "PT1H",
      title: T("PM2.5 at construction sites, last 24 h", "工地 PM2.5（近 24 小时）"),
      name: T("PM2.5", "PM2.5"),
    },
  },
  // Site sensors report every few minutes.
  board: { refreshSeconds: 60, staleAfterSeconds: 900 },
  scorecard: [
    { metric: "construction.pm10", better: "lower", digits: 0 },
    { metric: "construction.noise", better: "lower", kpi: "construction.noise", digits: 1 },
  ],
  public: {
    intro: T("How many construction sites are active and the air and noise around them.", "在施工地数量及其周边空气和噪声状况。"),
    levels: [
      {
        id: "construction-pm25-by-district",
        metric: "construction.pm25",
        assetType: "CityWork",
        title: T("PM2.5 near construction sites by district", "各区工地周边 PM2.5"),
        description: T(
          "Mean fine particulate concentration at the district's construction site monitors over 15 minutes.",
          "区内工地监测点 15 分钟平均细颗粒物浓度。",
        ),
        digits: 0,
      },
    ],
    hourly: [{ id: "construction-pm25-hourly", metric: "construction.pm25", aggregate: "avg", title: T("PM2.5 near sites, hourly mean", "工地周边 PM2.5（小时平均）") }],
    methods: {
      "construction.activeSites": {
        method: T(
          "We count the permitted building sites where work is under way (foundations, structure or finishing).",
          "统计正在施工（基础、主体或装修阶段）的已许可工地数量。",
        ),
      },
      "construction.pm25": {
        method: T(
          "We average the fine dust (PM2.5) readings of the air monitors at construction sites.",
          "对工地空气监测点的细颗粒物（PM2.5）读数取平均值。",
        ),
      },
      "construction.noise": {
        method: T(
          "We average the noise levels measured at the edges of construction sites.",
          "对工地边界处测得的噪声水平取平均值。",
        ),
      },
    },
  },
} as const satisfies DomainModule;
