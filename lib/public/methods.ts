/**
 * How each public figure is worked out, in plain words for citizens (en + zh); the exact
 * formulas stay in the data dictionary. An indicator without an entry here (a new domain's)
 * shows its definition and points to the dictionary. Pure and client-safe.
 */
import type { LocalizedText } from "@/lib/twin/types";

export interface PlainMethod {
  method: LocalizedText;
  /** What a reader might misread without it (solar at night). */
  note?: LocalizedText;
}

const METHODS: Record<string, PlainMethod> = {
  "energy.load": {
    method: {
      en: "We add up the power flowing through every substation in the city at that moment.",
      zh: "将该时刻全市各变电站的用电负荷相加。",
    },
  },
  "energy.renewableShare": {
    method: {
      en: "We divide the power produced by the city's solar plants by the city's total electricity use at that moment.",
      zh: "用该时刻全市光伏电站的发电功率除以全市总用电负荷。",
    },
    note: {
      en: "Solar plants produce nothing between sunset and sunrise, so 0 % at night is normal, not a fault.",
      zh: "日落至日出期间光伏电站不发电，夜间为 0% 属正常现象，并非故障。",
    },
  },
  "transport.congestionIndex": {
    method: {
      en: "On each monitored road, we compare how long a trip takes now with how long it takes on an empty road, then average over all roads. 1 means traffic flows freely; 2 means trips take twice as long.",
      zh: "对每条监测道路，比较当前通行时间与畅通时的通行时间，再对全部道路取平均。1 表示畅通，2 表示通行时间为畅通时的两倍。",
    },
  },
  "transport.avgSpeed": {
    method: {
      en: "We average the vehicle speeds measured on the monitored main roads.",
      zh: "对主要监测道路上测得的车速取平均值。",
    },
  },
  "transport.metroTripsToday": {
    method: {
      en: "We count everyone who has entered a metro station since midnight.",
      zh: "统计当日零时起进入地铁站的总人次。",
    },
    note: {
      en: "The count starts again from zero at midnight, so it is small early in the morning.",
      zh: "该计数每日零时清零，因此清晨数值较小属正常。",
    },
  },
  "transport.parkingOccupancy": {
    method: {
      en: "We divide the occupied spaces in the monitored public car parks by all their spaces.",
      zh: "用监测公共停车场的已占用车位数除以总车位数。",
    },
  },
  "construction.activeSites": {
    method: {
      en: "We count the permitted building sites where work is under way (foundations, structure or finishing).",
      zh: "统计正在施工（基础、主体或装修阶段）的已许可工地数量。",
    },
  },
  "construction.pm25": {
    method: {
      en: "We average the fine dust (PM2.5) readings of the air monitors at construction sites.",
      zh: "对工地空气监测点的细颗粒物（PM2.5）读数取平均值。",
    },
  },
  "construction.noise": {
    method: {
      en: "We average the noise levels measured at the edges of construction sites.",
      zh: "对工地边界处测得的噪声水平取平均值。",
    },
  },
  "health.bedOccupancy": {
    method: {
      en: "We divide the occupied hospital beds by all staffed beds, over every hospital in the city.",
      zh: "用全市医院已占用床位数除以开放床位总数。",
    },
  },
  "health.icuOccupancy": {
    method: {
      en: "We divide the occupied intensive-care beds by all intensive-care beds, over every hospital.",
      zh: "用全市医院重症监护病床已占用数除以重症监护病床总数。",
    },
  },
  "health.erWaitMinutes": {
    method: {
      en: "We average, over all hospitals with an emergency department, how long patients are currently waiting to be seen.",
      zh: "对设有急诊科的医院，取患者当前候诊时间的平均值。",
    },
  },
  "health.ambulanceResponse": {
    method: {
      en: "We average the time from an emergency call to the ambulance reaching the scene, over all ambulance stations.",
      zh: "对各急救站，取从接到急救电话到救护车到达现场所用时间的平均值。",
    },
  },
};

const FALLBACK: LocalizedText = {
  en: "Worked out by the city twin from its sensors; the exact formula is in the data dictionary.",
  zh: "由城市数字孪生根据传感器数据计算，具体公式见数据字典。",
};

/** The plain-language method of an indicator. */
export function plainMethod(id: string): PlainMethod {
  return METHODS[id] ?? { method: FALLBACK };
}
