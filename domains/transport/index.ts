/**
 * Transport: road traffic detectors, metro stations and public car parks.
 * Client-safe data; the generators are in ./simulator.ts.
 */
import { T, UNITS as U, metric, stream } from "../define";
import type { DomainModule } from "../types";

export const transport = {
  id: "transport",
  name: T("Transport", "交通"),
  department: T("Transport", "交通"),
  colour: { dark: "#6aa8e8", light: "#1f6fc5" },
  assetTypes: [
    {
      type: "TrafficFlowObserved",
      label: T("Detector", "检测点"),
      capacity: "lanes",
      datastreams: [
        stream("speed", "Speed", "车速", U.kmh, 300, [0, 250], 3000),
        stream("intensity", "Traffic intensity", "车流量", U.vehPerHour, 300, [0, 30000], 360000),
        stream("congestionIndex", "Congestion index", "拥堵指数", U.count, 300, [0.5, 20], 100),
      ],
    },
    {
      type: "MetroStation",
      label: T("Metro Station", "地铁站"),
      capacity: "platforms",
      // Stations sit on the pack's metro lines: more monitoring does not make more of them.
      unscaled: true,
      datastreams: [
        stream("entries", "Entries", "进站人次", U.pax, 300, [0, 100000], 1200000),
        stream("exits", "Exits", "出站人次", U.pax, 300, [0, 100000], 1200000),
      ],
    },
    {
      type: "ParkingSite",
      label: T("Car Park", "停车场"),
      capacity: "capacity",
      datastreams: [stream("occupiedSpaces", "Occupied spaces", "已占车位", U.count, 300, [0, 50000], 20000)],
    },
  ],
  metrics: [
    metric("transport.congestion", "Congestion index", "拥堵指数", U.count, "avg", "TrafficFlowObserved", "congestionIndex", 300),
    metric("transport.speed", "Average speed", "平均车速", U.kmh, "avg", "TrafficFlowObserved", "speed", 300),
    metric("transport.metroEntries", "Metro entries", "地铁进站人次", U.pax, "sum", "MetroStation", "entries", 300),
    metric("transport.parkingOccupancy", "Parking occupancy", "停车位占用率", U.percent, "ratio", "ParkingSite", "occupiedSpaces", 300, { denominator: "capacity" }),
  ],
  kpis: [
    {
      id: "transport.congestionIndex",
      name: T("Congestion index", "交通拥堵指数"),
      definition: T(
        "Mean ratio of observed to free-flow travel time on monitored road segments (1 = free flow, higher = more congested).",
        "监测路段实际行程时间与自由流行程时间之比的平均值（1 表示畅通，越高越拥堵）。",
      ),
      formulaText: "mean(latest congestionIndex of every TrafficFlowObserved)",
      compute: { metric: "transport.congestion" },
      unit: U.count,
      cadenceSeconds: 300,
      better: "lower",
      target: 1.6,
      thresholds: { warning: 2, critical: 3 },
      public: true,
    },
    {
      id: "transport.avgSpeed",
      name: T("Average road speed", "道路平均车速"),
      definition: T("Mean vehicle speed measured on monitored main-road segments.", "监测主干道路段的平均车速。"),
      formulaText: "mean(latest speed of every TrafficFlowObserved)",
      compute: { metric: "transport.speed" },
      unit: U.kmh,
      cadenceSeconds: 300,
      better: "higher",
      target: 35,
      thresholds: { warning: 25, critical: 15 },
      public: true,
    },
    {
      id: "transport.metroTripsToday",
      name: T("Metro trips today", "今日地铁客运量"),
      definition: T("Passenger entries at all metro stations since local midnight.", "当地时间零点以来所有地铁站的进站人次。"),
      formulaText: "sum(entries of every MetroStation since local midnight)",
      compute: { todayTotal: "transport.metroEntries", staleAfterSeconds: 900 },
      unit: U.count,
      cadenceSeconds: 300,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "transport.parkingOccupancy",
      name: T("Parking occupancy", "停车场占用率"),
      definition: T("Share of spaces in monitored public car parks that are occupied.", "监测公共停车场中已占用车位的比例。"),
      formulaText: "100 × sum(occupiedSpaces) / sum(capacity) over every ParkingSite",
      compute: { metric: "transport.parkingOccupancy" },
      unit: U.percent,
      cadenceSeconds: 300,
      better: "lower",
      target: 85,
      thresholds: { warning: 90, critical: 97 },
      public: true,
    },
  ],
  alertRules: [
    {
      id: "congestion",
      name: T("Heavy congestion", "严重拥堵"),
      category: "traffic",
      assetType: "TrafficFlowObserved",
      property: "congestionIndex",
      // At the critical level of transport.congestionIndex, so critical (lib/twin/levels.ts): a
      // road the choropleth and the KPI call critical is not an amber alert on the map.
      levels: [{ above: 3.0, severity: "critical" }],
      clearBelow: 2.7,
      // Three 5-minute readings in a row: 15 minutes of heavy congestion, not one bad sample.
      holdSeconds: 600,
      describe: T("Heavy congestion on {name}: index {value} above {threshold} for 15 min", "{name} 严重拥堵：拥堵指数 {value}，持续15分钟超过 {threshold}"),
      digits: 2,
    },
  ],
  // Detectors are dense along the roads: smaller points.
  layer: { pointScale: 0.8 },
  page: {
    kpis: ["transport.congestionIndex", "transport.avgSpeed", "transport.metroTripsToday", "transport.parkingOccupancy"],
    choropleth: { metric: "transport.congestion", better: "lower", kpi: "transport.congestionIndex" },
    assetTypes: ["TrafficFlowObserved", "MetroStation", "ParkingSite"],
    mapValue: { type: "TrafficFlowObserved", property: "speed", stops: [15, 35, 60], better: "higher" },
    panels: [
      {
        kind: "trend",
        id: "congestion",
        title: T("Congestion through the day", "全天拥堵指数"),
        question: T("How does congestion compare with the usual peaks?", "拥堵与平常高峰相比如何？"),
        metric: "transport.congestion",
        agg: "avg",
        kpi: "transport.congestionIndex",
        peak: true,
      },
      {
        kind: "districts",
        id: "speed-districts",
        title: T("Average speed by district", "各区平均车速"),
        question: T("Where is traffic slowest?", "哪里车速最慢？"),
        metric: "transport.speed",
        better: "higher",
        kpi: "transport.avgSpeed",
      },
      {
        kind: "rank",
        id: "slow-roads",
        title: T("Slowest road sections", "车速最低的路段"),
        question: T("Which detectors see the slowest traffic?", "哪些检测点车速最低？"),
        type: "TrafficFlowObserved",
        property: "speed",
        order: "asc",
        limit: 10,
      },
      {
        kind: "trend",
        id: "metro",
        title: T("Metro entries", "地铁进站量"),
        question: T("How many people enter the metro, interval by interval?", "各时段进站人次是多少？"),
        metric: "transport.metroEntries",
        agg: "sum",
        peak: true,
      },
      {
        kind: "group",
        id: "metro-lines",
        title: T("Metro entries by line", "各线路进站量"),
        question: T("Which lines carry the crowd right now?", "此刻哪些线路客流最大？"),
        type: "MetroStation",
        property: "entries",
        groupBy: "lines",
        agg: "sum",
      },
      {
        kind: "districts",
        id: "parking-districts",
        title: T("Car-park occupancy by district", "各区停车场占用率"),
        question: T("Where is parking running out?", "哪里车位紧张？"),
        metric: "transport.parkingOccupancy",
        better: "lower",
        kpi: "transport.parkingOccupancy",
      },
    ],
  },
  cell: {
    kpis: ["transport.congestionIndex", "transport.metroTripsToday", "transport.avgSpeed"],
    thresholdsKpi: "transport.congestionIndex",
    chart: {
      kind: "today",
      metric: "transport.congestion",
      title: T("Congestion index today", "今日拥堵指数"),
      rollingTitle: T("Congestion index, last 24 h", "近 24 小时拥堵指数"),
      name: T("Congestion index", "拥堵指数"),
    },
  },
  board: { refreshSeconds: 30, staleAfterSeconds: 180 },
  scorecard: [
    { metric: "transport.congestion", better: "lower", kpi: "transport.congestionIndex", digits: 2 },
    { metric: "transport.speed", better: "higher", kpi: "transport.avgSpeed", digits: 1 },
  ],
  public: {
    intro: T("How busy the roads are and how many people ride the metro.", "道路拥堵程度和地铁客运量。"),
    levels: [
      {
        id: "transport-congestion-by-district",
        metric: "transport.congestion",
        assetType: "TrafficFlowObserved",
        title: T("Congestion index by district", "各区交通拥堵指数"),
        description: T(
          "Mean congestion index of the district's monitored road segments over 15 minutes (1 = free flow).",
          "区内监测路段 15 分钟平均拥堵指数（1 = 畅通）。",
        ),
        digits: 2,
      },
    ],
    hourly: [
      { id: "transport-congestion-hourly", metric: "transport.congestion", aggregate: "avg", title: T("Congestion index, hourly mean", "交通拥堵指数（小时平均）") },
      { id: "transport-metro-entries-hourly", metric: "transport.metroEntries", aggregate: "sum", title: T("Metro entries per hour", "每小时地铁进站人次") },
    ],
    methods: {
      "transport.congestionIndex": {
        method: T(
          "On each monitored road, we compare how long a trip takes now with how long it takes on an empty road, then average over all roads. 1 means traffic flows freely; 2 means trips take twice as long.",
          "对每条监测道路，比较当前通行时间与畅通时的通行时间，再对全部道路取平均。1 表示畅通，2 表示通行时间为畅通时的两倍。",
        ),
      },
      "transport.avgSpeed": {
        method: T(
          "We average the vehicle speeds measured on the monitored main roads.",
          "对主要监测道路上测得的车速取平均值。",
        ),
      },
      "transport.metroTripsToday": {
        method: T(
          "We count everyone who has entered a metro station since midnight.",
          "统计当日零时起进入地铁站的总人次。",
        ),
        note: T(
          "The count starts again from zero at midnight, so it is small early in the morning.",
          "该计数每日零时清零，因此清晨数值较小属正常。",
        ),
      },
      "transport.parkingOccupancy": {
        method: T(
          "We divide the occupied spaces in the monitored public car parks by all their spaces.",
          "用监测公共停车场的已占用车位数除以总车位数。",
        ),
      },
    },
  },
} as const satisfies DomainModule;
