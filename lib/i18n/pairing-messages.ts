/** Strings of wall pairing: the code a wall shows, and the admin's view of walls. In English and 简体中文. */
import type { Locale } from "./locale";

const en = {
  wallTitle: "Pair this screen",
  wallStep1: "On a computer or phone signed in as an admin, open TwinOps Administration → Walls, or scan the code.",
  wallStep2: "Enter this code and choose what the screen shows. The screen then starts by itself.",
  codeLabel: "Pairing code",
  expiresIn: "Expires in {time}",
  waiting: "Waiting for an admin to confirm…",
  paired: "Paired. Opening the board…",
  renewing: "The code expired: showing a new one…",
  startFailed: "Could not get a pairing code ({detail}). Retrying…",
  orToken: "Or paste a device token",
  qrLabel: "QR code of the admin page that confirms this code",
  adminTitle: "Walls",
  adminIntro: "Pair a screen by the code it shows, push another board or playlist to it, or revoke it.",
  pairCode: "Code shown on the screen",
  pairName: "Name of the screen",
  pairBoards: "Boards (several rotate as a playlist, in this order)",
  pairSubmit: "Pair screen",
  pairedOk: "Paired “{name}”: the screen opens its board by itself.",
  colWall: "Screen",
  colBoards: "Board / playlist",
  colLastSeen: "Last seen",
  colOnline: "Status",
  online: "Online",
  offline: "Not seen for {time}",
  never: "Never seen",
  push: "Push",
  pushBoards: "Show instead",
  revoke: "Revoke",
  noWalls: "No paired screens yet.",
};

export type PairingMessageKey = keyof typeof en;

const zh: Record<PairingMessageKey, string> = {
  wallTitle: "配对此屏幕",
  wallStep1: "在以管理员身份登录的电脑或手机上，打开 TwinOps 系统管理 → 大屏，或扫描二维码。",
  wallStep2: "输入此配对码并选择显示内容，屏幕随即自动启动。",
  codeLabel: "配对码",
  expiresIn: "{time}后失效",
  waiting: "等待管理员确认…",
  paired: "配对成功，正在打开看板…",
  renewing: "配对码已失效，正在生成新的配对码…",
  startFailed: "无法获取配对码（{detail}），正在重试…",
  orToken: "或粘贴设备令牌",
  qrLabel: "用于确认此配对码的管理页面二维码",
  adminTitle: "大屏",
  adminIntro: "按屏幕显示的配对码完成配对，向屏幕推送其他看板或轮播列表，或吊销其令牌。",
  pairCode: "屏幕显示的配对码",
  pairName: "屏幕名称",
  pairBoards: "看板（选择多个时按顺序轮播）",
  pairSubmit: "配对屏幕",
  pairedOk: "已配对“{name}”，屏幕将自动打开看板。",
  colWall: "屏幕",
  colBoards: "看板 / 轮播",
  colLastSeen: "最后在线",
  colOnline: "状态",
  online: "在线",
  offline: "{time}未上线",
  never: "从未上线",
  push: "推送",
  pushBoards: "改为显示",
  revoke: "吊销",
  noWalls: "尚无已配对的屏幕。",
};

export function pm(locale: Locale, key: PairingMessageKey, vars?: Record<string, string | number>): string {
  let s = (locale === "zh" ? zh : en)[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
