/** Strings of "My account → API tokens" (personal read tokens), in English and 简体中文. */
import { defineMessages } from "./table";

const en = {
  title: "API tokens",
  back: "Back to the command center",
  signedInAs: "Signed in as {name}",
  intro:
    "A read token lets a script or a GIS client (QGIS, ArcGIS, GDAL) read TwinOps as you: the twin API and OGC API Features at /api/ogc, " +
    "with your domains as they are at each use. It cannot change anything. Send it as the header Authorization: Bearer <token>.",
  yours: "Your tokens",
  none: "You have no tokens yet.",
  colName: "Name",
  colCreated: "Created",
  colLastUsed: "Last used",
  colExpires: "Expires",
  colState: "State",
  never: "never",
  notYet: "not yet",
  active: "active",
  revoked: "revoked",
  expired: "expired",
  revoke: "Revoke",
  create: "Create token",
  name: "Name (what it is for)",
  expiry: "Expires after",
  days: "{n} days",
  noExpiry: "no expiry (until revoked)",
  secret: "Your new token — copy it now, it is not shown again:",
  created: "Token {name} created.",
  revokedOne: "Token {name} revoked: it no longer works.",
  failed: "That did not work: {detail}",
  times: "Times in UTC.",
} as const;

export type AccountMessage = keyof typeof en;

const zh: Record<AccountMessage, string> = {
  title: "API 令牌",
  back: "返回指挥中心",
  signedInAs: "当前用户：{name}",
  intro:
    "只读令牌供脚本或 GIS 客户端（QGIS、ArcGIS、GDAL）以您的身份读取 TwinOps 数据：孪生 API 及 /api/ogc 的 OGC API Features，" +
    "每次使用时按您账户当时的业务领域授权，不能修改任何数据。请在请求头中发送 Authorization: Bearer <令牌>。",
  yours: "我的令牌",
  none: "您还没有令牌。",
  colName: "名称",
  colCreated: "创建时间",
  colLastUsed: "最近使用",
  colExpires: "到期时间",
  colState: "状态",
  never: "永不过期",
  notYet: "尚未使用",
  active: "有效",
  revoked: "已撤销",
  expired: "已过期",
  revoke: "撤销",
  create: "创建令牌",
  name: "名称（用途）",
  expiry: "有效期",
  days: "{n} 天",
  noExpiry: "不过期（直至撤销）",
  secret: "新令牌如下，请立即复制，此后不再显示：",
  created: "令牌“{name}”已创建。",
  revokedOne: "令牌“{name}”已撤销，即刻失效。",
  failed: "操作未成功：{detail}",
  times: "时间均为协调世界时（UTC）。",
};

/** One message, with `{name}` placeholders filled in. */
export const acm = defineMessages(en, zh);

