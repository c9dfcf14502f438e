/**
 * Health: hospitals (beds, intensive care, emergency departments) and ambulance stations.
 * Client-safe data; the generators are in ./simulator.ts.
 */
import { T, UNITS as U, metric, stream } from "../define";
import type { DomainModule } from "../types";

export const health = {
  id: "health",
  name: T("Health", "卫生健康"),
  department: T("Health", "卫生健康"),
  colour: { dark: "#4fbfa8", light: "#12806b" },
  assetTypes: [
    {
      // `Building` with `category: "hospital"`, as in Smart Data Models.
      type: "Building",
      label: T("Hospital", "医院"),
      capacity: "beds",
      defaults: { category: "hospital" },
      datastreams: [
        stream("bedsOccupied", "Beds occupied", "已占床位", U.count, 900, [0, 20000], 1000),
        stream("icuOccupied", "ICU beds occupied", "已占重症床位", U.count, 900, [0, 2000], 200),
        // Only hospitals with an emergency department report ER figures.
        stream("erWaiting", "Patients waiting in ER", "急诊候诊人数", U.count, 300, [0, 5000], 1000, { onlyIf: "hasER" }),
        stream("erWaitMinutes", "ER waiting time", "急诊候诊时间", U.minutes, 300, [0, 2880], 1000, { onlyIf: "hasER" }),
      ],
    },
    {
      type: "AmbulanceStation",
      label: T("Ambulance Station", "急救站"),
      capacity: "vehicles",
      datastreams: [
        stream("availableVehicles", "Available ambulances", "可用救护车", U.count, 300, [0, 500], 500),
        stream("responseMinutes", "Response time", "响应时间", U.minutes, 900, [0, 1440], 1000),
      ],
    },
  ],
  metrics: [
    metric("health.bedOccupancy", "Bed occupancy", "床位占用率", U.percent, "ratio", "Building", "bedsOccupied", 900, { denominator: "beds" }),
    metric("health.icuOccupancy", "ICU occupancy", "ICU占用率", U.percent, "ratio", "Building", "icuOccupied", 900, { denominator: "icuBeds" }),
    metric("health.erWaitMinutes", "ER waiting time", "急诊等候时间", U.minutes, "avg", "Building", "erWaitMinutes", 300),
    metric("health.ambulanceResponse", "Ambulance response time", "救护车响应时间", U.minutes, "avg", "AmbulanceStation", "responseMinutes", 900),
  ],
  kpis: [
    {
      id: "health.bedOccupancy",
      name: T("Hospital bed occupancy", "医院床位使用率"),
      definition: T("Share of staffed hospital beds that are occupied, over all hospitals.", "全市医院已占用床位占开放床位的比例。"),
      formulaText: "100 × sum(bedsOccupied) / sum(beds) over every hospital Building",
      compute: { metric: "health.bedOccupancy" },
      unit: U.percent,
      cadenceSeconds: 900,
      better: "lower",
      target: 85,
      thresholds: { warning: 90, critical: 95 },
      public: true,
    },
    {
      id: "health.icuOccupancy",
      name: T("ICU occupancy", "重症监护床位使用率"),
      definition: T("Share of intensive care beds that are occupied, over all hospitals.", "全市医院重症监护床位的使用比例。"),
      formulaText: "100 × sum(icuOccupied) / sum(icuBeds) over every hospital Building",
      compute: { metric: "health.icuOccupancy" },
      unit: U.percent,
      cadenceSeconds: 900,
      better: "lower",
      target: 80,
      thresholds: { warning: 90, critical: 95 },
      public: true,
    },
    {
      id: "health.erWaitMinutes",
      name: T("Emergency waiting time", "急诊候诊时间"),
      definition: T("Mean time patients currently wait to be seen in emergency departments.", "急诊科患者当前平均候诊时间。"),
      formulaText: "mean(latest erWaitMinutes of every hospital Building with hasER)",
      compute: { metric: "health.erWaitMinutes" },
      unit: U.minutes,
      cadenceSeconds: 300,
      better: "lower",
      target: 30,
      thresholds: { warning: 60, critical: 120 },
      public: true,
    },
    {
      id: "health.ambulanceResponse",
      name: T("Ambulance response time", "救护车响应时间"),
      definition: T("Mean minutes from emergency call to ambulance arrival on scene.", "从急救呼叫到救护车到达现场的平均分钟数。"),
      formulaText: "mean(latest responseMinutes of every AmbulanceStation)",
      compute: { metric: "health.ambulanceResponse" },
      unit: U.minutes,
      cadenceSeconds: 900,
      better: "lower",
      target: 12,
      thresholds: { warning: 15, critical: 20 },
      public: true,
    },
  ],
  alertRules: [
    {
      id: "bedOccupancy",
      name: T("Bed occupancy", "床位占用率过高"),
      category: "health",
      assetType: "Building",
      property: "bedsOccupied",
      measure: { percentOf: "beds" },
      // At the KPI's critical level (health.bedOccupancy), with the severity that level has
      // (lib/twin/levels.ts): a hospital at 97 % is critical on the map, in the list and the KPI.
      levels: [{ above: 95, severity: "critical" }],
      clearBelow: 93,
      holdSeconds: 0,
      describe: T("{name} bed occupancy {value} %, at or above {threshold} %", "{name} 床位占用率 {value} %，达到或超过 {threshold}%"),
      digits: 1,
    },
    {
      // Intensive care full: at the critical level of health.icuOccupancy, held half an hour
      // (a unit's occupancy moves a whole bed at a time). Units of fewer than 6 beds (the
      // simulated primary hospitals' 1–5) are full most of the time by their size alone: judged
      // by percent they would hold 52 alarms open all day.
      id: "icuOccupancy",
      name: T("ICU occupancy", "重症床位占用率过高"),
      category: "health",
      assetType: "Building",
      property: "icuOccupied",
      measure: { percentOf: "icuBeds", minOf: 6 },
      levels: [{ above: 95, severity: "critical" }],
      clearBelow: 90,
      holdSeconds: 1800,
      describe: T("{name} ICU occupancy {value} %, at or above {threshold} %", "{name} 重症床位占用率 {value} %，达到或超过 {threshold}%"),
      digits: 1,
    },
  ],
  layer: { pointScale: 1 },
  page: {
    kpis: ["health.bedOccupancy", "health.icuOccupancy", "health.erWaitMinutes", "health.ambulanceResponse"],
    choropleth: { metric: "health.bedOccupancy", better: "lower", kpi: "health.bedOccupancy" },
    assetTypes: ["Building", "AmbulanceStation"],
    panels: [
      {
        kind: "districts",
        id: "beds-districts",
        title: T("Bed occupancy by district", "各区床位占用率"),
        question: T("Which districts' hospitals are fullest?", "哪些区的医院最满？"),
        metric: "health.bedOccupancy",
        better: "lower",
        kpi: "health.bedOccupancy",
      },
      {
        kind: "rank",
        id: "hospitals",
        title: T("Hospitals nearest capacity", "最接近满员的医院"),
        question: T("Which hospitals are running out of beds?", "哪些医院床位即将用尽？"),
        type: "Building",
        property: "bedsOccupied",
        per: "beds",
        order: "desc",
        limit: 10,
      },
      {
        kind: "rank",
        id: "icu",
        title: T("ICU nearest capacity", "重症床位最紧张的医院"),
        question: T("Where are intensive-care beds scarcest?", "哪里的重症床位最紧张？"),
        type: "Building",
        property: "icuOccupied",
        per: "icuBeds",
        order: "desc",
        limit: 10,
      },
      {
        kind: "trend",
        id: "icu-trend",
        title: T("ICU occupancy", "重症床位占用率"),
        question: T("Is intensive care filling up compared with last week?", "与上周相比重症床位是否更紧张？"),
        metric: "health.icuOccupancy",
        agg: "avg",
        step: "PT15M",
        kpi: "health.icuOccupancy",
      },
      {
        kind: "distribution",
        id: "er-wait",
        title: T("ER waiting across hospitals", "各医院急诊等候时间分布"),
        question: T("How long do patients wait in emergency departments?", "急诊患者要等多久？"),
        type: "Building",
        property: "erWaitMinutes",
        binWidth: 10,
      },
      {
        kind: "distribution",
        id: "ambulance",
        title: T("Ambulance response times", "救护车响应时间分布"),
        question: T("How many stations answer within the 12-minute standard?", "多少站点能在12分钟标准内响应？"),
        type: "AmbulanceStation",
        property: "responseMinutes",
        binWidth: 2,
        marks: [{ value: 12, label: T("12-min standard", "12分钟标准") }],
      },
      {
        kind: "trend",
        id: "er-trend",
        title: T("ER waiting time", "急诊等候时间"),
        question: T("When do emergency departments queue up?", "急诊何时排长队？"),
        metric: "health.erWaitMinutes",
        agg: "avg",
        kpi: "health.erWaitMinutes",
        peak: true,
      },
    ],
  },
  cell: {
    kpis: ["health.bedOccupancy", "health.icuOccupancy", "health.erWaitMinutes"],
    thresholdsKpi: "health.bedOccupancy",
    chart: { kind: "districts", metric: "health.bedOccupancy", title: T("Bed occupancy by district", "各区床位使用率") },
  },
  board: { refreshSeconds: 60, staleAfterSeconds: 900 },
  scorecard: [
    { metric: "health.bedOccupancy", better: "lower", kpi: "health.bedOccupancy", digits: 1 },
    { metric: "health.erWaitMinutes", better: "lower", kpi: "health.erWaitMinutes", digits: 0 },
  ],
  public: {
    intro: T("How full hospitals are and how long emergency care takes, city-wide.", "全市医院床位使用情况和急救服务时间。"),
    levels: [
      {
        id: "health-bed-occupancy-by-district",
        metric: "health.bedOccupancy",
        assetType: "Building",
        title: T("Hospital bed occupancy by district", "各区医院床位使用率"),
        description: T(
          "Occupied share of staffed beds over all hospitals of the district, 15-minute mean. Withheld where a district has fewer than 3 hospitals.",
          "区内全部医院已占用床位占开放床位的比例（15 分钟平均）。医院少于 3 家的区不予公布。",
        ),
        digits: 1,
      },
    ],
    hourly: [{ id: "health-bed-occupancy-hourly", metric: "health.bedOccupancy", aggregate: "avg", title: T("Hospital bed occupancy, hourly mean", "医院床位使用率（小时平均）") }],
    methods: {
      "health.bedOccupancy": {
        method: T(
          "We divide the occupied hospital beds by all staffed beds, over every hospital in the city.",
          "用全市医院已占用床位数除以开放床位总数。",
        ),
      },
      "health.icuOccupancy": {
        method: T(
          "We divide the occupied intensive-care beds by all intensive-care beds, over every hospital.",
          "用全市医院重症监护病床已占用数除以重症监护病床总数。",
        ),
      },
      "health.erWaitMinutes": {
        method: T(
          "We average, over all hospitals with an emergency department, how long patients are currently waiting to be seen.",
          "对设有急诊科的医院，取患者当前候诊时间的平均值。",
        ),
      },
      "health.ambulanceResponse": {
        method: T(
          "We average the time from an emergency call to the ambulance reaching the scene, over all ambulance stations.",
          "对各急救站，取从接到急救电话到救护车到达现场所用时间的平均值。",
        ),
      },
    },
  },
} as const satisfies DomainModule;
