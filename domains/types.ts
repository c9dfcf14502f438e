/**
 * What a business domain is, as data: the contract every `domains/<id>/` folder fulfils.
 *
 * A domain folder holds
 * - `index.ts` — a {@link DomainModule}: client-safe data only (names, colours, asset types and
 *   their datastreams, metrics, KPI formulas, alert rules, department page, overview/wall cell,
 *   board timing, public datasets). Write it as `{ ... } as const satisfies DomainModule` so its
 *   ids stay literal types (`Domain`, `AssetType` are derived from them).
 * - `simulator.ts` — a {@link DomainSimulator} (server-only): one generator model per
 *   `"<AssetType>:<property>"` datastream, and how the synthetic inventory places its assets.
 *
 * `domains/index.ts` lists the modules (order = display order everywhere) and `domains/server.ts`
 * the simulators; everything else in the app derives from those two lists. Unknown names fail
 * loudly (domains/registry.test.ts), never silently.
 *
 * Asset types are plain strings here (the registry derives the `AssetType` union from the modules,
 * so this file cannot name it without a cycle).
 */
import type { Point, Position } from "geojson";
import type { CityPack } from "@/lib/city/types";
import type { Random } from "@/lib/city/random";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import type { Aggregate, AlertSeverity, Asset, Datastream, DistrictInfo, LocalizedText, PropertyValue, Unit } from "@/lib/twin/types";

// ---------------------------------------------------------------------------------------------
// Asset types and their datastreams

/** One measured property of an asset type: the inventory contract's datastream table row. */
export interface DatastreamSpec {
  property: string;
  name: LocalizedText;
  unit: Unit;
  cadenceSeconds: number;
  /** A boolean asset property that must be true for the asset to have this stream (e.g. hasER). */
  onlyIf?: string;
  /**
   * The values one asset can physically report, in the stream's unit: ingest refuses a row outside
   * it (a sensor fault or a unit mix-up must not reach KPIs, alerts or public figures). Generous on
   * purpose: it stops the impossible, not the unusual.
   */
  plausible: readonly [min: number, max: number];
  /**
   * The most the value can change per hour, in the stream's unit: ingest refuses a row whose
   * change from the stream's newest stored reading is steeper (a stuck-then-jumping sensor, a
   * counter reset, a mis-scaled feed). Over a gap shorter than the cadence the cadence counts, so
   * a reading's noise between two close readings is not a "rate". Generous like `plausible`.
   */
  maxRatePerHour: number;
  /**
   * SCADA-style telemetry that reports live at the twin's tick cadence (TWINOPS_FAST_CADENCE);
   * its history stays on the inventory's grid.
   */
  fast?: boolean;
}

/** How the map draws the assets of one type (colour is the domain's; status shows as a ring). */
export interface AssetLayerLook {
  /** Point radius factor: dense point sets (traffic detectors) draw smaller. Default 1. */
  pointScale?: number;
}

