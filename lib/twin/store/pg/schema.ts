import "server-only";
import type { PgMigration } from "@/lib/store/pg/migrate";

/**
 * The twin's tables on PostgreSQL (docs/postgres.md explains the choices). Same columns and
 * indexes as the SQLite store (lib/twin/store/schema.ts), plus:
 * - `observations` is PARTITION BY RANGE (t), one partition per UTC day, each with its own primary
 *   key (ds, t): the key makes ingest idempotent (ON CONFLICT) and serves every read (one stream
 *   over a time range), while staying the size of one day. Retention drops whole days.
 * - `rollups` is partitioned by UTC month (a Shenzhen month is ~1.7 M rows), so metric history
 *   is also retired by dropping partitions.
 * - `metric_inputs` says which metric rollups a datastream feeds (the engine keeps this in
 *   memory); ingest reads it to keep rollups in the same transaction as the rows.
 * - `latest` holds the newest observation of each stream, kept at ingest, so "latest of 1,000
 *   streams" reads 1,000 rows instead of probing every day partition.
 * - `twin_ensure_partitions(days)` creates the partitions of the given UTC days (epoch day
 *   numbers) and of their months; the store calls it ahead of time and before an ingest that
 *   reaches a day it has not seen.
 * Times are epoch seconds (bigint), as in SQLite.
 */
const V1 = `
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE districts (
  idx integer PRIMARY KEY, id text NOT NULL UNIQUE, name_en text NOT NULL, name_zh text NOT NULL,
  area_km2 double precision NOT NULL, population bigint NOT NULL
);
CREATE TABLE assets (
  idx integer PRIMARY KEY, id text NOT NULL UNIQUE, type text NOT NULL, domain text NOT NULL,
  district text NOT NULL, status text NOT NULL, name_en text NOT NULL, name_zh text NOT NULL,
  geometry jsonb NOT NULL, properties jsonb NOT NULL,
  minx double precision NOT NULL, miny double precision NOT NULL, maxx double precision NOT NULL, maxy double precision NOT NULL
);
CREATE INDEX assets_bbox ON assets (minx, maxx, miny, maxy);
CREATE TABLE datastreams (
  idx integer PRIMARY KEY, id text NOT NULL UNIQUE, asset_idx integer NOT NULL REFERENCES assets (idx),
  property text NOT NULL, name_en text NOT NULL, name_zh text NOT NULL,
  unit_symbol text NOT NULL, unit_code text NOT NULL, cadence integer NOT NULL, stale_after integer NOT NULL
);
CREATE INDEX datastreams_asset ON datastreams (asset_idx);
-- above: countAbove metrics count readings strictly above it (null: the reading itself is summed).
CREATE TABLE metric_inputs (
  ds integer NOT NULL REFERENCES datastreams (idx), metric smallint NOT NULL, district smallint NOT NULL,
  cadence integer NOT NULL, n_add double precision NOT NULL, above double precision,
  PRIMARY KEY (ds, metric)
);
-- No foreign key on ds: checking one per row would cost more than the insert; ingest validates streams.
CREATE TABLE observations (
  ds integer NOT NULL, t bigint NOT NULL, v double precision NOT NULL, PRIMARY KEY (ds, t)
) PARTITION BY RANGE (t);
-- One row per datastream from seed on (t, v null until its first observation): ingest locks these
-- rows, so two writers of one stream take turns even before the stream has any data.
CREATE TABLE latest (ds integer PRIMARY KEY, t bigint, v double precision);
-- Metric rollups per slot (the input cadence); district 0 is the whole city.
CREATE TABLE rollups (
  metric smallint NOT NULL, district smallint NOT NULL, t bigint NOT NULL,
  sum double precision NOT NULL, n double precision NOT NULL, PRIMARY KEY (metric, district, t)
) PARTITION BY RANGE (t);
CREATE TABLE alerts (
  id text PRIMARY KEY, rule text NOT NULL, domain text NOT NULL, category text NOT NULL,
  severity text NOT NULL, asset_id text NOT NULL, ds integer NOT NULL, district text NOT NULL,
  lon double precision NOT NULL, lat double precision NOT NULL, desc_en text NOT NULL, desc_zh text NOT NULL,
  start bigint NOT NULL, "end" bigint, state text NOT NULL, state_by text, state_at bigint,
  value double precision NOT NULL, threshold double precision NOT NULL
);
CREATE INDEX alerts_start ON alerts (start);
CREATE INDEX alerts_open ON alerts ("end") WHERE "end" IS NULL;
CREATE INDEX alerts_asset ON alerts (asset_id, start);
CREATE TABLE kpi_definitions (id text PRIMARY KEY, domain text NOT NULL, ord integer NOT NULL, json jsonb NOT NULL);

CREATE FUNCTION twin_ensure_partitions(days bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  d bigint;
  m timestamp;
  name text;
  made integer := 0;
BEGIN
  -- Two instances reaching a new day together: one creates, the other finds it made.
  PERFORM pg_advisory_xact_lock(hashtext('twinops.partitions.' || current_schema()));
  FOREACH d IN ARRAY days LOOP
    name := 'observations_' || to_char(to_timestamp(d * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF observations FOR VALUES FROM (%s) TO (%s)', name, d * 86400, (d + 1) * 86400);
      made := made + 1;
    END IF;
    m := date_trunc('month', to_timestamp(d * 86400) AT TIME ZONE 'UTC');
    name := 'rollups_' || to_char(m, 'YYYYMM');
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF rollups FOR VALUES FROM (%s) TO (%s)', name,
        extract(epoch FROM m AT TIME ZONE 'UTC')::bigint, extract(epoch FROM (m + interval '1 month') AT TIME ZONE 'UTC')::bigint);
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$$;
`;

/**
 * Live events of the twin, for every instance: ids are global and monotonic (the insert takes a
 * transaction-level advisory lock, so ids commit in order and a reader never skips a late
 * commit), NOTIFY on the channel says "new events", and the table is the replay window for
 * Last-Event-ID on any instance.
 */
const V2 = `
CREATE TABLE events (id bigserial PRIMARY KEY, at bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL);
`;

/**
 * Reads of one stream over days (series, charts) come from the primary key alone: with `v` in
 * it, and each finished day vacuumed (the writer does it), they are index-only scans over the
 * stream's contiguous stretch of the key, instead of one heap page per row (a day's heap is in
 * time order, every stream in every page). Rebuilds the key of every day partition.
 */
const V3 = `
ALTER TABLE observations DROP CONSTRAINT observations_pkey;
ALTER TABLE observations ADD CONSTRAINT observations_pkey PRIMARY KEY (ds, t) INCLUDE (v);
`;

/** Forward only: add a step, never edit a shipped one. */
export const PG_TWIN_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: "assets, datastreams, metric inputs, day-partitioned observations, month-partitioned rollups, latest, alerts, KPI definitions",
    up: async (tx) => void (await tx.query(V1)),
  },
  {
    version: 2,
    name: "events: global, monotonic ids for every instance",
    up: async (tx) => void (await tx.query(V2)),
  },
  {
    version: 3,
    name: "observations key carries the value: index-only reads of a stream",
    up: async (tx) => void (await tx.query(V3)),
  },
];
