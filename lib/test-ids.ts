/**
 * data-testid values shared by components and Playwright, so a renamed element breaks the build
 * rather than a browser test at night. Pure constants: safe everywhere.
 */
import type { Domain } from "@/lib/twin/types";

export const TEST_IDS = {
  /** The admin screen's notifications section, its message line and its tables (rows carry `data-status`). */
  adminNotifications: "admin-notifications",
  adminNotifyMessage: "admin-notify-message",
  adminNotifyChannels: "admin-notify-channels",
  adminNotifyChannelForm: "admin-notify-channel-form",
  adminNotifyRules: "admin-notify-rules",
  adminNotifyDeliveries: "admin-notify-deliveries",
  header: "app-header",
  cityName: "city-name",
  localTime: "local-time",
  dataAsOf: "data-as-of",
  simulatedBadge: "simulated-badge",
  noData: "no-data",
  /** Carries `data-state="live|reconnecting|offline|connecting"`. */
  connectionState: "connection-state",
  offlineBanner: "offline-banner",
  /**
   * Carries `data-map-loaded="true"` once the style and every data layer have loaded, and two
   * counters of what reached MapLibre: `data-setdata-count` (whole re-sends of the live asset
   * sources) and `data-feature-state-updates` (features restyled through feature-state), and
   * `data-state-resyncs`, how often feature-state was re-applied after MapLibre rebuilt its style
   * (a WebGL context restored in place).
   */
  mapRoot: "map-root",
  mapLegend: "map-legend",
  mapList: "map-feature-list",
  mapPopup: "map-popup",
  /** The map's as-of line on walls; carries `data-stale`. */
  mapAsOf: "map-as-of",
  /** The department map's choropleth key (classes of the measure's fixed scale). */
  mapScale: "map-scale",
  /** Wall runtime root; carries `data-board` (current board id) and `data-soft-reloads`. */
  wallRoot: "wall-root",
  /** Banner while the live stream is not up; carries `data-state`. */
  wallBanner: "wall-connection-banner",
  wallBoardList: "wall-board-list",
  alertList: "alert-list",
  alertCount: "alert-count",
  alertItem: "alert-item",
  /** "+N more" under an alert list that cannot show every alert; carries `data-hidden`. */
  alertMore: "alert-more",
  /**
   * The wall's alarm strip (whole city): `data-flashing` while a new critical alarm is news;
   * its severity counts carry `data-severity` and `data-count`.
   */
  alarmStrip: "alarm-strip",
  alarmUnacknowledged: "alarm-unacknowledged",
  alarmAcknowledged: "alarm-acknowledged",
  alarmNewestCritical: "alarm-newest-critical",
  /** Covers a wall whose data stopped: the board dims and this says the data's age. */
  wallStale: "wall-stale",
} as const;

/** A domain panel (`panel-energy`) or the alerts panel (`panel-alerts`). */
export function panelTestId(id: Domain | "alerts"): string {
  return `panel-${id}`;
}

/** A headline number, by KPI id: `kpi-energy.load`. Its text includes the unit. */
export function kpiTestId(kpiId: string): string {
  return `kpi-${kpiId}`;
}

/** A KPI's change line ("▲ 4.1% vs last week"). */
export function kpiChangeTestId(kpiId: string): string {
  return `kpi-change-${kpiId}`;
}

/** The layer toggle of a map layer: `layer-toggle-energy`. */
export function layerToggleTestId(layer: string): string {
  return `layer-toggle-${layer}`;
}

/** Department pages (/energy, /transport, ...): controls and panels. */
export const DEPT_IDS = {
  page: "department-page",
  /** The time control; carries `data-range`, `data-compare` and `data-cursor` (ISO or "live"). */
  timeControl: "time-control",
  printHeader: "print-header",
  print: "print-view",
  compareSelect: "compare-select",
  customFrom: "custom-from",
  customTo: "custom-to",
  customApply: "custom-apply",
  /** The cursor slider (input type=range) and the button that returns to now. */
  cursor: "time-cursor",
  live: "time-live",
  /** The active district filter chip; carries `data-district`; its button clears the filter. */
  districtFilter: "district-filter",
  kpiStrip: "kpi-strip",
  explainDialog: "kpi-explain-dialog",
  mapExportGeojson: "map-export-geojson",
  /** Selected asset summary on the map; carries `data-asset`. */
  mapSelection: "map-selection",
  assetPage: "asset-page",
  districtPage: "district-page",
} as const;

/** A preset button of the time control: `range-7d`. */
export function rangeTestId(preset: string): string {
  return `range-${preset}`;
}

/** A department panel by its config id: `dept-panel-feeders`. Carries `data-as-of`. */
export function deptPanelTestId(id: string): string {
  return `dept-panel-${id}`;
}

/** The "explain this number" button of a KPI or panel: `explain-energy.load`. */
export function explainTestId(id: string): string {
  return `explain-${id}`;
}

/** Export buttons of a panel: `export-csv-feeders`, `export-png-feeders`. */
export function exportTestId(kind: "csv" | "png" | "metadata", panelId: string): string {
  return `export-${kind}-${panelId}`;
}

/** The alarm history page (/alarms). */
export const ALARM_IDS = {
  filters: "alarm-filters",
  domain: "alarm-filter-domain",
  district: "alarm-filter-district",
  severity: "alarm-filter-severity",
  state: "alarm-state",
  range: "alarm-filter-range",
  apply: "alarm-filter-apply",
  export: "alarm-export",
  total: "alarm-total",
  list: "alarm-list",
  row: "alarm-row",
  next: "alarm-next",
  toAck: "alarm-time-to-ack",
  toResolve: "alarm-time-to-resolve",
} as const;

/** My account → API tokens. */
export const ACCOUNT_IDS = {
  /** The list of one's own read tokens; each row carries `data-token-id` and `data-state`. */
  tokens: "account-tokens",
  createForm: "account-token-create",
  /** The new token's secret, shown once. */
  secret: "account-token-secret",
  message: "account-message",
} as const;
