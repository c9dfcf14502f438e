/**
 * The twin port: the one contract the rest of the app sees of a twin, split by job (read,
 * events, ingest, audit), every method async. Implementations live under `sources/` and are
 * chosen in `runtime.ts`. Type-only module (plus one error class): importing it pulls no server
 * code, and it imports no implementation.
 */
import type { Feature, FeatureCollection, Geometry, Point } from "geojson";
import type {
  Aggregate,
  AlertActionInput,
  AuditEntry,
  AuditRecord,
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
  Refusal,
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
  /** Only assets of these domains (a caller's scope); absent = any. */
  domains?: readonly Domain[];
  type?: AssetType;
  district?: string;
  bbox?: BBox;
  /** Case-insensitive match on id or either name. */
  q?: string;
  status?: AssetStatus;
  /** Only these asset ids (unknown ones match nothing). */
  ids?: readonly string[];
  /** Page size. */
  limit: number;
  /** Opaque cursor returned as `nextCursor` by the previous page. */
  cursor?: string;
  /** Opaque cursor returned as `prevCursor`: the page just before it (never with `cursor`). */
  before?: string;
}

export interface AssetPage {
  assets: Asset[];
  /** Total matching the filter (ignoring paging). */
  total: number;
  nextCursor: string | null;
  /** For `before`: the page before this one, when there is one (id order is stable, so paging is too). */
  prevCursor: string | null;
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
  /** Alerts that started in [from, to) (history). */
  from?: Date;
  to?: Date;
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

/**
 * The read side of a twin. Every method returns a Promise: a store on another machine
 * (PostgreSQL) answers over the network, and the embedded SQLite twin answers the same contract.
 */
export interface TwinReader {
  info(): Promise<SourceInfo>;
  /** The twin's "now": the simulator clock for the embedded twin, wall time for real feeds. */
  now(): Promise<Date>;
  /**
   * The newest instant the twin's inputs have reached: observations are in, and statuses and
   * alerts evaluated, up to it. `now()` runs on while a feed or the simulator has stopped; answers
   * that describe "the state now" (assets, alerts) date themselves by this, so they turn stale.
   */
  dataThrough(): Promise<Date>;
  districts(): Promise<DistrictInfo[]>;
  listAssets(query: AssetQuery): Promise<AssetPage>;
  getAsset(id: string): Promise<AssetDetail | null>;
  /** Latest values; unknown ids are left out of the answer (caller decides whether that is a 404). */
  latest(datastreamIds: string[]): Promise<LatestValue[]>;
  /** The ids among these that name no datastream of this twin. */
  unknownDatastreams(datastreamIds: string[]): Promise<string[]>;
  /** The domain of each datastream (of its asset); unknown ids are left out. */
  datastreamDomains(datastreamIds: string[]): Promise<Map<string, Domain>>;
  observations(datastreamId: string, from: Date, to: Date, limit: number): Promise<Observation[]>;
  listMetrics(): Promise<MetricInfo[]>;
  /** Rejects with `UnknownIdError` for unknown datastreams, metrics or districts. */
  series(query: SeriesQuery): Promise<Series[]>;
  /**
   * The same series as `series`, as their JSON text (byte for byte `JSON.stringify` of its
   * answer), computed where it holds the event loop least: for expensive reads. The embedded
   * twin runs datastream series in a worker thread with its own read-only connection; PostgreSQL
   * reads them on a small pool of their own, a datastream at a time, so they cannot take every
   * connection light reads need.
   */
  seriesJson(query: SeriesQuery): Promise<string>;
  /** KPI values of a domain (all when undefined), for the city or one district (UnknownIdError). */
  kpis(domain: Domain | undefined, at?: Date, district?: string): Promise<KpiValue[]>;
  /** A metric in every district at an instant (default now); UnknownIdError for an unknown metric. */
  districtValues(metric: string, at?: Date): Promise<DistrictValues>;
  /** Assets of a type ranked by one datastream's value; UnknownIdError for an unknown district. */
  rank(query: RankQuery): Promise<RankResult>;
  alerts(query: AlertQuery): Promise<Alert[]>;
}

/** Live events of a twin, with ids that a client can resume from (`Last-Event-ID`). */
export interface TwinEvents {
  /** Events after `lastEventId` still held for replay (oldest first). */
  replay(lastEventId: number): Promise<TwinEvent[]>;
  /**
   * Ids of the oldest event held for replay and of the newest raised (0 when none). A client id
   * outside this window missed events that are gone (or comes from another twin).
   */
  eventWindow(): Promise<{ oldest: number; newest: number }>;
  /**
   * A number that changes whenever the twin's data does: the id of the newest event raised. On
   * PostgreSQL it is read from the shared events table, so every instance answers the same
   * version for the same data (the shared response cache keys on it; lib/api/response-cache.ts).
   */
  dataVersion(): Promise<number>;
  /** Resolves once the listener is attached; call the returned function to detach it. */
  subscribe(listener: (event: TwinEvent) => void): Promise<Unsubscribe>;
}

/** The write side: observations in, and operators' actions on alerts. */
export interface TwinIngest {
  /** The one write path for observations, used by the simulator and by real feeds alike. */
  ingest(observations: Observation[], options?: IngestOptions): Promise<IngestResult>;
  /**
   * An operator's action on an alert, stored with its audit record in one transaction and
   * pushed to subscribers as an `alert` event. Refusals come back with their HTTP status.
   */
  actOnAlert(id: string, input: AlertActionInput, actor: Actor): Promise<AlertActionResult>;
  /**
   * Replaces or withdraws one stored observation (a feed's or an admin's explicit correction; a
   * re-sent row is a duplicate): the rollups, KPIs and alert rule of its slot follow, and the
   * change is audited with before and after, all in one transaction. `scope`: as for ingest.
   */
  correct(input: CorrectionInput, actor: Actor, options?: IngestOptions): Promise<CorrectionResult>;
}

/**
 * The audit trail, part of the operations store: what people did (sign-ins, accounts, tokens,
 * alert actions). It is not twin data: rebuilding the twin never touches it.
 */
export interface AuditLog {
  /** Appends to the audit trail (sign-ins, accounts, tokens: everything but alert actions). */
  recordAudit(entry: Omit<AuditEntry, "at">): Promise<void>;
  /** The audit trail, newest first. */
  audit(query: { target?: string | undefined; before?: number | undefined; limit: number }): Promise<AuditRecord[]>;
}

/** Whether the stores answer, for `/api/health` and the 503 answers of a store that went away. */
export interface StoreHealth {
  store: "sqlite" | "postgres";
  /** True on the instance that runs the simulator and the alert engine. */
  writer: boolean;
  /** Rejects when a store cannot be read (gone, unreachable); the message says which. */
  check(): Promise<void>;
}

/** Everything the app sees of its twin: chosen in one place (`runtime.ts`) from configuration. */
export interface TwinPort extends TwinReader, TwinEvents, TwinIngest, AuditLog {
  health: StoreHealth;
  /** Stops writing (simulator ticks, alert engine) for good; reads keep working. */
  stop(): Promise<void>;
  /** Stops timers, ends subscriptions and closes the stores. */
  close(): Promise<void>;
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
  rejected: Refusal[];
}

/** An explicit correction of one stored observation: a new value, or withdrawn (`v: null`). */
export interface CorrectionInput {
  datastreamId: string;
  /** The stored row's instant (strict ISO 8601 with an offset). */
  t: string;
  /** The corrected value; null withdraws the row. */
  v: number | null;
  /** Why (kept in the audit record). */
  reason: string;
}

export type CorrectionResult =
  | { ok: true; datastreamId: string; t: string; before: number; after: number | null }
  | { ok: false; status: 403 | 404 | 422; code: string; message: string };

/** How a feed ingests: the domains its token may write (absent or empty: all). */
export interface IngestOptions {
  scope?: readonly string[] | undefined;
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
