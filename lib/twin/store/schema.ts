import "server-only";
import type { Migration } from "@/lib/store/migrate";
import { DEFINITIONS_HASH } from "../definitions";

/**
 * What the stored data means: the content hash of the domain registry's definitions
 * (lib/twin/definitions.ts). A twin written under another one is rebuilt (its data is re-simulated;
 * operations data lives elsewhere and is kept). Table changes are migrations (TWIN_MIGRATIONS).
 */
export const SCHEMA_VERSION = `definitions:${DEFINITIONS_HASH}`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS districts (
  idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,
  area_km2 REAL NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS assets (
  idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, domain TEXT NOT NULL,
  district TEXT NOT NULL, status TEXT NOT NULL, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,
  geometry TEXT NOT NULL, properties TEXT NOT NULL,
  minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS assets_bbox ON assets (minx, maxx, miny, maxy);
CREATE TABLE IF NOT EXISTS datastreams (
  idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, asset_idx INTEGER NOT NULL REFERENCES assets(idx),
  property TEXT NOT NULL, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,
  unit_symbol TEXT NOT NULL, unit_code TEXT NOT NULL, cadence INTEGER NOT NULL, stale_after INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS datastreams_asset ON datastreams (asset_idx);
CREATE TABLE IF NOT EXISTS observations (
  ds INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, PRIMARY KEY (ds, t)
) WITHOUT ROWID;
-- Metric rollups per slot (the input cadence); district 0 is the whole city.
CREATE TABLE IF NOT EXISTS rollups (
  metric INTEGER NOT NULL, district INTEGER NOT NULL, t INTEGER NOT NULL,
  sum REAL NOT NULL, n REAL NOT NULL, PRIMARY KEY (metric, district, t)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY, rule TEXT NOT NULL, domain TEXT NOT NULL, category TEXT NOT NULL,
  severity TEXT NOT NULL, asset_id TEXT NOT NULL, ds INTEGER NOT NULL, district TEXT NOT NULL,
  lon REAL NOT NULL, lat REAL NOT NULL, desc_en TEXT NOT NULL, desc_zh TEXT NOT NULL,
  start INTEGER NOT NULL, end INTEGER, state TEXT NOT NULL, state_by TEXT, state_at INTEGER,
  value REAL NOT NULL, threshold REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_start ON alerts (start);
CREATE INDEX IF NOT EXISTS alerts_open ON alerts (end) WHERE end IS NULL;
CREATE INDEX IF NOT EXISTS alerts_asset ON alerts (asset_id, start);
CREATE TABLE IF NOT EXISTS kpi_definitions (id TEXT PRIMARY KEY, domain TEXT NOT NULL, json TEXT NOT NULL);
`;

/** The twin store's schema, step by step (forward only; add a step, never edit a shipped one). */
export const TWIN_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "assets, datastreams, observations, rollups, alerts, KPI definitions", up: (db) => db.exec(SCHEMA_SQL) },
];

export const DROP_SQL = `
DROP TABLE IF EXISTS kpi_definitions; DROP TABLE IF EXISTS alerts;
DROP TABLE IF EXISTS rollups; DROP TABLE IF EXISTS observations; DROP TABLE IF EXISTS datastreams;
DROP TABLE IF EXISTS assets; DROP TABLE IF EXISTS districts; DROP TABLE IF EXISTS meta;
`;
