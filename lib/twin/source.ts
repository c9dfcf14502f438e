/**
 * The one interface the rest of the app sees of a twin. Implementations: `sources/embedded.ts`
 * (SQLite store + simulator); later PostgreSQL, SensorThings and NGSI-LD adapters.
 * Type-only module: importing it pulls no server code.
 */
import type { AlertActionInput } from "./alerts/workflow";
import type { AuditEntry, AuditRecord } from "./store/store";
import type { Feature, FeatureCollection, Geometry, Point } from "geojson";
import type {
  Aggregate,
  Alert,
  AlertSeverity,
  AlertState,
  Asset,
  AssetStatus,
  AssetType,
  Datastream,
  DistrictInfo,
  Domain,
  KpiValue,
  LatestValue,
  LocalizedText,
  PropertyValue,
  Unit,
  Observation,
  Series,
  SourceInfo,
  TwinEvent,
} from "./types";

/** [west, south, east, north] in WGS 84 degrees. */
export type BBox = [number, number, number, number];

export interface AssetQuery {
  domain?: Domain;
  type?: AssetType;
  district?: string;
  bbox?: BBox;
  /** Case-insensitive match on id or either name. */
  q?: string;
  status?: AssetStatus;
  /** Page size. */
  limit: number;
  /** Opaque cursor returned as `nextCursor` by the previous page. */
  cursor?: string;
}

export interface AssetPage {
  assets: Asset[];
  /** Total matching the filter (ignoring paging). */
  total: number;
  nextCursor: string | null;
}

export interface AssetDetail {
  asset: Asset;
  datastreams: Datastream[];
  latest: LatestValue[];
}

export interface SeriesQuery {
  /** Either explicit datastreams ... */
  datastreams?: string[];
  /** ... or a metric (see `listMetrics`) over a district, or the whole city when omitted. */
  metric?: string;
  district?: string;
  from: Date;
  to: Date;
  stepSeconds: number;
  aggs: Aggregate[];
}

export interface MetricInfo {
  id: string;
  domain: Domain;
  name: { en: string; zh: string };
  unit: { symbol: string; code: string };
  /** How district values combine into the city value. */
  rollup: "sum" | "avg";
}

export interface AlertQuery {
  state?: AlertState[];
  severity?: AlertSeverity[];
  domain?: Domain;
  bbox?: BBox;
  since?: Date;
  district?: string;
  /** One asset's alerts (its history when no state is given). */
  assetId?: string;
  /** Alerts active at this instant: started by then, not ended by then. */
  at?: Date;
  limit: number;
}

/** One metric's value in each district (and the city) at an instant. */
export interface DistrictValues {
  metric: MetricInfo;
  /** The instant asked about (ISO 8601); asked for "now", the newest input's time. */
  at: string;
  /** Newest input time over all rows (ISO 8601), or `at` when there is none. */
  asOf: string;
  city: { value: number | null; asOf: string | null; stale: boolean };
  districts: { id: string; name: LocalizedText; value: number | null; asOf: string | null; stale: boolean }[];
}

export interface RankQuery {
  type: AssetType;
  /** Datastream property, e.g. `loading`. */
  property: string;
  /** Value at this instant (newest observation at or before it); absent = latest. */
  at?: Date;
  district?: string;
  /** Numeric asset property to divide by, giving a percentage (e.g. `beds`). */
  per?: string;
  order: "asc" | "desc";
  limit: number;
}

export interface RankItem {
  assetId: string;
  datastreamId: string;
  name: LocalizedText;
  district: string;
  /** After `per` (a percentage) when given, else the observed value. */
  value: number;
  raw: number;
  t: string;
  stale: boolean;
  properties: Record<string, PropertyValue>;
}

export interface RankResult {
  at: string;
  asOf: string;
  type: AssetType;
  property: string;
  per: string | null;
  unit: Unit;
  /** Assets with a value, before the limit. */
  total: number;
  items: RankItem[];
}

