/** Data frames the chart option builders draw: plain data, client-safe. */
import type { LocalizedText } from "@/lib/twin/types";

export interface Threshold {
  level: "warning" | "critical" | "target";
  value: number;
  label: LocalizedText;
}

/** A few series over the same time buckets, in one unit. */
export interface TimeSeriesFrame {
  title: LocalizedText;
  /** Unit symbol, e.g. "MW"; "" or "1" for none. */
  unit: string;
  /** IANA zone of the city; axis labels are city time. */
  timezone: string;
  /** Bucket starts, ISO 8601. */
  t: string[];
  series: {
    id: string;
    name: LocalizedText;
    values: (number | null)[];
    /** "forecast" is drawn dashed and muted so it never reads as measured. */
    role: "actual" | "forecast";
  }[];
  thresholds?: Threshold[];
  /** Vertical marks at bucket times (e.g. midnight in a rolling 24-hour window), labelled. */
  marks?: { t: string; label: LocalizedText }[];
}

/** One value per category (e.g. per district), in one unit. */
export interface CategoryFrame {
  title: LocalizedText;
  unit: string;
  categories: { id: string; name: LocalizedText }[];
  values: (number | null)[];
  thresholds?: Threshold[];
}
