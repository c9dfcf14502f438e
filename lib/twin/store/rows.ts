import "server-only";
/**
 * The twin's rows as both stores return them (SQLite's columns; PostgreSQL selects the same), and
 * their mapping to the canonical types. No store code: the PostgreSQL side imports this without
 * loading SQLite.
 */
import type { Geometry, Position } from "geojson";
import type { Alert, AlertSeverity, Asset, AssetStatus } from "../types";
import { parseThread } from "../alerts/workflow";

export interface AssetRow {
  idx: number;
  id: string;
  type: string;
  domain: string;
  district: string;
  status: string;
  name_en: string;
  name_zh: string;
  geometry: string;
  properties: string;
}

export interface AlertRow {
  id: string;
  rule: string;
  domain: string;
  category: string;
  severity: string;
  asset_id: string;
  ds: number;
  district: string;
  lon: number;
  lat: number;
  desc_en: string;
  desc_zh: string;
  start: number;
  end: number | null;
  state: string;
  state_by: string | null;
  state_at: number | null;
  value: number;
  threshold: number;
  /** Workflow columns, present when read with ALERT_SELECT. */
  ack_by?: string | null;
  ack_at?: number | null;
  assignee?: string | null;
  escalation?: number | null;
  comment?: string | null;
  /** The comment thread as JSON (lib/twin/alerts/workflow.ts ThreadEntry[]). */
  thread?: string | null;
}

export interface AssetFilter {
  domain?: string;
  domains?: readonly string[];
  type?: string;
  district?: string;
  bbox?: [number, number, number, number];
  q?: string;
  status?: string;
  ids?: readonly string[];
  afterId?: string;
  /** Rows before this id, nearest first (id descending). */
  beforeId?: string;
  limit: number;
}

/** [minx, miny, maxx, maxy] of any GeoJSON geometry. */
export function geometryBBox(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    const [x, y] = p as [number, number];
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  };
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") visit(c as Position);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === "GeometryCollection") g.geometries.forEach((x) => walk(geometryBBox(x).slice(0, 2)));
  else walk(g.coordinates);
  return b;
}

export function assetFromRow(r: AssetRow): Asset {
  return {
    id: r.id,
    type: r.type as Asset["type"],
    domain: r.domain as Asset["domain"],
    name: { en: r.name_en, zh: r.name_zh },
    geometry: JSON.parse(r.geometry) as Geometry,
    district: r.district,
    status: r.status as AssetStatus,
    properties: JSON.parse(r.properties) as Asset["properties"],
  };
}

export function alertFromRow(r: AlertRow): Alert {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return {
    id: r.id,
    domain: r.domain as Alert["domain"],
    category: r.category,
    subCategory: r.rule,
    severity: r.severity as AlertSeverity,
    assetId: r.asset_id,
    district: r.district,
    geometry: { type: "Point", coordinates: [r.lon, r.lat] },
    description: { en: r.desc_en, zh: r.desc_zh },
    start: iso(r.start),
    end: r.end === null ? null : iso(r.end),
    state: r.state as Alert["state"],
    stateBy: r.state_by,
    stateAt: r.state_at === null ? null : iso(r.state_at),
    value: r.value,
    threshold: r.threshold,
    acknowledgedBy: r.ack_by ?? null,
    acknowledgedAt: r.ack_at == null ? null : iso(r.ack_at),
    assignee: r.assignee ?? null,
    escalation: r.escalation ?? 0,
    comment: r.comment ?? null,
    comments: parseThread(r.thread).map((c) => ({ by: c.by, at: iso(c.at), action: c.action, text: c.text })),
  };
}
