/**
 * The four department pages as data: which KPIs head each page, which measure colours the
 * district choropleth, which assets the map shows, and the panels a head of that department asks
 * for. Pages, panels and tests read this one definition; a panel kind is rendered by one
 * component in `components/panels/department/`. Client-safe.
 */
import type { Aggregate, AssetType, Domain, LocalizedText } from "@/lib/twin/types";

interface PanelBase {
  /** Stable id: test ids, export file names and React keys derive from it. */
  id: string;
  title: LocalizedText;
  /** One sentence under the title: what the panel answers. */
  question: LocalizedText;
}

/** A metric over the view's window (city, or the selected district), with comparison overlay and cursor. */
export interface TrendPanel extends PanelBase {
  kind: "trend";
  metric: string;
  /** Bucket aggregate: `avg` for levels, `max` for counts of events, `sum` for flows per bucket. */
  agg: Aggregate;
  /** A second metric drawn dashed beside the first (e.g. the day-ahead forecast). */
  overlay?: { metric: string; label: LocalizedText };
  /** KPI whose thresholds are drawn as lines and whose definition "explain" opens. */
  kpi?: string;
  /** Show the window's peak and when it happened under the title. */
  peak?: boolean;
  /**
   * Finest bucket worth asking (ISO 8601 duration): the metric's cadence when it is slower than
   * 5 minutes, so a short window does not draw one point between two empty buckets.
   */
  step?: string;
}

/** One bar per district: the metric's value at the cursor; a click filters the page. */
export interface DistrictsPanel extends PanelBase {
  kind: "districts";
  metric: string;
  better: "higher" | "lower";
  kpi?: string;
}

/** Assets ranked by one datastream's value at the cursor; a click selects the asset on the map. */
export interface RankPanel extends PanelBase {
  kind: "rank";
  type: AssetType;
  property: string;
  /** Numeric asset property to divide by (value becomes a percentage), e.g. beds. */
  per?: string;
  order: "asc" | "desc";
  limit: number;
}

/** Histogram of one datastream's values across all assets of a type at the cursor. */
export interface DistributionPanel extends PanelBase {
  kind: "distribution";
  type: AssetType;
  property: string;
  binWidth: number;
  /** Value lines drawn on the histogram (e.g. a response-time standard). */
  marks?: { value: number; label: LocalizedText }[];
}

/** A datastream summed or averaged over groups named by an asset property (e.g. metro line). */
export interface GroupPanel extends PanelBase {
  kind: "group";
  type: AssetType;
  property: string;
  /** Asset property naming the group; comma-separated values put an asset in several groups. */
  groupBy: string;
  agg: "sum" | "avg";
}

/** Counts of assets by a static property, stacked by another (e.g. phase × district). */
export interface BreakdownPanel extends PanelBase {
  kind: "breakdown";
  type: AssetType;
  by: string;
  /** Order of the `by` values (others follow). */
  order?: readonly string[];
  stackBy?: "district";
}

/** Construction schedule adherence: reported progress against planned progress at the cursor. */
export interface SchedulePanel extends PanelBase {
  kind: "schedule";
  type: AssetType;
}

export type DepartmentPanel = TrendPanel | DistrictsPanel | RankPanel | DistributionPanel | GroupPanel | BreakdownPanel | SchedulePanel;

export interface Department {
  domain: Domain;
  title: LocalizedText;
  /** Headline KPIs, in order (ids of the city pack's KPI definitions). */
  kpis: readonly string[];
  /** The district choropleth: the domain's key measure at the cursor. */
  choropleth: { metric: string; better: "higher" | "lower"; kpi?: string };
  /** Asset types drawn on the map, coloured by status at the cursor. */
  assetTypes: readonly AssetType[];
  /** Assets of a type coloured by a live value instead of status (e.g. roads by speed). */
  mapValue?: { type: AssetType; property: string; per?: string; stops: readonly [number, number, number]; better: "higher" | "lower" };
  panels: readonly DepartmentPanel[];
}

const T = (en: string, zh: string): LocalizedText => ({ en, zh });

export const DEPARTMENTS: Record<Domain, Department> = {
  energy: {
    domain: "energy",
    title: T("Energy", "能源"),
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
  transport: {
    domain: "transport",
    title: T("Transport", "交通"),
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
  construction: {
    domain: "construction",
    title: T("Construction", "建设"),
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
  health: {
    domain: "health",
    title: T("Health", "卫生健康"),
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
};

export function isDepartment(id: string): id is Domain {
  return Object.prototype.hasOwnProperty.call(DEPARTMENTS, id);
}