export type Unsubscribe = () => void;

export interface TwinSource {
  info(): SourceInfo;
  /** The twin's "now": the simulator clock for the embedded twin, wall time for real feeds. */
  now(): Date;
  /**
   * The newest instant the twin's inputs have reached: observations are in, and statuses and
   * alerts evaluated, up to it. `now()` runs on while a feed or the simulator has stopped; answers
   * that describe "the state now" (assets, alerts) date themselves by this, so they turn stale.
   */
  dataThrough(): Date;
  districts(): DistrictInfo[];
  listAssets(query: AssetQuery): AssetPage;
  getAsset(id: string): AssetDetail | null;
  /** Latest values; unknown ids are left out of the answer (caller decides whether that is a 404). */
  latest(datastreamIds: string[]): LatestValue[];
  /** The ids among these that name no datastream of this twin. */
  unknownDatastreams(datastreamIds: string[]): string[];
  observations(datastreamId: string, from: Date, to: Date, limit: number): Observation[];
  listMetrics(): MetricInfo[];
  /** Throws `UnknownIdError` for unknown datastreams, metrics or districts. */
  series(query: SeriesQuery): Series[];
  /** KPI values of a domain (all when undefined), for the city or one district (UnknownIdError). */
  kpis(domain: Domain | undefined, at?: Date, district?: string): KpiValue[];
  /** A metric in every district at an instant (default now); UnknownIdError for an unknown metric. */
  districtValues(metric: string, at?: Date): DistrictValues;
  /** Assets of a type ranked by one datastream's value; UnknownIdError for an unknown district. */
  rank(query: RankQuery): RankResult;
  alerts(query: AlertQuery): Alert[];
  /** Events after `lastEventId` still held for replay (oldest first). */
  replay(lastEventId: number): TwinEvent[];
  /**
   * Ids of the oldest event held for replay and of the newest raised (0 when none). A client id
   * outside this window comes from another process or missed events that are gone.
   */
  eventWindow(): { oldest: number; newest: number };
  subscribe(listener: (event: TwinEvent) => void): Unsubscribe;
  /** The one write path for observations, used by the simulator and by real feeds alike. */
  ingest(observations: Observation[]): IngestResult;
  /**
   * An operator's action on an alert, stored with its audit record in one transaction and
   * pushed to subscribers as an `alert` event. Refusals come back with their HTTP status.
   */
  actOnAlert(id: string, input: AlertActionInput, actor: Actor): AlertActionResult;
  /** Appends to the audit trail (sign-ins, accounts, tokens: everything but alert actions). */
  recordAudit(entry: Omit<AuditEntry, "at">): void;
  /** The audit trail, newest first. */
  audit(query: { target?: string | undefined; before?: number | undefined; limit: number }): AuditRecord[];
}

/** Who does something: the account or device name and its role, as the audit records them. */
export interface Actor {
  name: string;
  role: string;
}

export type AlertActionResult =
  | { ok: true; alert: Alert }
  | { ok: false; status: 404 | 409 | 422; code: string; message: string };

export type { AlertActionInput, AuditEntry, AuditRecord };

export interface IngestResult {
  accepted: number;
  /** Duplicates of an existing (datastream, t) are accepted idempotently and counted here. */
  duplicates: number;
  rejected: { index: number; reason: string }[];
}

/** Thrown by sources for ids that do not exist; route handlers map it to 404/422. */
export class UnknownIdError extends Error {
  constructor(
    readonly kind: "asset" | "datastream" | "metric" | "district" | "kpi",
    readonly ids: string[],
  ) {
    super(`unknown ${kind}: ${ids.join(", ")}`);
    this.name = "UnknownIdError";
  }
}

export type AssetFeature = Feature<Geometry, Omit<Asset, "geometry">>;
export type AssetFeatureCollection = FeatureCollection<Geometry, Omit<Asset, "geometry">>;
export type AlertFeature = Feature<Point, Omit<Alert, "geometry">>;
