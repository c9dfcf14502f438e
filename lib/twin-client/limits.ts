/** The twin API's limits, quoted by handlers, query keys, client code, docs and tests. Pure: imports nothing (no zod in client bundles). */
export const LIMITS = {
  assetsLimit: { min: 1, max: 5000, default: 500 },
  alertsLimit: { min: 1, max: 5000, default: 500 },
  /** Furthest page start of an alert list (GET /alerts `offset`). */
  alertsOffset: { max: 50_000 },
  /** Most rows of one alert export (GET /alerts/export). */
  alertsExport: 50_000,
  rankLimit: { min: 1, max: 5000, default: 10 },
  latestIds: { min: 1, max: 2000 },
  seriesDatastreams: { max: 50 },
  maxPoints: { min: 10, max: 10_000, default: 1000 },
  /** Longest series range, days (longer is well-formed but refused with 422). */
  seriesRangeDays: 400,
  /** Default series range ending at the twin's now, hours. */
  seriesDefaultHours: 24,
  qLength: 100,
  /** Most ids of one GET /assets `ids` filter (a URL of ~100 URNs stays under 8 KB). */
  assetIds: 100,
} as const;
