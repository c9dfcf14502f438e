/** Chart rules of the public pages. Pure and client-safe. */
import type { ChartOption } from "@/components/charts/types";

/**
 * The shared builder fits the value axis to the data (right for operators' line charts); a filled
 * area read by the public must start at zero, or a city load of 9,000 to 12,000 MW is drawn as if
 * it went from nothing to everything.
 */
export function zeroBased(option: ChartOption): ChartOption {
  const axis = option.yAxis;
  if (!axis || Array.isArray(axis)) return option;
  return { ...option, yAxis: { ...axis, scale: false, min: 0 } as typeof axis };
}
