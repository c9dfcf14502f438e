/**
 * Map colours per colour scheme. Status colours match the CSS tokens and the chart theme, so a
 * critical asset is the same red on the map, in the list and on a chart.
 */
import { byDomain } from "@/domains";
import type { AssetStatus, Domain } from "@/lib/twin/types";

/** Each domain's colour in a scheme, from the registry (domains/<id>/index.ts `colour`). */
const domainColours = (scheme: "dark" | "light"): Record<Domain, string> => byDomain((m) => m.colour[scheme]);

export interface MapPalette {
  scheme: "dark" | "light";
  /** Background: the same as water, so the edge of the pack's land data does not show. */
  sea: string;
  land: string;
  water: string;
  districtFill: string;
  districtLine: string;
  roadMajor: string;
  roadMinor: string;
  label: string;
  labelHalo: string;
  domain: Record<Domain, string>;
  status: Record<AssetStatus, string>;
  /** Outline of normal points, so they stand apart from the basemap. */
  pointOutline: string;
  /**
   * Assets and alarms that need attention on a wall map: hues no domain uses (energy is amber,
   * so "warning" is a saturated orange), drawn large with a light outline.
   */
  alarm: { warning: string; critical: string; outline: string };
}

export const DARK_MAP: MapPalette = {
  scheme: "dark",
  sea: "#0d2030",
  // Land outside the city (Dongguan, Huizhou, Hong Kong) recedes; the city's districts stand out.
  land: "#151b22",
  water: "#0d2030",
  districtFill: "#24303c",
  districtLine: "#4a5b6d",
  roadMajor: "#3a4450",
  roadMinor: "#29313b",
  label: "#b7c2ce",
  labelHalo: "#0c1117",
  domain: domainColours("dark"),
  status: { normal: "#3fb68b", warning: "#e0a526", critical: "#ef6b63", offline: "#7d8896" },
  pointOutline: "#0c1117",
  alarm: { warning: "#ff7a1a", critical: "#ff2d55", outline: "#ffffff" },
};

export const LIGHT_MAP: MapPalette = {
  scheme: "light",
  sea: "#b9cfe2",
  land: "#e6e3dc",
  water: "#b9cfe2",
  districtFill: "#fbfaf7",
  districtLine: "#9aa6b2",
  roadMajor: "#d6cfc4",
  roadMinor: "#e4dfd7",
  label: "#33404d",
  labelHalo: "#ffffff",
  domain: domainColours("light"),
  status: { normal: "#12806b", warning: "#a86b00", critical: "#c3362d", offline: "#6b7785" },
  pointOutline: "#ffffff",
  alarm: { warning: "#d9480f", critical: "#c2185b", outline: "#17202a" },
};

export function mapPalette(scheme: "dark" | "light"): MapPalette {
  return scheme === "light" ? LIGHT_MAP : DARK_MAP;
}

/** Local fonts for labels (no glyph server): Latin first, then CJK families. */
export const LABEL_FONTS = ["Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "sans-serif"];
