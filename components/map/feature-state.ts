/**
 * Keeps one live GeoJSON source in step with its API answers at the least cost to the map:
 * the whole collection is sent (`setData`, a worker re-tile) only when the set of features or
 * their geometry changes; a status-only change becomes a `feature-state` update, coalesced
 * (latest wins per feature) and sent only when it differs from what the map shows.
 * Pure (no MapLibre, no DOM), so the map owner stays thin and this is unit-tested.
 */
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";

export type StateValue = string | number | boolean;

/**
 * Numeric ids for the string ids of the API (URNs). MapLibre drops string `feature.id`s of a
 * GeoJSON source, and feature-state needs an id; numbers are never reused, so the state of a
 * removed feature can never land on a new one.
 */
export class NumericIds {
  private next = 1;
  private readonly ids = new Map<string, number>();

  of(key: string): number {
    let n = this.ids.get(key);
    if (n === undefined) {
      n = this.next++;
      this.ids.set(key, n);
    }
    return n;
  }

  /** Forget keys no longer served, so the table stays as large as the inventory. */
  retain(keys: ReadonlySet<string>): void {
    for (const k of this.ids.keys()) if (!keys.has(k)) this.ids.delete(k);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** The API id of a feature: `feature.id`, else `properties.id`. */
export function featureKey(f: Feature): string | null {
  if (typeof f.id === "string" || typeof f.id === "number") return String(f.id);
  const pid: unknown = f.properties?.id;
  return typeof pid === "string" || typeof pid === "number" ? String(pid) : null;
}

// FNV-1a, 32 bit: a cheap fingerprint, not a security property. A collision would only delay a
// geometry change to the next answer that differs, and the count is part of the signature too.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function mixNumber(h: number, v: number): number {
  // Micro-degrees: finer than any drawn difference, and an integer that hashes exactly.
  const n = Math.round(v * 1e6) | 0;
  h = Math.imul(h ^ (n & 0xffff), FNV_PRIME);
  return Math.imul(h ^ (n >>> 16), FNV_PRIME);
}

function mixPositions(h: number, c: Position | Position[] | Position[][] | Position[][][]): number {
  for (const x of c) h = typeof x === "number" ? mixNumber(h, x) : mixPositions(h, x as Position | Position[] | Position[][]);
  return h;
}

function mixGeometry(h: number, g: Geometry | null): number {
  if (!g) return mixString(h, "null");
  h = mixString(h, g.type);
  if (g.type === "GeometryCollection") {
    for (const part of g.geometries) h = mixGeometry(h, part);
    return h;
  }
  return mixPositions(h, g.coordinates);
}

/**
 * What decides a re-send: the ids in order, the geometry, the count. Properties are not in it,
 * on purpose: status travels by feature-state, and the popup and list read the API directly.
 */
export function collectionSignature(fc: FeatureCollection): string {
  let h = FNV_OFFSET;
  for (const f of fc.features) {
    h = mixString(h, featureKey(f) ?? "");
    h = mixGeometry(h, f.geometry);
  }
  return `${fc.features.length}:${(h >>> 0).toString(16)}`;
}

export interface StateChanges {
  /** `setFeatureState(id, { [key]: value })` for each. */
  set: { id: number; value: StateValue }[];
  /** `removeFeatureState(id)` for each: features that left the source. */
  remove: number[];
}

function stateOf(f: Feature, key: string): StateValue | undefined {
  const v: unknown = f.properties?.[key];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

/**
 * One source's sync state. Call `ingest` with every answer, `drain` once per frame, and
 * `stateLost` when MapLibre dropped its feature states (context restored, style reloaded).
 *
 * What the map shows for a feature is its feature-state if one was set, else the property of the
 * last collection sent (layer paint uses `coalesce(feature-state, get)`), so a fresh `setData`
 * needs no feature-state at all and a re-send costs one worker job, not thousands of calls.
 */
export class FeatureStateSync {
  private signature: string | null = null;
  private readonly ids = new NumericIds();
  /** The property value per feature in the collection last sent. */
  private baseline = new Map<number, StateValue>();
  /** Feature states set since (MapLibre keeps them across setData, not across a style reload). */
  private readonly applied = new Map<number, StateValue>();
  /** The newest value per feature, whether sent or not. */
  private latest = new Map<number, StateValue>();
  /** Waiting for the next drain; latest wins. */
  private readonly pending = new Map<number, StateValue>();
  private readonly removed = new Set<number>();

  constructor(readonly stateKey: string) {}

  /**
   * Takes one answer. Returns the collection (numeric ids) to `setData` when the features or
   * their geometry changed, else null; state changes are queued for `drain` in both cases.
   */
  ingest(fc: FeatureCollection): FeatureCollection | null {
    const signature = collectionSignature(fc);
    if (signature === this.signature) {
      for (const f of fc.features) {
        const key = featureKey(f);
        const value = stateOf(f, this.stateKey);
        if (key === null || value === undefined) continue;
        const id = this.ids.of(key);
        if (this.latest.get(id) === value) continue;
        this.latest.set(id, value);
        this.pending.set(id, value);
      }
      return null;
    }

    this.signature = signature;
    const keys = new Set<string>();
    const baseline = new Map<number, StateValue>();
    const features: Feature[] = [];
    for (const f of fc.features) {
      const key = featureKey(f);
      // Without an id a feature can be drawn but never restyled or picked; keep drawing it.
      if (key === null) {
        features.push(f);
        continue;
      }
      keys.add(key);
      const id = this.ids.of(key);
      const value = stateOf(f, this.stateKey);
      if (value !== undefined) baseline.set(id, value);
      features.push({ type: "Feature", id, geometry: f.geometry, properties: f.properties });
    }
    for (const id of this.latest.keys()) {
      if (baseline.has(id)) continue;
      this.pending.delete(id);
      if (this.applied.delete(id)) this.removed.add(id);
    }
    this.ids.retain(keys);
    this.baseline = baseline;
    this.latest = new Map(baseline);
    // A feature still carrying an older feature-state would hide its new property: queue every
    // value; `drain` drops those the map already shows.
    for (const [id, value] of baseline) if (this.applied.has(id)) this.pending.set(id, value);
    return { type: "FeatureCollection", features };
  }

  /** The changes to send now, only those that differ from what the map shows; clears the queue. */
  drain(): StateChanges {
    const set: StateChanges["set"] = [];
    for (const [id, value] of this.pending) {
      const shown = this.applied.has(id) ? this.applied.get(id) : this.baseline.get(id);
      if (shown === value) continue;
      this.applied.set(id, value);
      set.push({ id, value });
    }
    this.pending.clear();
    const remove = [...this.removed];
    this.removed.clear();
    return { set, remove };
  }

  /**
   * MapLibre rebuilt the source from its last data and forgot every feature-state: what it shows
   * is the baseline again, so every feature whose newest value differs must be sent again.
   */
  stateLost(): void {
    this.applied.clear();
    this.removed.clear();
    for (const [id, value] of this.latest) this.pending.set(id, value);
  }

  get hasPending(): boolean {
    return this.pending.size > 0 || this.removed.size > 0;
  }

  /** Sizes of the internal tables, for tests that check nothing grows without bound. */
  get sizes(): { ids: number; applied: number; latest: number; pending: number } {
    return { ids: this.ids.size, applied: this.applied.size, latest: this.latest.size, pending: this.pending.size };
  }
}
