/**
 * Canonical twin model shared by every layer (Smart Data Models vocabulary, SensorThings shape).
 * Pure types and constants only (the domain lists come from the client-safe registry in domains/):
 * safe to import from client code. Everything that touches the
 * store lives in other files of lib/twin, which are server-only.
 */
import type { Geometry, Point } from "geojson";
// The one value import: the client-safe domain registry (pure data) that DOMAINS derives from.
import { ASSET_TYPES_BY_DOMAIN, DOMAIN_IDS } from "@/domains";

/** The business domains TwinOps shows (the registry in domains/index.ts). Order is the display order everywhere. */
export const DOMAINS = DOMAIN_IDS;
export type Domain = (typeof DOMAINS)[number];

/** A name in both interface languages. */
export interface LocalizedText {
  en: string;
  zh: string;
}

/**
 * Asset types per domain (NGSI-LD entity types), from the registry. Ids are
 * `urn:ngsi-ld:<Type>:<city>:<local>`. `Building` is used with `properties.category = "hospital"`
 * as in Smart Data Models.
 */
export const ASSET_TYPES = ASSET_TYPES_BY_DOMAIN;
export type AssetType = (typeof ASSET_TYPES)[Domain][number];

export const ASSET_STATUSES = ["normal", "warning", "critical", "offline"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export type PropertyValue = string | number | boolean | null;

export interface Asset {
  /** `urn:ngsi-ld:<Type>:<city>:<local>` */
  id: string;
  type: AssetType;
  domain: Domain;
  name: LocalizedText;
  geometry: Geometry;
  /** District id from the city pack, e.g. `futian`. */
  district: string;
  status: AssetStatus;
  /** Static attributes: capacity, phase, permit, beds, line, ... */
  properties: Record<string, PropertyValue>;
}

/** A unit with its display symbol and UN/CEFACT common code (e.g. MW / MAW). */
export interface Unit {
  symbol: string;
  code: string;
}

/** One measured property of one asset. Id: `<assetId>:<property>`. */
export interface Datastream {
  id: string;
  assetId: string;
  /** Machine name of the observed property, e.g. `load`, `pm25`, `bedsOccupied`. */
  property: string;
  name: LocalizedText;
  unit: Unit;
  /** Seconds between observations the source promises. */
  cadenceSeconds: number;
  /** Older than this, the latest value is stale and must be shown as such. */
  staleAfterSeconds: number;
}

/** One observation. `t` is an ISO 8601 instant in API payloads. */
export interface Observation {
  datastreamId: string;
  t: string;
  v: number;
}

/** The latest observation of a datastream, with its staleness judged at `asOf` of the answer. */
export interface LatestValue extends Observation {
  unit: Unit;
  stale: boolean;
}

export const AGGREGATES = ["avg", "min", "max", "sum", "count", "last"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** A bucketed series: `t` are bucket starts (ISO 8601), one array per requested aggregate. */
export interface Series {
  /** Datastream id, or `<metric>@<district|city>` for metric series. */
  id: string;
  unit: Unit;
  /** Bucket width, ISO 8601 duration. */
  step: string;
  t: string[];
  values: Partial<Record<Aggregate, (number | null)[]>>;
}

export const ALERT_SEVERITIES = ["info", "minor", "major", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ["open", "acknowledged", "assigned", "resolved"] as const;
/** What operators do with an alert (lib/twin/alerts/workflow.ts holds the rules). */
export const ALERT_ACTIONS = ["acknowledge", "comment", "assign", "escalate", "resolve"] as const;
export type AlertActionKind = (typeof ALERT_ACTIONS)[number];
/** Highest escalation level (1 = shift supervisor, 2 = duty manager, 3 = emergency management). */
export const MAX_ESCALATION = 3;
export type AlertState = (typeof ALERT_STATES)[number];

export interface Alert {
  id: string;
  domain: Domain;
  /** Smart Data Models Alert category, e.g. `traffic`, `environment`, `health`, `energy`. */
  category: string;
  /** Machine code of the rule, e.g. `feederOverload`, `congestion`, `bedOccupancy`, `dustExceedance`. */
  subCategory: string;
  severity: AlertSeverity;
  assetId: string;
  district: string;
  geometry: Point;
  description: LocalizedText;
  /** ISO 8601 */
  start: string;
  /** ISO 8601; null while the condition holds. */
  end: string | null;
  state: AlertState;
  /** Who changed the state last and when (null for machine-raised, untouched alerts). */
  stateBy: string | null;
  stateAt: string | null;
  /** The value that triggered the alert and the threshold it crossed. */
  value: number;
  threshold: number;
  /** Who acknowledged the alert and when (twin time), null until someone does. */
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Person or team the alert is assigned to. */
  assignee: string | null;
  /** Escalation level, 0 (none) to 3. */
  escalation: number;
  /** The latest operator comment. */
  comment: string | null;
  /** Every operator comment on the alert, oldest first: who, when (twin time) and with which action. */
  comments: AlertComment[];
}

/** One comment of an alert's thread. */
export interface AlertComment {
  by: string;
  /** ISO 8601 (twin time, like acknowledgedAt). */
  at: string;
  /** The action the comment came with (`comment` for a comment alone). */
  action: AlertActionKind;
  text: string;
}

/** A KPI definition: the one place that says what a number means. */
export interface KpiDefinition {
  id: string;
  domain: Domain;
  name: LocalizedText;
  definition: LocalizedText;
  /** Human-readable formula, e.g. `sum(load of all substations)`. */
  formula: string;
  unit: Unit;
  cadenceSeconds: number;
  /** Higher is better, or lower is better; decides trend colour and threshold direction. */
  better: "higher" | "lower";
  target: number | null;
  /** Warning and critical thresholds in the KPI's unit (direction given by `better`). */
  thresholds: { warning: number | null; critical: number | null };
  owner: LocalizedText;
  source: LocalizedText;
  public: boolean;
}

export type KpiStatus = "ok" | "warning" | "critical" | "unknown";

export interface KpiValue {
  definition: KpiDefinition;
  value: number | null;
  /** ISO 8601 time the value describes. */
  asOf: string;
  /** Value one day earlier at the same time of day, for the trend arrow. */
  previous: number | null;
  status: KpiStatus;
  stale: boolean;
}

/**
 * What one ingest (or simulator tick) stored. `count` and `domains` describe every row; the SSE
 * stream leaves `observations` out unless the client names the datastreams it wants.
 */
export interface ObservationEventData {
  /** The twin's time when the rows were stored. */
  asOf: string;
  count: number;
  /** Domains of the stored rows, in display order. */
  domains: Domain[];
  observations: Observation[];
}

/** Events pushed over SSE. `id` is monotonic per process and replayable via Last-Event-ID. */
export type TwinEvent =
  | { id: number; type: "observation"; data: ObservationEventData }
  | { id: number; type: "alert"; data: Alert }
  | { id: number; type: "kpi"; data: KpiEventData };

/** A domain's figures changed; after a correction, which row and what its stream reads now. */
export interface KpiEventData {
  domain: Domain;
  asOf: string;
  /**
   * Set by a correction (`TwinIngest.correct`): the corrected row, and the stream's newest
   * reading after it (null: none left). The PostgreSQL writer's alert engine follows it.
   */
  correction?: { datastreamId: string; t: string; latest: { t: string; v: number } | null };
}

export interface DistrictInfo {
  id: string;
  name: LocalizedText;
  areaKm2: number;
  population: number;
}

/** Identifies where data comes from; shown on every screen ("simulated" must be said). */
export interface SourceInfo {
  backend: "embedded" | "postgres" | "sensorthings" | "ngsi-ld";
  simulated: boolean;
  /** True while the twin holds no observation at all (real feeds, none arrived yet). */
  empty?: boolean;
  city: string;
  cityName: LocalizedText;
  timezone: string;
}

/** What an operator asks of an alert (the body of `POST /alerts/{id}/actions`). */
export interface AlertActionInput {
  action: AlertActionKind;
  comment?: string | undefined;
  /** Person or team for `assign`. */
  assignee?: string | undefined;
}

/** One audit record to write; `at` in epoch milliseconds of the real clock. */
export interface AuditEntry {
  at: number;
  actor: string;
  role: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** One stored audit record, as the API and the admin console show it. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Why ingest refused a row: a machine code per row (its `reason` says it to a person). */
export const REFUSAL_CODES = [
  "unknown_datastream",
  "wrong_domain",
  "not_a_number",
  "malformed_time",
  "no_offset",
  "future",
  "too_old",
  "out_of_range",
  "too_fast",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** One refused row: its position in the input, a machine code and a reason a feed can act on. */
export interface Refusal {
  index: number;
  code: RefusalCode;
  reason: string;
}
