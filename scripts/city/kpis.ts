/**
 * The 16 KPI definitions every pack carries. Text is shared; targets, thresholds and owners are
 * per city, because a 22 GW warning means nothing for a town of 200,000.
 */
import type { KpiDefinition, LocalizedText, Unit } from "@/lib/twin/types";

export interface KpiCityParams {
  cityName: LocalizedText;
  /** Owner organisations per domain, each marked "(simulated)". */
  owners: Record<"energy" | "transport" | "construction" | "health", LocalizedText>;
  loadWarningMW: number;
  loadCriticalMW: number;
  loadTargetMW: number | null;
}

const SOURCE: LocalizedText = { en: "TwinOps embedded simulator", zh: "TwinOps 内置模拟器" };
const MW: Unit = { symbol: "MW", code: "MAW" };
const PCT: Unit = { symbol: "%", code: "P1" };
const COUNT: Unit = { symbol: "", code: "C62" };
const UGM3: Unit = { symbol: "µg/m³", code: "GQ" };
const MIN: Unit = { symbol: "min", code: "MIN" };

export function kpiDefinitions(p: KpiCityParams): KpiDefinition[] {
  const o = p.owners;
  const k = (d: Omit<KpiDefinition, "source">): KpiDefinition => ({ ...d, source: SOURCE });
  return [
    k({
      id: "energy.load",
      domain: "energy",
      name: { en: "City electric load", zh: "全市用电负荷" },
      definition: {
        en: `Electric power drawn by all of ${p.cityName.en} right now, summed over every substation.`,
        zh: `${p.cityName.zh}全市当前用电功率，为所有变电站负荷之和。`,
      },
      formula: "sum(latest load of every Substation)",
      unit: MW,
      // Substation load is SCADA telemetry, written live on every twin tick (5 s by default).
      cadenceSeconds: 5,
      better: "lower",
      target: p.loadTargetMW,
      thresholds: { warning: p.loadWarningMW, critical: p.loadCriticalMW },
      owner: o.energy,
      public: true,
    }),
    k({
      id: "energy.renewableShare",
      domain: "energy",
      name: { en: "Renewable share", zh: "可再生能源占比" },
      definition: {
        en: "Share of the city load met by local solar generation at this moment.",
        zh: "当前本地光伏发电量占全市用电负荷的比例。",
      },
      formula: "100 × sum(output of every SolarPlant) / sum(load of every Substation)",
      unit: PCT,
      cadenceSeconds: 300,
      better: "higher",
      target: 10,
      thresholds: { warning: null, critical: null },
      owner: o.energy,
      public: true,
    }),
    k({
      id: "energy.evUtilisation",
      domain: "energy",
      name: { en: "EV charger utilisation", zh: "充电桩使用率" },
      definition: {
        en: "Share of public EV charging connectors that are in use.",
        zh: "公共电动汽车充电接口中正在使用的比例。",
      },
      formula: "100 × sum(occupiedConnectors) / sum(connectors) over every EVChargingStation",
      unit: PCT,
      cadenceSeconds: 300,
      better: "higher",
      target: 40,
      thresholds: { warning: null, critical: null },
      owner: o.energy,
      public: false,
    }),
    k({
      id: "energy.feedersOverloaded",
      domain: "energy",
      name: { en: "Overloaded feeders", zh: "过载馈线数" },
      definition: {
        en: "Number of distribution feeders loaded above 90 % of their rating.",
        zh: "负载率超过额定值 90% 的配电馈线数量。",
      },
      formula: "count(Feeder where latest loading > 90 %)",
      unit: COUNT,
      cadenceSeconds: 300,
      better: "lower",
      target: 0,
      thresholds: { warning: 1, critical: 10 },
      owner: o.energy,
      public: false,
    }),
    k({
      id: "transport.congestionIndex",
      domain: "transport",
      name: { en: "Congestion index", zh: "交通拥堵指数" },
      definition: {
        en: "Mean ratio of observed to free-flow travel time on monitored road segments (1 = free flow, higher = more congested).",
        zh: "监测路段实际行程时间与自由流行程时间之比的平均值（1 表示畅通，越高越拥堵）。",
      },
      formula: "mean(latest congestionIndex of every TrafficFlowObserved)",
      unit: COUNT,
      cadenceSeconds: 300,
      better: "lower",
      target: 1.6,
      thresholds: { warning: 2.0, critical: 3.0 },
      owner: o.transport,
      public: true,
    }),
    k({
      id: "transport.avgSpeed",
      domain: "transport",
      name: { en: "Average road speed", zh: "道路平均车速" },
      definition: {
        en: "Mean vehicle speed measured on monitored main-road segments.",
        zh: "监测主干道路段的平均车速。",
      },
      formula: "mean(latest speed of every TrafficFlowObserved)",
      unit: { symbol: "km/h", code: "KMH" },
      cadenceSeconds: 300,
      better: "higher",
      target: 35,
      thresholds: { warning: 25, critical: 15 },
      owner: o.transport,
      public: true,
    }),
    k({
      id: "transport.metroTripsToday",
      domain: "transport",
      name: { en: "Metro trips today", zh: "今日地铁客运量" },
      definition: {
        en: "Passenger entries at all metro stations since local midnight.",
        zh: "当地时间零点以来所有地铁站的进站人次。",
      },
      formula: "sum(entries of every MetroStation since local midnight)",
      unit: COUNT,
      cadenceSeconds: 300,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      owner: o.transport,
      public: true,
    }),
    k({
      id: "transport.parkingOccupancy",
      domain: "transport",
      name: { en: "Parking occupancy", zh: "停车场占用率" },
      definition: {
        en: "Share of spaces in monitored public car parks that are occupied.",
        zh: "监测公共停车场中已占用车位的比例。",
      },
      formula: "100 × sum(occupiedSpaces) / sum(capacity) over every ParkingSite",
      unit: PCT,
      cadenceSeconds: 300,
      better: "lower",
      target: 85,
      thresholds: { warning: 90, critical: 97 },
      owner: o.transport,
      public: true,
    }),
    k({
      id: "construction.activeSites",
      domain: "construction",
      name: { en: "Active construction sites", zh: "在施工地数" },
      definition: {
        en: "Permitted construction sites past planning: in foundation, structure or finishing works.",
        zh: "已进入基础、主体或装修阶段的在建工地数量。",
      },
      formula: "count(CityWork where phase in {foundation, structure, finishing})",
      unit: COUNT,
      cadenceSeconds: 600,
      better: "higher",
      target: null,
      thresholds: { warning: null, critical: null },
      owner: o.construction,
      public: true,
    }),
    k({
      id: "construction.pm25",
      domain: "construction",
      name: { en: "PM2.5 near sites", zh: "工地周边 PM2.5" },
      definition: {
        en: "Mean fine particulate concentration measured by monitors at construction sites.",
        zh: "工地扬尘监测仪测得的细颗粒物平均浓度。",
      },
      formula: "mean(latest pm25 of every CityWork)",
      unit: UGM3,
      cadenceSeconds: 600,
      better: "lower",
      target: 25,
      thresholds: { warning: 35, critical: 75 },
      owner: o.construction,
      public: true,
    }),
    k({
      id: "construction.dustExceedances",
      domain: "construction",
      name: { en: "Dust exceedances", zh: "扬尘超标工地数" },
      definition: {
        en: "Construction sites whose latest PM10 reading is above 150 µg/m³.",
        zh: "最新 PM10 读数超过 150 µg/m³ 的工地数量。",
      },
      formula: "count(CityWork where latest pm10 > 150 µg/m³)",
      unit: COUNT,
      cadenceSeconds: 600,
      better: "lower",
      target: 0,
      thresholds: { warning: 1, critical: 5 },
      owner: o.construction,
      public: false,
    }),
    k({
      id: "construction.noise",
      domain: "construction",
      name: { en: "Construction noise", zh: "施工噪声" },
      definition: {
        en: "Mean A-weighted sound level measured at construction site boundaries.",
        zh: "工地边界测得的 A 计权声级平均值。",
      },
      formula: "mean(latest noise of every CityWork)",
      unit: { symbol: "dB(A)", code: "2N" },
      cadenceSeconds: 600,
      better: "lower",
      target: 65,
      thresholds: { warning: 70, critical: 80 },
      owner: o.construction,
      public: true,
    }),
    k({
      id: "health.bedOccupancy",
      domain: "health",
      name: { en: "Hospital bed occupancy", zh: "医院床位使用率" },
      definition: {
        en: "Share of staffed hospital beds that are occupied, over all hospitals.",
        zh: "全市医院已占用床位占开放床位的比例。",
      },
      formula: "100 × sum(bedsOccupied) / sum(beds) over every hospital Building",
      unit: PCT,
      cadenceSeconds: 900,
      better: "lower",
      target: 85,
      thresholds: { warning: 90, critical: 95 },
      owner: o.health,
      public: true,
    }),
    k({
      id: "health.icuOccupancy",
      domain: "health",
      name: { en: "ICU occupancy", zh: "重症监护床位使用率" },
      definition: {
        en: "Share of intensive care beds that are occupied, over all hospitals.",
        zh: "全市医院重症监护床位的使用比例。",
      },
      formula: "100 × sum(icuOccupied) / sum(icuBeds) over every hospital Building",
      unit: PCT,
      cadenceSeconds: 900,
      better: "lower",
      target: 80,
      thresholds: { warning: 90, critical: 95 },
      owner: o.health,
      public: true,
    }),
    k({
      id: "health.erWaitMinutes",
      domain: "health",
      name: { en: "Emergency waiting time", zh: "急诊候诊时间" },
      definition: {
        en: "Mean time patients currently wait to be seen in emergency departments.",
        zh: "急诊科患者当前平均候诊时间。",
      },
      formula: "mean(latest erWaitMinutes of every hospital Building with hasER)",
      unit: MIN,
      cadenceSeconds: 300,
      better: "lower",
      target: 30,
      thresholds: { warning: 60, critical: 120 },
      owner: o.health,
      public: true,
    }),
    k({
      id: "health.ambulanceResponse",
      domain: "health",
      name: { en: "Ambulance response time", zh: "救护车响应时间" },
      definition: {
        en: "Mean minutes from emergency call to ambulance arrival on scene.",
        zh: "从急救呼叫到救护车到达现场的平均分钟数。",
      },
      formula: "mean(latest responseMinutes of every AmbulanceStation)",
      unit: MIN,
      cadenceSeconds: 900,
      better: "lower",
      target: 12,
      thresholds: { warning: 15, critical: 20 },
      owner: o.health,
      public: true,
    }),
  ];
}
