/**
 * Chart colours for the dark operations theme and the light theme. Muted, legible on both;
 * status colours match the map and the CSS tokens in app/globals.css.
 */
import type { ChartTheme } from "./types";

const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

export const DARK_CHART_THEME: ChartTheme = {
  scheme: "dark",
  text: "#d6dde6",
  muted: "#8d99a8",
  gridLine: "#26303b",
  axisLine: "#3a4552",
  tooltipBg: "#1b232d",
  tooltipBorder: "#3a4552",
  series: ["#6aa8e8", "#4fbfa8", "#c9a0e8", "#e3b96a"],
  forecast: "#9aa6b4",
  compare: "#d08ad8",
  warning: "#e0a526",
  critical: "#ef6b63",
  fontFamily: FONT,
  fontSize: 12,
  lineScale: 1,
  wall: false,
};

export const LIGHT_CHART_THEME: ChartTheme = {
  scheme: "light",
  text: "#1e2630",
  muted: "#5a6776",
  gridLine: "#e3e8ee",
  axisLine: "#c3ccd6",
  tooltipBg: "#ffffff",
  tooltipBorder: "#c3ccd6",
  series: ["#1f6fc5", "#12806b", "#7a4bb0", "#a86b00"],
  forecast: "#6b7785",
  compare: "#9b3fa6",
  warning: "#a86b00",
  critical: "#c3362d",
  fontFamily: FONT,
  fontSize: 12,
  lineScale: 1,
  wall: false,
};

const scaled = new Map<string, ChartTheme>();

/**
 * Axis and legend type on a wall, in root units (1/54 of the screen height): 1.05 wall units is
 * 21 px at 1080p and 42 px at 4K, the size of the wall's other labels (readable at 5 m).
 */
export const WALL_CHART_FONT_REM = 1.05;

/**
 * The theme of a scheme at a UI scale; the same object for the same inputs (stable identity).
 * `wall`: type sized like the wall's labels and lines that thicken with the screen.
 */
export function chartTheme(scheme: "dark" | "light", scale = 1, wall = false): ChartTheme {
  const base = scheme === "light" ? LIGHT_CHART_THEME : DARK_CHART_THEME;
  if (scale === 1 && !wall) return base;
  const key = `${scheme}:${scale}:${wall}`;
  let theme = scaled.get(key);
  if (!theme) {
    theme = wall
      ? { ...base, fontSize: Math.round(16 * scale * WALL_CHART_FONT_REM), lineScale: scale, wall: true }
      : { ...base, fontSize: Math.round(base.fontSize * scale) };
    scaled.set(key, theme);
  }
  return theme;
}