export interface AssetTypeSpec {
  /** NGSI-LD entity type; asset ids are `urn:ngsi-ld:<type>:<city>:<local>`. */
  type: string;
  /** Generated asset names: `<district> <label> <n>` / `<district><label><n>`. */
  label: LocalizedText;
  datastreams: readonly DatastreamSpec[];
  /** Numeric asset property holding its capacity (beds, MW, spaces, ...): inventory imports fill it. */
  capacity: string;
  /** Properties every asset of the type carries, set on import (e.g. `category: "hospital"`). */
  defaults?: Readonly<Record<string, PropertyValue>>;
  /**
   * Count does not scale with TWINOPS_INVENTORY_SCALE (it follows the pack's geography, e.g.
   * metro stations on the metro lines).
   */
  unscaled?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Metrics (rollups) and KPIs

/**
 * How the observations of one datastream property feed a metric rollup. Rollup rows hold
 * (sum, n): `ratio` adds the asset's `denominator` property to n so partial slots stay correct;
 * the other kinds add 1 (streams reporting); `sum` and `countAbove` report the sum alone.
 * `forecast` rows are written by the domain simulator's `forecast`.
 */
export type MetricKind = "sum" | "avg" | "ratio" | "countAbove" | "forecast";

export interface MetricSpec {
  /** `<domain>.<name>`. Registry order (domain by domain, each domain's in order) is the rollup index: append only. */
  id: string;
  name: LocalizedText;
  unit: Unit;
  kind: MetricKind;
  /** Inputs: asset type + datastream property (none for `forecast`). */
  assetType?: string;
  property?: string;
  /** Asset property holding the denominator of a ratio (percent). */
  denominator?: string;
  /** `countAbove` counts observations strictly above this. */
  above?: number;
  /** Rollup slot width: the input stream cadence. */
  cadenceSeconds: number;
}

/**
 * How a KPI is computed, as data (lib/twin/kpis.ts evaluates it):
 * - `metric`: the metric's current rollup value (city or district);
 * - `ratio`: 100 × a / b of two metrics' current values (as of the older input);
 * - `todayTotal`: the metric's rollups summed since local midnight; `staleAfterSeconds` judges it;
 * - `staticCount`: how many inventory assets of `type` have each `where` property in its list.
 */
export type KpiFormula =
  | { metric: string }
  | { ratio: readonly [numerator: string, denominator: string] }
  | { todayTotal: string; staleAfterSeconds: number }
  | { staticCount: { type: string; where?: Readonly<Record<string, readonly PropertyValue[]>> } };

/**
 * A KPI definition without its per-city parameters: the pack carries the owner and may override
 * target and thresholds (`KpiCityParams` in scripts/city/kpis.ts).
 */
export interface KpiSpec {
  /** `<domain>.<name>` */
  id: string;
  name: LocalizedText;
  /** `{city}` is replaced by the city's name. */
  definition: LocalizedText;
  /** Human-readable formula, e.g. `sum(latest load of every Substation)`. */
  formulaText: string;
  compute: KpiFormula;
  unit: Unit;
  cadenceSeconds: number;
  better: "higher" | "lower";
  target: number | null;
  thresholds: { warning: number | null; critical: number | null };
  public: boolean;
}

// ---------------------------------------------------------------------------------------------
// Alert rules

export interface AlertRuleSpec {
  /** Machine code, the alert's `subCategory`, e.g. `feederOverload`. */
  id: string;
  /** What the rule watches for, as people name it (admin routing, filters). */
  name: LocalizedText;
  /** Smart Data Models Alert category, e.g. `traffic`, `environment`, `health`, `energy`. */
  category: string;
  assetType: string;
  property: string;
  /**
   * What the thresholds apply to: the reading itself (absent), or its percentage of an asset
   * property; `minOf`: assets whose property is smaller are not judged by percentage (one patient
   * moves a 3-bed unit by 33 points, so "full" there says little).
   */
  measure?: { percentOf: string; minOf?: number };
  /** Highest threshold first. */
  levels: readonly { above: number; severity: AlertSeverity }[];
  /** Hysteresis: an open alert clears only once the measure falls below this. */
  clearBelow: number;
  /** The condition must hold this long (seconds, observation to observation) before raising. */
  holdSeconds: number;
  /** `{name}` (asset name), `{value}` (measure, `digits` decimals) and `{threshold}` are filled in. */
  describe: LocalizedText;
  digits: number;
}

// ---------------------------------------------------------------------------------------------
// Department page (lib/config/departments.ts types these with the registry's AssetType)

interface PanelBase {
  /** Stable id: test ids, export file names and React keys derive from it. */
  id: string;
  title: LocalizedText;
  /** One sentence under the title: what the panel answers. */
  question: LocalizedText;
}

/** A metric over the view's window (city, or the selected district), with comparison overlay and cursor. */
export interface TrendPanelSpec extends PanelBase {
  kind: "trend";
  metric: string;
  /** Bucket aggregate: `avg` for levels, `max` for counts of events, `sum` for flows per bucket. */
  agg: Aggregate;
  /** A second metric drawn dashed beside the first (e.g. the day-ahead forecast). */
  overlay?: { metric: string; label: LocalizedText };
  /** KPI whose thresholds are drawn as lines and whose definition "explain" opens. */
  kpi?: string;
  /** Show the window's peak and when it happened under the title. */
  peak?: boolean;
  /**
   * Finest bucket worth asking (ISO 8601 duration): the metric's cadence when it is slower than
   * 5 minutes, so a short window does not draw one point between two empty buckets.
   */
  step?: string;
}

/** One bar per district: the metric's value at the cursor; a click filters the page. */
export interface DistrictsPanelSpec extends PanelBase {
  kind: "districts";
  metric: string;
  better: "higher" | "lower";
  kpi?: string;
}

/** Assets ranked by one datastream's value at the cursor; a click selects the asset on the map. */
export interface RankPanelSpec<T extends string = string> extends PanelBase {
  kind: "rank";
  type: T;
  property: string;
  /** Numeric asset property to divide by (value becomes a percentage), e.g. beds. */
  per?: string;
  order: "asc" | "desc";
  limit: number;
}

/** Histogram of one datastream's values across all assets of a type at the cursor. */
export interface DistributionPanelSpec<T extends string = string> extends PanelBase {
  kind: "distribution";
  type: T;
  property: string;
  binWidth: number;
  /** Value lines drawn on the histogram (e.g. a response-time standard). */
  marks?: readonly { value: number; label: LocalizedText }[];
}

/** A datastream summed or averaged over groups named by an asset property (e.g. metro line). */
export interface GroupPanelSpec<T extends string = string> extends PanelBase {
  kind: "group";
  type: T;
  property: string;
  /** Asset property naming the group; comma-separated values put an asset in several groups. */
  groupBy: string;
  agg: "sum" | "avg";
}

/** Counts of assets by a static property, stacked by another (e.g. phase × district). */
export interface BreakdownPanelSpec<T extends string = string> extends PanelBase {
  kind: "breakdown";
  type: T;
  by: string;
  /** Order of the `by` values (others follow). */
  order?: readonly string[];
  stackBy?: "district";
}

/** Construction schedule adherence: reported progress against planned progress at the cursor. */
export interface SchedulePanelSpec<T extends string = string> extends PanelBase {
  kind: "schedule";
  type: T;
}

export type DepartmentPanelSpec<T extends string = string> =
  | TrendPanelSpec
  | DistrictsPanelSpec
  | RankPanelSpec<T>
  | DistributionPanelSpec<T>
  | GroupPanelSpec<T>
  | BreakdownPanelSpec<T>
  | SchedulePanelSpec<T>;

export interface DepartmentSpec<T extends string = string> {
  /** Headline KPIs, in order (ids of the domain's KPIs). */
  kpis: readonly string[];
  /** The district choropleth: the domain's key measure at the cursor. */
  choropleth: { metric: string; better: "higher" | "lower"; kpi?: string };
  /** Asset types drawn on the map, coloured by status at the cursor. */
  assetTypes: readonly T[];
  /** Assets of a type coloured by a live value instead of status (e.g. roads by speed). */
  mapValue?: { type: T; property: string; per?: string; stops: readonly [number, number, number]; better: "higher" | "lower" };
  panels: readonly DepartmentPanelSpec<T>[];
}

// ---------------------------------------------------------------------------------------------
// Overview / wall cell, board, public datasets

/**
 * The domain's cell on the overview and the wall: headline KPIs over one small chart.
 * - `today`: the metric today in 15-minute buckets (an `overlay` metric dashed, e.g. a forecast
 *   through the end of the day); on a wall the last 24 hours with `rollingTitle`;
 * - `recent`: the metric's last 24 hours at `step`;
 * - `districts`: the metric's latest value per district, as bars.
 */
export type CellChartSpec =
  | { kind: "today"; metric: string; overlay?: string; title: LocalizedText; rollingTitle: LocalizedText; name?: LocalizedText }
  | { kind: "recent"; metric: string; step: string; title: LocalizedText; name: LocalizedText }
  | { kind: "districts"; metric: string; title: LocalizedText };

export interface CellSpec {
  /** Headline KPI ids, first is the wall's headline tile. */
  kpis: readonly string[];
  /** KPI whose thresholds the chart draws. */
  thresholdsKpi: string;
  chart: CellChartSpec;
}

/** Cadence-derived refresh and staleness of the domain's wall cell (seconds). */
export interface BoardTiming {
  /** Poll floor when SSE pushes stop, so a cut is noticed within two of these. */
  refreshSeconds: number;
  /** About three cadences of the slowest datastream shown. */
  staleAfterSeconds: number;
}

/** A per-district level published on the public pages and as open data (15-minute mean). */
export interface PublicLevelSpec {
  id: string;
  metric: string;
  /** Assets that contribute (small counts are suppressed). */
  assetType: string;
  title: LocalizedText;
  description: LocalizedText;
  digits: number;
}

/** A city-wide hourly series published as open data. */
export interface PublicHourlySpec {
  id: string;
  metric: string;
  aggregate: "avg" | "sum";
  title: LocalizedText;
}

/**
 * How a public figure is worked out, in plain words for citizens (no formulas: the exact formula
 * is the KPI's `formulaText`, published in the data dictionary).
 */
export interface PlainMethod {
  method: LocalizedText;
  /** What a reader might misread without it (solar at night, a count that restarts at midnight). */
  note?: LocalizedText;
}

export interface PublicSpec {
  /** One plain sentence heading the domain on the public pages: what its figures tell a citizen. */
  intro: LocalizedText;
  levels: readonly PublicLevelSpec[];
  hourly: readonly PublicHourlySpec[];
  /** The plain method of every public KPI of the domain, by KPI id (registry.test.ts checks each has one). */
  methods: Readonly<Record<string, PlainMethod>>;
}

// ---------------------------------------------------------------------------------------------
// District scorecard

/**
 * One key indicator of the domain on the district scorecard (overview and district pages): a
 * metric read in every district and for the city, each cell coloured by the indicator's levels.
 */
export interface ScorecardIndicatorSpec {
  metric: string;
  better: "higher" | "lower";
  /**
   * KPI whose warning / critical levels (as the city pack sets them) colour the cells; without
   * one, the levels of the alert rule on the same reading (lib/views/department/map-scale.ts).
   */
  kpi?: string;
  /** Decimals shown (the API answers unrounded values). */
  digits: number;
}

// ---------------------------------------------------------------------------------------------
// Provenance

/**
 * A published figure a domain's simulated magnitudes are scaled to (e.g. a port's yearly
 * throughput). The public domain page and the domain's open-data pages list them as the scale of
 * the simulation, so a reader can check the source; the figure itself is never presented as a
 * live reading.
 */
export interface PublishedFigure {
  /** Stable id, unique within the domain (the simulator reads the value by it). */
  id: string;
  what: LocalizedText;
  value: number;
  /** The source says "over" / "more than": the value is a lower bound. */
  atLeast?: boolean;
  unit: LocalizedText;
  /** The year the figure describes (or, for a running total, the year it was reported). */
  year: number;
  /** Who published it and where, in both languages. */
  source: LocalizedText;
  /** Where the source can be read: https only. */
  url: string;
  /** How the simulation uses the figure, when that is not plain (e.g. a running total spread over its period). */
  note?: LocalizedText;
}

// ---------------------------------------------------------------------------------------------
// The module

export interface DomainModule {
  /** Lower-case id; the route `/<id>`, the board `/wall/<id>`, metric and KPI id prefix. */
  id: string;
  /** Short name (navigation, panel titles). */
  name: LocalizedText;
  /** The department that runs it (its official name), e.g. 深圳市发展和改革委员会. */
  department: LocalizedText;
  /** Map and chart colour per colour scheme. */
  colour: { dark: string; light: string };
  assetTypes: readonly AssetTypeSpec[];
  /** Registry order appended domain by domain: a domain only appends to its own list. */
  metrics: readonly MetricSpec[];
  kpis: readonly KpiSpec[];
  alertRules: readonly AlertRuleSpec[];
  /** How the map draws the domain's assets. */
  layer: AssetLayerLook;
  page: DepartmentSpec;
  cell: CellSpec;
  board: BoardTiming;
  public: PublicSpec;
  /** One or two key indicators on the district scorecard, in order; levels must be known for each. */
  scorecard: readonly ScorecardIndicatorSpec[];
  /** Published figures the simulated magnitudes follow; a domain without any has none. */
  provenance?: readonly PublishedFigure[];
}

// ---------------------------------------------------------------------------------------------
// Server side: simulator models and inventory placement (domains/<id>/simulator.ts)

/** value = f(seed, datastream, t): a generator for one datastream, pure in its time context. */
export type Generator = (c: TimeContext) => number;

/** One datastream a model generates for, with its asset's deterministic noise keys. */
export interface SimStream {
  asset: Asset;
  ds: Datastream;
  /** Hash keys of the datastream and of its asset (seeded), for `u01` / `smoothNoise`. */
  k: number;
  ka: number;
  /** Two uniform draws in [0, 1) fixed per asset: its lasting character (busy, hot, dusty...). */
  ua: number;
  ub: number;
  /** A numeric asset property, or `def` when missing. */
  num(key: string, def: number): number;
}

/** City-wide context shared by every model of a twin. */
export interface SimCity {
  pack: CityPack;
  seed: number;
  /** Seeded key for the whole simulation. */
  s0: number;
  /** Key of the weather that neighbouring sites share (clouds, haze). */
  cityKey: number;
  assetsOf(type: string): Asset[];
  /** Computed once per twin and shared (e.g. total capacity of a type). */
  memo<T>(key: string, make: () => T): T;
}

/** Generator factory for one `"<AssetType>:<property>"`. */
export type SimModel = (s: SimStream, city: SimCity) => Generator;

/** Places a domain's assets in the synthetic inventory (deterministic for the pack's seed). */
export interface PlacementContext {
  pack: CityPack;
  /** TWINOPS_INVENTORY_SCALE. */
  scale: number;
  districts: readonly DistrictInfo[];
  /** The pack's count of a type, times the scale unless the type is `unscaled`. */
  count(type: string): number;
  /** A random stream of its own per label (usually the asset type). */
  rand(label: string): Random;
  /** Point assets spread over districts by weight (population and area); `make` fills in properties. */
  scatter(type: string, make: (rand: Random, i: number) => Record<string, PropertyValue>): Asset[];
  /** A point within `radiusM` of `origin`, inside the district (origin itself as last resort). */
  near(districtId: string, origin: Position, radiusM: number, rand: Random): Position;
  /** A random point inside the district. */
  randomPoint(districtId: string, rand: Random): Position;
  /** Each district's share of the city (population and a little area), in `districts` order. */
  weights: readonly number[];
  /** Whether a point lies in the district. */
  contains(districtId: string, p: Position): boolean;
  /** The district a point lies in. */
  districtOf(p: Position): DistrictInfo | undefined;
  /** Points every `step` metres along a line, starting `offset` metres in. */
  along(line: readonly Position[], step: number, offset?: number): Position[];
  /** Distance in metres (equirectangular: fine at city scale). */
  metres(a: Position, b: Position): number;
  /** An asset of `type` with the generated name `<district> <label> <n>` and id `<type>:<city>:<local>`. */
  asset(type: string, districtId: string, local: string, n: number, geometry: Asset["geometry"], properties: Record<string, PropertyValue>): Asset;
  /** The next number of a key (e.g. `<type>:<district>`), from 1. */
  next(key: string): number;
  /** A point geometry, coordinates rounded to 6 decimals (~0.1 m). */
  point(p: Position): Point;
  /** Largest-remainder apportionment of `total` over `weights`; the result sums to `total`. */
  apportion(total: number, weights: readonly number[]): number[];
}

export interface DomainSimulator {
  id: string;
  /** Generator per `"<AssetType>:<property>"`; every datastream of the domain must have one. */
  models: Readonly<Record<string, SimModel>>;
  /** For a `forecast` metric: its value for a district at a time (rows written per district). */
  forecast?: (city: SimCity) => (districtId: string, c: TimeContext) => number;
  /** The domain's assets of the synthetic inventory, in a fixed order. */
  place(ctx: PlacementContext): Asset[];
}
