/**
 * Small builders the domain folders share, so a datastream or metric row reads as one line.
 * Client-safe, pure.
 */
import type { LocalizedText, Unit } from "@/lib/twin/types";
import type { DatastreamSpec, MetricKind, MetricSpec } from "./types";

/** Units by UN/CEFACT common code, as the app shows them. */
export const UNITS = {
  count: { symbol: "", code: "C62" },
  pax: { symbol: "pax", code: "C62" },
  percent: { symbol: "%", code: "P1" },
  MW: { symbol: "MW", code: "MAW" },
  kW: { symbol: "kW", code: "KWT" },
  A: { symbol: "A", code: "AMP" },
  kmh: { symbol: "km/h", code: "KMH" },
  vehPerHour: { symbol: "veh/h", code: "C62" },
  ugm3: { symbol: "µg/m³", code: "GQ" },
  dBA: { symbol: "dB(A)", code: "2N" },
  minutes: { symbol: "min", code: "MIN" },
} as const satisfies Record<string, Unit>;

export const T = (en: string, zh: string): LocalizedText => ({ en, zh });

/** One datastream row: property, names, unit, cadence (s), plausible range and max change per hour. */
export function stream(
  property: string,
  en: string,
  zh: string,
  unit: Unit,
  cadenceSeconds: number,
  plausible: readonly [number, number],
  maxRatePerHour: number,
  extra: Pick<DatastreamSpec, "onlyIf" | "fast"> = {},
): DatastreamSpec {
  return { property, name: { en, zh }, unit, cadenceSeconds, plausible, maxRatePerHour, ...extra };
}

/** One metric row: id, names, unit, kind, input asset type + property, slot (s). */
export function metric(
  id: string,
  en: string,
  zh: string,
  unit: Unit,
  kind: MetricKind,
  assetType: string | undefined,
  property: string | undefined,
  cadenceSeconds: number,
  extra: Pick<MetricSpec, "denominator" | "above"> = {},
): MetricSpec {
  return {
    id,
    name: { en, zh },
    unit,
    kind,
    ...(assetType === undefined ? {} : { assetType }),
    ...(property === undefined ? {} : { property }),
    cadenceSeconds,
    ...extra,
  };
}
