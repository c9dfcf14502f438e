/**
 * Wall-only interface strings in both languages (the shared table in lib/i18n holds the rest).
 * Kept here so wall wording can change without touching the strings every page shares.
 */
import { defineMessages } from "@/lib/i18n/table";

const en = {
  boardsTitle: "Wall boards",
  boardsIntro:
    "Point a wall screen at a board. Boards are chrome-less, dark, large-type and need no input; they stay live over the event stream and say when they are not.",
  playlist: "Rotating playlist",
  tiled: "Multi-screen wall (2×2), one address per screen",
  options: "Address options",
  optRotate: "rotate=city,energy,… plays boards in turn",
  optEvery: "every=45s sets the time per board (5 s – 1 h)",
  optTiles: "tiles=2x2&tile=1,0 shows one screen's part of a board on a multi-screen wall",
  optQuiet: "quietHour=4 (city time, or off) and memoryMb=768 tune the self-healing watchdog",
  optLang: "lang=zh shows the board in Chinese",
  optSound: "sound=on plays a tone when a new critical alarm arrives (the browser must allow audio without a click)",
  board: "Board",
  nextBoard: "next",
  lostSince: "No live updates for {age}",
  lostBody: "Figures are the last received and marked stale. Reconnecting by itself.",
  neverConnected: "Cannot reach the live data service",
  networkDown: "No network connection",
  streamLost: "Live stream lost for {age}",
  streamLostBody: "The data service still answers: figures refresh by polling, every 30 s to 2 min. Reconnecting the stream by itself.",
  apiDown: "Data service unreachable for {age}",
  apiDownBody: "No figure can be refreshed: everything shown is the last received. Retrying by itself.",
  dataAge: "Data {age} old",
  dataAgeSince: "last data {time}",
  dataStopped: "No new data",
  alarmStrip: "City alarms",
  alarmsCityWide: "whole city",
  unacknowledged: "unacknowledged",
  acknowledged: "acknowledged",
  newestCritical: "Newest critical",
  noCritical: "No critical alarm",
  newCritical: "New critical alarm",
  panelFailed: "This panel failed; retrying by itself.",
  boardFailed: "This board failed to draw; the next board follows on schedule.",
} as const;

export type WallMessageKey = keyof typeof en;

const zh: Record<WallMessageKey, string> = {
  boardsTitle: "大屏看板",
  boardsIntro: "将大屏指向一个看板。看板无菜单、深色、大字号，无需操作；通过事件流保持实时，断开时会明确提示。",
  playlist: "轮播列表",
  tiled: "多屏拼接（2×2），每块屏一个地址",
  options: "地址参数",
  optRotate: "rotate=city,energy,… 依次轮播看板",
  optEvery: "every=45s 设置每个看板的停留时间（5 秒至 1 小时）",
  optTiles: "tiles=2x2&tile=1,0 在多屏拼接墙上显示该屏对应的部分",
  optQuiet: "quietHour=4（城市时间，或 quietHour=off 关闭）与 memoryMb=768 调整自愈看门狗",
  optLang: "lang=zh 以中文显示看板",
  optSound: "sound=on 新的严重告警到达时播放提示音（浏览器需允许无点击播放声音）",
  board: "看板",
  nextBoard: "下一个",
  lostSince: "实时更新已中断 {age}",
  lostBody: "以下为最后收到的数据，已标记为过时。正在自动重连。",
  neverConnected: "无法连接实时数据服务",
  networkDown: "网络连接已断开",
  streamLost: "实时数据流已中断 {age}",
  streamLostBody: "数据服务仍可访问：数据按 30 秒至 2 分钟轮询刷新。正在自动重连数据流。",
  apiDown: "数据服务无法访问已 {age}",
  apiDownBody: "所有数据均无法刷新：显示的是最后收到的数据。正在自动重试。",
  dataAge: "数据已 {age} 未更新",
  dataAgeSince: "最后数据 {time}",
  dataStopped: "无新数据",
  alarmStrip: "全市告警",
  alarmsCityWide: "全市",
  unacknowledged: "未确认",
  acknowledged: "已确认",
  newestCritical: "最新严重告警",
  noCritical: "无严重告警",
  newCritical: "新的严重告警",
  panelFailed: "此面板出错，正在自动重试。",
  boardFailed: "此看板绘制失败；将按计划切换到下一个看板。",
};

/** One wall string with `{name}` placeholders filled in. */
export const wt = defineMessages(en, zh);
