/** Strings of the district scorecard (overview and district pages). In English and 简体中文. */
import { defineMessages } from "./table";

const en = {
  title: "District scorecard",
  question:
    "Which district is worst right now, and why: each department's key indicators, coloured by their own warning and critical levels.",
  caption:
    "Key indicators by district, with each value's level and its rank among the districts (1 = best). The city row is the reference.",
  districtTitle: "{district} against the city",
  districtQuestion: "This district's key indicators beside the city's, with its rank among the districts (1 = best).",
  district: "District",
  city: "City",
  indicator: "Indicator",
  value: "Value",
  rank: "Rank",
  last24h: "Last 24 h",
  offNormal: "Off normal",
  offNormalHint: "Indicators at warning or critical",
  rankOf: "{rank} of {n}",
  rankShort: "#{rank}",
  noValue: "no value",
  sortedWorst: "sorted worst first",
  sortedBest: "sorted best first",
  sortBy: "Sort by {name}",
  spark: "last 24 h: {min} to {max}",
  lowerBetter: "lower is better",
  higherBetter: "higher is better",
  levels: "warning at {warning}, critical at {critical}",
  open: "Open {department} with {district} selected",
};

const zh: typeof en = {
  title: "辖区指标对比",
  question: "哪个辖区当前最需要关注、原因何在：各部门关键指标，按各指标自身的预警和严重阈值着色。",
  caption: "各辖区关键指标、所处等级及在各辖区中的排名（第1名为最好），以全市数值为参照。",
  districtTitle: "{district}与全市对比",
  districtQuestion: "本辖区关键指标与全市对比，并列出在各辖区中的排名（第1名为最好）。",
  district: "辖区",
  city: "全市",
  indicator: "指标",
  value: "数值",
  rank: "排名",
  last24h: "近24小时",
  offNormal: "异常指标",
  offNormalHint: "处于预警或严重等级的指标数",
  rankOf: "第{rank}名（共{n}个辖区）",
  rankShort: "第{rank}",
  noValue: "无数据",
  sortedWorst: "最差在前",
  sortedBest: "最好在前",
  sortBy: "按{name}排序",
  spark: "近24小时：{min}至{max}",
  lowerBetter: "越低越好",
  higherBetter: "越高越好",
  levels: "预警 {warning}，严重 {critical}",
  open: "打开{department}，选中{district}",
};

export type ScorecardMessageKey = keyof typeof en;

/** One message, with `{name}` placeholders filled in. */
export const sct = defineMessages(en, zh);
