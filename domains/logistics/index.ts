/**
 * Logistics (new-generation logistics, 新一代物流): the container port with its berths and truck
 * gates, airport cargo, logistics parks, frozen stores, low-altitude delivery drones and the
 * expressways that carry the port's trucks. Client-safe data; the generators are in
 * ./simulator.ts, site positions and the published figures behind the magnitudes in ./sites.ts.
 */
import type { Unit } from "@/lib/twin/types";
import { T, UNITS as U, metric, stream } from "../define";
import type { DomainModule } from "../types";
import { PROVENANCE } from "./sites";

/** Units this domain adds (UN/CEFACT: no code for TEU, so it counts pieces like the others). */
const TEU: Unit = { symbol: "TEU", code: "C62" };
const TONNES: Unit = { symbol: "t", code: "TNE" };
const CELSIUS: Unit = { symbol: "°C", code: "CEL" };

export const logistics = {
  id: "logistics",
  name: T("Logistics", "物流"),
  department: T("New-generation Logistics", "新一代物流"),
  colour: { dark: "#e69ac0", light: "#a8457a" },
  // Ports, airports and parks follow the city's geography: TWINOPS_INVENTORY_SCALE does not multiply them.
  assetTypes: [
    {
      type: "ContainerTerminal",
      label: T("Container Terminal", "集装箱码头"),
      capacity: "berths",
      unscaled: true,
      datastreams: [
        stream("teuHandled", "Containers handled", "集装箱作业量", TEU, 300, [0, 2000], 24000),
        stream("berthsOccupied", "Berths occupied", "已占用泊位", U.count, 300, [0, 100], 60),
        stream("vesselsWaiting", "Vessels waiting at anchorage", "锚地待泊船舶", U.count, 300, [0, 200], 120),
      ],
    },
    {
      type: "Gate",
      label: T("Port Gate", "港区闸口"),
      capacity: "lanes",
      unscaled: true,
      datastreams: [
        stream("queueMinutes", "Truck queue time", "集卡排队时间", U.minutes, 300, [0, 1440], 1200),
        stream("trucksPerHour", "Trucks through the gate", "过闸集卡数", U.vehPerHour, 300, [0, 20000], 60000),
      ],
    },
    {
      type: "AirCargoTerminal",
      label: T("Air Cargo Terminal", "航空货站"),
      capacity: "annualTonnes",
      unscaled: true,
      datastreams: [stream("cargoTonnes", "Cargo handled", "货邮处理量", TONNES, 300, [0, 1000], 12000)],
    },
    {
      type: "LogisticsPark",
      label: T("Logistics Park", "物流园区"),
      capacity: "docks",
      unscaled: true,
      datastreams: [stream("occupiedDocks", "Loading docks in use", "在用装卸月台", U.count, 300, [0, 2000], 2400)],
    },
    {
      type: "ColdChainWarehouse",
      label: T("Cold Store", "冷库"),
      capacity: "capacityTonnes",
      unscaled: true,
      datastreams: [stream("temperature", "Chamber temperature", "库温", CELSIUS, 300, [-60, 40], 120)],
    },
    {
      type: "DroneRoute",
      label: T("Drone Route", "无人机航线"),
      capacity: "flightsPerDay",
      unscaled: true,
      datastreams: [stream("deliveries", "Drone deliveries", "无人机配送单数", U.count, 300, [0, 1000], 12000)],
    },
    {
      type: "TruckCorridor",
      label: T("Truck Corridor", "货运通道"),
      capacity: "lanes",
      unscaled: true,
      datastreams: [
        stream("trucksPerHour", "Trucks per hour", "货车流量", U.vehPerHour, 300, [0, 30000], 360000),
        stream("speed", "Speed", "车速", U.kmh, 300, [0, 250], 3000),
      ],
    },
  ],
  metrics: [
    metric("logistics.teuHandled", "Containers handled", "集装箱作业量", TEU, "sum", "ContainerTerminal", "teuHandled", 300),
    metric("logistics.berthOccupancy", "Berth occupancy", "泊位占用率", U.percent, "ratio", "ContainerTerminal", "berthsOccupied", 300, { denominator: "berths" }),
    metric("logistics.vesselsWaiting", "Vessels waiting", "待泊船舶", U.count, "sum", "ContainerTerminal", "vesselsWaiting", 300),
    metric("logistics.gateQueue", "Gate queue time", "闸口排队时间", U.minutes, "avg", "Gate", "queueMinutes", 300),
    metric("logistics.gateTrucks", "Trucks through port gates", "过闸集卡数", U.vehPerHour, "sum", "Gate", "trucksPerHour", 300),
    metric("logistics.airCargo", "Air cargo handled", "航空货邮处理量", TONNES, "sum", "AirCargoTerminal", "cargoTonnes", 300),
    metric("logistics.dockUtilisation", "Loading dock utilisation", "装卸月台使用率", U.percent, "ratio", "LogisticsPark", "occupiedDocks", 300, { denominator: "docks" }),
    metric("logistics.coldStoreTemp", "Cold store temperature", "冷库温度", CELSIUS, "avg", "ColdChainWarehouse", "temperature", 300),
    metric("logistics.coldExcursions", "Cold stores above −15 °C", "库温超过 −15 °C 的冷库数", U.count, "countAbove", "ColdChainWarehouse", "temperature", 300, { above: -15 }),
    metric("logistics.droneDeliveries", "Drone deliveries", "无人机配送单数", U.count, "sum", "DroneRoute", "deliveries", 300),
    metric("logistics.truckFlow", "Trucks on freight corridors", "货运通道货车流量", U.vehPerHour, "sum", "TruckCorridor", "trucksPerHour", 300),
    metric("logistics.truckSpeed", "Freight corridor speed", "货运通道车速", U.kmh, "avg", "TruckCorridor", "speed", 300),
  ],
  kpis: [
    {
      id: "logistics.teuToday",
      name: T("Containers handled today", "今日集装箱吞吐量"),
      definition: T(
        "Containers loaded and discharged at the container terminals of {city} since local midnight, in twenty-foot equivalent units.",
        "当地时间零点以来{city}各集装箱码头装卸的集装箱数量，以标箱（TEU）计。",
      ),
      formulaText: "sum(teuHandled of every ContainerTerminal since local midnight)",
      compute: { todayTotal: "logistics.teuHandled", staleAfterSeconds: 900 },
      unit: TEU,
      cadenceSeconds: 300,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "logistics.berthOccupancy",
      name: T("Berth occupancy", "泊位占用率"),
      definition: T(
        "Share of container berths with a ship alongside right now; above about 85 % ships start to wait.",
        "当前有船舶靠泊的集装箱泊位比例；超过约 85% 时船舶开始锚地待泊。",
      ),
      formulaText: "100 × sum(berthsOccupied) / sum(berths) over every ContainerTerminal",
      compute: { metric: "logistics.berthOccupancy" },
      unit: U.percent,
      cadenceSeconds: 300,
      better: "lower",
      target: 75,
      thresholds: { warning: 85, critical: 95 },
      public: true,
    },
    {
      id: "logistics.vesselsWaiting",
      name: T("Vessels waiting", "锚地待泊船舶"),
      definition: T("Container ships at anchor waiting for a berth, over all terminals.", "各集装箱码头在锚地等待靠泊的船舶总数。"),
      formulaText: "sum(latest vesselsWaiting of every ContainerTerminal)",
      compute: { metric: "logistics.vesselsWaiting" },
      unit: U.count,
      cadenceSeconds: 300,
      better: "lower",
      target: 3,
      thresholds: { warning: 10, critical: 20 },
      public: true,
    },
    {
      id: "logistics.gateQueueMinutes",
      name: T("Gate queue time", "闸口排队时间"),
      definition: T("Mean time a container truck now waits to pass a port gate.", "集卡当前通过港区闸口的平均排队时间。"),
      formulaText: "mean(latest queueMinutes of every Gate)",
      compute: { metric: "logistics.gateQueue" },
      unit: U.minutes,
      cadenceSeconds: 300,
      better: "lower",
      target: 20,
      thresholds: { warning: 30, critical: 60 },
      public: true,
    },
    {
      id: "logistics.airCargoToday",
      name: T("Air cargo today", "今日航空货邮量"),
      definition: T("Cargo and mail handled at the airport cargo terminals since local midnight.", "当地时间零点以来机场各货站处理的货物和邮件重量。"),
      formulaText: "sum(cargoTonnes of every AirCargoTerminal since local midnight)",
      compute: { todayTotal: "logistics.airCargo", staleAfterSeconds: 900 },
      unit: TONNES,
      cadenceSeconds: 300,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "logistics.droneDeliveriesToday",
      name: T("Drone deliveries today", "今日无人机配送单数"),
      definition: T("Deliveries flown on low-altitude drone routes since local midnight.", "当地时间零点以来低空无人机航线完成的配送单数。"),
      formulaText: "sum(deliveries of every DroneRoute since local midnight)",
      compute: { todayTotal: "logistics.droneDeliveries", staleAfterSeconds: 900 },
      unit: U.count,
      cadenceSeconds: 300,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      public: true,
    },
    {
      id: "logistics.coldExcursions",
      name: T("Cold stores out of range", "库温超标冷库数"),
      definition: T(
        "Frozen stores whose chamber is warmer than −15 °C (set point −18 °C): food safety is at risk.",
        "库温高于 −15 °C（设定 −18 °C）的冷冻库数量，食品安全存在风险。",
      ),
      formulaText: "count(ColdChainWarehouse where latest temperature > −15 °C)",
      compute: { metric: "logistics.coldExcursions" },
      unit: U.count,
      cadenceSeconds: 300,
      better: "lower",
      target: 0,
      thresholds: { warning: 1, critical: 3 },
      public: false,
    },
  ],
  alertRules: [
    {
      id: "berthCongestion",
      name: T("Berth congestion", "泊位拥堵"),
      category: "logistics",
      assetType: "ContainerTerminal",
      property: "vesselsWaiting",
      levels: [
        { above: 8, severity: "critical" },
        { above: 4, severity: "major" },
      ],
      clearBelow: 3,
      // Half an hour of queueing ships, not one arrival bunched at the anchorage.
      holdSeconds: 1800,
      describe: T("Berth congestion at {name}: {value} vessels waiting, more than {threshold}", "{name} 泊位拥堵：{value} 艘船舶锚地待泊，超过 {threshold} 艘"),
      digits: 0,
    },
    {
      id: "gateQueue",
      name: T("Gate queue", "闸口排队"),
      category: "traffic",
      assetType: "Gate",
      property: "queueMinutes",
      // At the levels of logistics.gateQueueMinutes with their severities (lib/twin/levels.ts), so
      // a gate's alert, its dot and the KPI's colour for the same wait agree.
      levels: [
        { above: 60, severity: "critical" },
        { above: 30, severity: "major" },
      ],
      clearBelow: 25,
      holdSeconds: 600,
      describe: T("Trucks queue {value} min at {name}, above {threshold} min", "{name} 集卡排队 {value} 分钟，超过 {threshold} 分钟"),
      digits: 0,
    },
    {
      id: "coldChainExcursion",
      name: T("Cold-chain temperature excursion", "冷链温度超限"),
      category: "environment",
      assetType: "ColdChainWarehouse",
      property: "temperature",
      levels: [
        { above: -12, severity: "critical" },
        { above: -15, severity: "major" },
      ],
      clearBelow: -16,
      // Two readings in a row: a door left open for a minute is not an excursion.
      holdSeconds: 300,
      describe: T("Cold chain temperature excursion at {name}: {value} °C, above {threshold} °C", "{name} 冷链温度超标：库温 {value} °C，高于 {threshold} °C"),
      digits: 1,
    },
  ],
  layer: { pointScale: 1.2 },
  page: {
    kpis: ["logistics.teuToday", "logistics.berthOccupancy", "logistics.vesselsWaiting", "logistics.gateQueueMinutes", "logistics.airCargoToday", "logistics.droneDeliveriesToday"],
    choropleth: { metric: "logistics.dockUtilisation", better: "lower" },
    assetTypes: ["ContainerTerminal", "Gate", "AirCargoTerminal", "LogisticsPark", "ColdChainWarehouse", "DroneRoute", "TruckCorridor"],
    mapValue: { type: "TruckCorridor", property: "speed", stops: [30, 55, 80], better: "higher" },
    panels: [
      {
        kind: "trend",
        id: "teu",
        title: T("Containers handled", "集装箱作业量"),
        question: T("How busy are the quays through the day?", "码头全天作业强度如何？"),
        metric: "logistics.teuHandled",
        agg: "sum",
        peak: true,
      },
      {
        kind: "rank",
        id: "berths",
        title: T("Terminals by berth occupancy", "各码头泊位占用率"),
        question: T("Which terminals are running out of berths?", "哪些码头泊位最紧张？"),
        type: "ContainerTerminal",
        property: "berthsOccupied",
        per: "berths",
        order: "desc",
        limit: 10,
      },
      {
        kind: "trend",
        id: "waiting",
        title: T("Vessels waiting", "锚地待泊船舶"),
        question: T("Are ships queueing at anchor?", "是否有船舶在锚地排队？"),
        metric: "logistics.vesselsWaiting",
        agg: "max",
        kpi: "logistics.vesselsWaiting",
      },
      {
        kind: "rank",
        id: "gates",
        title: T("Gate queue times", "闸口排队时间"),
        question: T("Where do trucks wait longest to enter the port?", "集卡在哪个闸口等待最久？"),
        type: "Gate",
        property: "queueMinutes",
        order: "desc",
        limit: 10,
      },
      {
        kind: "trend",
        id: "air",
        title: T("Air cargo handled", "航空货邮处理量"),
        question: T("When do the cargo terminals work hardest?", "航空货站何时最繁忙？"),
        metric: "logistics.airCargo",
        agg: "sum",
        peak: true,
      },
      {
        kind: "trend",
        id: "drones",
        title: T("Drone deliveries", "无人机配送"),
        question: T("How many deliveries fly, and when?", "无人机配送量及其时段分布如何？"),
        metric: "logistics.droneDeliveries",
        agg: "sum",
        peak: true,
      },
      {
        kind: "rank",
        id: "cold",
        title: T("Warmest cold stores", "库温最高的冷库"),
        question: T("Is any frozen store warming towards −15 °C?", "是否有冷冻库库温逼近 −15 °C？"),
        type: "ColdChainWarehouse",
        property: "temperature",
        order: "desc",
        limit: 10,
      },
      {
        kind: "districts",
        id: "docks",
        title: T("Loading dock utilisation by district", "各区装卸月台使用率"),
        question: T("Where are the logistics parks fullest?", "哪里的物流园区最繁忙？"),
        metric: "logistics.dockUtilisation",
        better: "lower",
      },
    ],
  },
  cell: {
    kpis: ["logistics.teuToday", "logistics.berthOccupancy", "logistics.gateQueueMinutes"],
    thresholdsKpi: "logistics.gateQueueMinutes",
    chart: {
      kind: "recent",
      metric: "logistics.gateQueue",
      step: "PT15M",
      title: T("Port gate queue time, last 24 h", "近 24 小时港区闸口排队时间"),
      name: T("Gate queue", "闸口排队"),
    },
  },
  // Every logistics stream reports each 5 minutes.
  board: { refreshSeconds: 60, staleAfterSeconds: 900 },
  scorecard: [{ metric: "logistics.gateQueue", better: "lower", kpi: "logistics.gateQueueMinutes", digits: 0 }],
  public: {
    intro: T(
      "How many containers the port handles, how long trucks queue at its gates, and how much cargo the airport and delivery drones move.",
      "港口集装箱吞吐量、港区闸口集卡排队时间，以及机场货邮和无人机配送量。",
    ),
    levels: [
      {
        id: "logistics-gate-queue-by-district",
        metric: "logistics.gateQueue",
        assetType: "Gate",
        title: T("Port gate queue time by district", "各区港区闸口排队时间"),
        description: T(
          "Mean time container trucks waited at the district's port gates over the 15 minutes before the as-of time.",
          "截至统计时间前 15 分钟，区内港区闸口集卡平均排队时间。",
        ),
        digits: 0,
      },
    ],
    hourly: [
      { id: "logistics-teu-hourly", metric: "logistics.teuHandled", aggregate: "sum", title: T("Containers handled, hourly", "集装箱作业量（每小时）") },
      { id: "logistics-air-cargo-hourly", metric: "logistics.airCargo", aggregate: "sum", title: T("Air cargo handled, hourly", "航空货邮处理量（每小时）") },
      { id: "logistics-drone-deliveries-hourly", metric: "logistics.droneDeliveries", aggregate: "sum", title: T("Drone deliveries, hourly", "无人机配送单数（每小时）") },
    ],
    methods: {
      "logistics.teuToday": {
        method: T(
          "We add up the containers loaded onto and unloaded from ships at the city's container terminals since midnight, counting a 40-foot container as two.",
          "统计当日零时起全市各集装箱码头装船和卸船的集装箱数量，一个 40 英尺箱按两个标箱计。",
        ),
        note: T(
          "The count starts again from zero at midnight, so it is small early in the morning.",
          "该计数每日零时清零，因此清晨数值较小属正常。",
        ),
      },
      "logistics.berthOccupancy": {
        method: T(
          "We divide the container berths that have a ship alongside by all container berths, over every terminal.",
          "用各集装箱码头有船舶靠泊的泊位数除以集装箱泊位总数。",
        ),
      },
      "logistics.vesselsWaiting": {
        method: T(
          "We count the container ships lying at anchor until a berth is free, over all terminals.",
          "统计各集装箱码头在锚地等待空出泊位的集装箱船数量。",
        ),
      },
      "logistics.gateQueueMinutes": {
        method: T(
          "We average how long container trucks are currently waiting to pass the port gates.",
          "对各港区闸口，取集卡当前排队等候通过时间的平均值。",
        ),
      },
      "logistics.airCargoToday": {
        method: T(
          "We add up the weight of cargo and mail handled at the airport's cargo terminals since midnight.",
          "统计当日零时起机场各货站处理的货物和邮件总重量。",
        ),
        note: T(
          "The count starts again from zero at midnight, so it is small early in the morning.",
          "该计数每日零时清零，因此清晨数值较小属正常。",
        ),
      },
      "logistics.droneDeliveriesToday": {
        method: T(
          "We count the deliveries completed on the city's drone routes since midnight.",
          "统计当日零时起全市无人机航线完成的配送单数。",
        ),
        note: T(
          "The count starts again from zero at midnight; few drones fly at night.",
          "该计数每日零时清零；夜间无人机配送很少。",
        ),
      },
    },
  },
  provenance: PROVENANCE,
} as const satisfies DomainModule;
