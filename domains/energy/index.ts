/**
 * Energy: the power grid (substations, feeders), solar generation and public EV charging.
 * Client-safe data; the generators are in ./simulator.ts.
 */
import { T, UNITS as U, metric, stream } from "../define";
import type { DomainModule } from "../types";

export const energy = {
  id: "energy",
  name: T("Energy", "能源"),
  department: T("Energy", "能源"),
  colour: { dark: "#e3b96a", light: "#a86b00" },
  assetTypes: [
    {
      type: "Substation",
      label: T("Substation", "变电站"),
      capacity: "capacityMW",
      // SCADA telemetry: written live on every twin tick.
      datastreams: [stream("load", "Load", "负荷", U.MW, 300, [0, 5000], 60000, { fast: true })],
    },
    {
      type: "Feeder",
      label: T("Feeder", "馈线"),
      capacity: "capacityMW",
      datastreams: [
        stream("loading", "Loading", "负载率", U.percent, 300, [0, 200], 2400),
        stream("current", "Current", "电流", U.A, 300, [0, 50000], 600000),
      ],
    },
    {
      type: "SolarPlant",
      label: T("Solar Plant", "光伏电站"),
      capacity: "capacityMW",
      datastreams: [stream("output", "Output", "出力", U.MW, 300, [-10, 5000], 60000)],
    },
    {
      type: "EVChargingStation",
      label: T("EV Charging Station", "充电站"),
      capacity: "connectors",
      datastreams: [
        stream("occupiedConnectors", "Occupied connectors", "占用充电接口", U.count, 300, [0, 1000], 12000),
        stream("power", "Charging power", "充电功率", U.kW, 300, [0, 100000], 1200000),
      ],
    },
  ],
  metrics: [
    metric("energy.load", "Electric load", "用电负荷", U.MW, "sum", "Substation", "load", 300),
    metric("energy.forecast", "Day-ahead load forecast", "日前负荷预测", U.MW, "forecast", undefined, undefined, 300),
    metric("energy.solar", "Solar output", "光伏出力", U.MW, "sum", "SolarPlant", "output", 300),
    metric("energy.evUtilisation", "EV charger utilisation", "充电桩利用率", U.percent, "ratio", "EVChargingStation", "occupiedConnectors", 300, { denominator: "connectors" }),
    metric("energy.feederLoading", "Feeder loading", "馈线负载率", U.percent, "avg", "Feeder", "loading", 300),
    metric("energy.feedersOverloaded", "Overloaded feeders", "过载馈线数", U.count, "countAbove", "Feeder", "loading", 300, { above: 90 }),
  ],
  kpis: [
    {
      id: "energy.load",
      name: T("City electric load", "全市用电负荷"),
      definition: T("Electric power drawn by all of {city} right now, summed over every substation.", "{city}全市当前用电功率，为所有变电站负荷之和。"),
      formulaText: "sum(latest load of every Substation)",
      compute: { metric: "energy.load" },
      unit: U.MW,
      // Substation load is SCADA telemetry, written live on every twin tick (5 s by default).
      cadenceSeconds: 5,
      better: "lower",
      // Per city: the pack sets the load thresholds (a 22 GW warning means nothing for a town).
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "energy.renewableShare",
      name: T("Renewable share", "可再生能源占比"),
      definition: T("Share of the city load met by local solar generation at this moment.", "当前本地光伏发电量占全市用电负荷的比例。"),
      formulaText: "100 × sum(output of every SolarPlant) / sum(load of every Substation)",
      compute: { ratio: ["energy.solar", "energy.load"] },
      unit: U.percent,
      cadenceSeconds: 300,
      better: "higher",
      target: 10,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "energy.evUtilisation",
      name: T("EV charger utilisation", "充电桩使用率"),
      definition: T("Share of public EV charging connectors that are in use.", "公共电动汽车充电接口中正在使用的比例。"),
      formulaText: "100 × sum(occupiedConnectors) / sum(connectors) over every EVChargingStation",
      compute: { metric: "energy.evUtilisation" },
      unit: U.percent,
      cadenceSeconds: 300,
      better: "higher",
      target: 40,
      thresholds: { warning: null, critical: null },
      public: false,
    },
    {
      id: "energy.feedersOverloaded",
      name: T("Overloaded feeders", "过载馈线数"),
      definition: T("Number of distribution feeders loaded above 90 % of their rating.", "负载率超过额定值 90% 的配电馈线数量。"),
      formulaText: "count(Feeder where latest loading > 90 %)",
      compute: { metric: "energy.feedersOverloaded" },
      unit: U.count,
      cadenceSeconds: 300,
      better: "lower",
      target: 0,
      thresholds: { warning: 1, critical: 10 },
      public: false,
    },
  ],
  alertRules: [
    {
      id: "feederOverload",
      name: T("Feeder overload", "馈线过载"),
      category: "energy",
      assetType: "Feeder",
      property: "loading",
      levels: [
        { above: 100, severity: "critical" },
        { above: 90, severity: "major" },
      ],
      clearBelow: 85,
      holdSeconds: 0,
      describe: T("{name} loading {value} % above {threshold} % of rating", "{name} 负载率 {value} %，超过额定值的 {threshold}%"),
      digits: 1,
    },
  ],
  layer: { pointScale: 1 },
  page: {
    kpis: ["energy.load", "energy.renewableShare", "energy.evUtilisation", "energy.feedersOverloaded"],
    choropleth: { metric: "energy.feederLoading", better: "lower" },
    assetTypes: ["Substation", "Feeder", "SolarPlant", "EVChargingStation"],
    panels: [
      {
        kind: "trend",
        id: "load",
        title: T("Load vs forecast", "负荷与预测"),
        question: T("Is demand running above the day-ahead forecast, and when was the peak?", "负荷是否高于日前预测？峰值出现在何时？"),
        metric: "energy.load",
        agg: "avg",
        overlay: { metric: "energy.forecast", label: T("Forecast", "预测") },
        kpi: "energy.load",
        peak: true,
      },
      {
        kind: "rank",
        id: "feeders",
        title: T("Most loaded feeders", "负载最高的馈线"),
        question: T("Which feeders are closest to their limit?", "哪些馈线最接近极限？"),
        type: "Feeder",
        property: "loading",
        order: "desc",
        limit: 10,
      },
      {
        kind: "rank",
        id: "substations",
        title: T("Substations by share of capacity", "变电站负载率"),
        question: T("Which substations carry most of their rating?", "哪些变电站负载占额定容量最高？"),
        type: "Substation",
        property: "load",
        per: "capacityMW",
        order: "desc",
        limit: 10,
      },
      {
        kind: "districts",
        id: "ev-districts",
        title: T("EV charging utilisation by district", "各区充电桩利用率"),
        question: T("Where are chargers busiest?", "哪里的充电桩最繁忙？"),
        metric: "energy.evUtilisation",
        better: "higher",
        kpi: "energy.evUtilisation",
      },
      {
        kind: "trend",
        id: "overloads",
        title: T("Overloaded feeders", "过载馈线数"),
        question: T("How many feeders ran above 90 % loading?", "负载率超过90%的馈线有多少？"),
        metric: "energy.feedersOverloaded",
        agg: "max",
        kpi: "energy.feedersOverloaded",
      },
      {
        kind: "trend",
        id: "solar",
        title: T("Solar output", "光伏出力"),
        question: T("How much of the load do the city's solar plants cover?", "光伏电站出力有多少？"),
        metric: "energy.solar",
        agg: "avg",
        peak: true,
      },
      {
        kind: "districts",
        id: "feeder-districts",
        title: T("Feeder loading by district", "各区馈线负载率"),
        question: T("Which districts' networks are most stressed?", "哪些区的配电网压力最大？"),
        metric: "energy.feederLoading",
        better: "lower",
      },
    ],
  },
  cell: {
    kpis: ["energy.load", "energy.renewableShare", "energy.evUtilisation"],
    thresholdsKpi: "energy.load",
    chart: {
      kind: "today",
      metric: "energy.load",
      overlay: "energy.forecast",
      title: T("City load today vs forecast", "今日全市负荷与预测"),
      rollingTitle: T("City load, last 24 h, forecast dashed", "近 24 小时全市负荷，虚线为预测"),
    },
  },
  // City load is a 5 s SCADA stream; the KPIs behind it are computed each minute.
  board: { refreshSeconds: 30, staleAfterSeconds: 180 },
  scorecard: [{ metric: "energy.feederLoading", better: "lower", digits: 1 }],
  public: {
    intro: T("How much electricity the city uses and how much of it comes from local solar power.", "全市用电量以及本地光伏发电所占比例。"),
    levels: [
      {
        id: "energy-load-by-district",
        metric: "energy.load",
        assetType: "Substation",
        title: T("Electric load by district", "各区用电负荷"),
        description: T(
          "Mean electric load over the 15 minutes before the as-of time, summed over the district's substations.",
          "截至统计时间前 15 分钟的平均用电负荷，按区内变电站合计。",
        ),
        digits: 0,
      },
    ],
    hourly: [{ id: "energy-load-hourly", metric: "energy.load", aggregate: "avg", title: T("City electric load, hourly mean", "全市用电负荷（小时平均）") }],
    methods: {
      "energy.load": {
        method: T(
          "We add up the power flowing through every substation in the city at that moment.",
          "将该时刻全市各变电站的用电负荷相加。",
        ),
      },
      "energy.renewableShare": {
        method: T(
          "We divide the power produced by the city's solar plants by the city's total electricity use at that moment.",
          "用该时刻全市光伏电站的发电功率除以全市总用电负荷。",
        ),
        note: T(
          "Solar plants produce nothing between sunset and sunrise, so 0 % at night is normal, not a fault.",
          "日落至日出期间光伏电站不发电，夜间为 0% 属正常现象，并非故障。",
        ),
      },
    },
  },
} as const satisfies DomainModule;
