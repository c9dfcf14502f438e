/** Strings of the sign-in, device and admin screens, in English and 简体中文. */
import { defineMessages } from "./table";

const EN = {
  title: "Sign in",
  username: "Username",
  password: "Password",
  submit: "Sign in",
  sso: "Sign in with city single sign-on",
  errorInvalid: "Wrong username or password.",
  errorLocked: "Too many failed sign-ins: this account is locked.",
  lockedUntil: "Try again after",
  errorForbidden: "Your account cannot open that page. Sign in with an account that can.",
  errorSso: "Single sign-on did not complete. Try again, or sign in with a password.",
  signedOut: "You have signed out.",
  wallHint: "Setting up a wall display? Use its device token at",
  publicLink: "Public pages",
  deviceTitle: "Set up a wall display",
  deviceIntro: "Paste the device token an admin issued for this display. It is read-only and opens only the boards it is bound to.",
  deviceToken: "Device token",
  deviceSubmit: "Start the wall",
  deviceInvalid: "That token is not valid, or it has been revoked.",
  signOut: "Sign out",
  apiTokens: "API tokens",
  administration: "Admin",
} as const;

export type AuthMessage = keyof typeof EN;

const ZH: Record<AuthMessage, string> = {
  title: "登录",
  username: "用户名",
  password: "密码",
  submit: "登录",
  sso: "使用城市统一身份认证登录",
  errorInvalid: "用户名或密码错误。",
  errorLocked: "登录失败次数过多：该账户已被锁定。",
  lockedUntil: "请在此时间后重试：",
  errorForbidden: "您的账户无权打开该页面。请使用有权限的账户登录。",
  errorSso: "统一身份认证未完成。请重试，或使用密码登录。",
  signedOut: "您已退出登录。",
  wallHint: "设置大屏显示？请在此使用设备令牌：",
  publicLink: "公开页面",
  deviceTitle: "设置大屏显示",
  deviceIntro: "粘贴管理员为此显示屏签发的设备令牌。令牌为只读，只能打开其绑定的看板。",
  deviceToken: "设备令牌",
  deviceSubmit: "启动大屏",
  deviceInvalid: "该令牌无效或已被撤销。",
  signOut: "退出",
  apiTokens: "API 令牌",
  administration: "系统管理",
};

/** One message. */
export const at = defineMessages(EN, ZH);
