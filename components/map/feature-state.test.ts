import type { Feature, FeatureCollection, Point } from "geojson";
import { describe, expect, it } from "vitest";
import { collectionSignature, FeatureStateSync, NumericIds } from "./feature-state";

type Status = "normal" | "warning" | "critical" | "offline";

function point(id: string, status: Status, at: [number, number] = [114, 22.5]): Feature<Point> {
  return { type: "Feature", id, geometry: { type: "Point", coordinates: at }, properties: { id, status } };
}

function fc(...features: Feature[]): FeatureCollection {
  return { type: "FeatureCollection", features };
}

const A = "urn:ngsi-ld:Substation:shenzhen:001";
const B = "urn:ngsi-ld:Substation:shenzhen:002";
const C = "urn:ngsi-ld:Substation:shenzhen:003";

describe("NumericIds", () => {
  it("gives each key one number and never reuses a number after a key is forgotten", () => {
    const ids = new NumericIds();
    expect(ids.of(A)).toBe(1);
    expect(ids.of(B)).toBe(2);
    expect(ids.of(A)).toBe(1);
    ids.retain(new Set([B]));
    expect(ids.size).toBe(1);
    expect(ids.of(A)).toBe(3);
  });
});

describe("collectionSignature", () => {
  it("ignores properties but sees ids, order, count and geometry", () => {
    const base = collectionSignature(fc(point(A, "normal"), point(B, "normal")));
    expect(collectionSignature(fc(point(A, "critical"), point(B, "offline")))).toBe(base);
    expect(collectionSignature(fc(point(A, "normal")))).not.toBe(base);
    expect(collectionSignature(fc(point(B, "normal"), point(A, "normal")))).not.toBe(base);
    expect(collectionSignature(fc(point(A, "normal"), point(C, "normal")))).not.toBe(base);
    expect(collectionSignature(fc(point(A, "normal"), point(B, "normal", [114.0001, 22.5])))).not.toBe(base);
  });
  it("hashes lines and polygons by every vertex", () => {
    const line = (y: number): Feature => ({
      type: "Feature",
      id: A,
      geometry: { type: "LineString", coordinates: [[114, 22.5], [114.1, y]] },
      properties: { id: A },
    });
    expect(collectionSignature(fc(line(22.6)))).not.toBe(collectionSignature(fc(line(22.61))));
  });
});

describe("FeatureStateSync", () => {
  it("sends the collection once, with stable numeric ids and the API id kept in properties", () => {
    const sync = new FeatureStateSync("status");
    const sent = sync.ingest(fc(point(A, "normal"), point(B, "warning")));
    expect(sent?.features.map((f) => f.id)).toEqual([1, 2]);
    expect(sent?.features[0]?.properties?.id).toBe(A);
    // The map draws the properties of the collection it got: nothing to send as feature-state.
    expect(sync.drain()).toEqual({ set: [], remove: [] });
    expect(sync.ingest(fc(point(A, "normal"), point(B, "warning")))).toBeNull();
  });

  it("turns a status-only change into one feature-state update, never a re-send", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal"), point(B, "normal")));
    expect(sync.ingest(fc(point(A, "critical"), point(B, "normal")))).toBeNull();
    expect(sync.drain()).toEqual({ set: [{ id: 1, value: "critical" }], remove: [] });
    expect(sync.drain()).toEqual({ set: [], remove: [] });
  });

  it("coalesces answers between two frames: latest wins, a change and its undo send nothing", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal"), point(B, "normal")));
    sync.ingest(fc(point(A, "warning"), point(B, "warning")));
    sync.ingest(fc(point(A, "critical"), point(B, "normal")));
    expect(sync.hasPending).toBe(true);
    expect(sync.drain().set).toEqual([{ id: 1, value: "critical" }]);
    expect(sync.hasPending).toBe(false);
  });

  it("diffs against what was applied, not against the previous answer", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal")));
    sync.ingest(fc(point(A, "warning")));
    expect(sync.drain().set).toEqual([{ id: 1, value: "warning" }]);
    sync.ingest(fc(point(A, "critical")));
    sync.ingest(fc(point(A, "warning")));
    expect(sync.drain().set).toEqual([]);
    sync.ingest(fc(point(A, "normal")));
    expect(sync.drain().set).toEqual([{ id: 1, value: "normal" }]);
  });

  it("re-sends when the set of features changes, keeps ids, and removes the state of features that left", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal"), point(B, "normal")));
    sync.ingest(fc(point(A, "critical"), point(B, "warning")));
    sync.drain();
    const sent = sync.ingest(fc(point(A, "critical"), point(C, "normal")));
    expect(sent?.features.map((f) => f.id)).toEqual([1, 3]);
    // A keeps its state (MapLibre keeps feature-state across setData) and it still matches;
    // B's state goes, so memory stays bounded by what is on the map.
    expect(sync.drain()).toEqual({ set: [], remove: [2] });
    expect(sync.sizes).toEqual({ ids: 2, applied: 1, latest: 2, pending: 0 });
  });

  it("after a re-send, a feature whose old feature-state would hide its new property gets the new value", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal")));
    sync.ingest(fc(point(A, "critical")));
    sync.drain();
    sync.ingest(fc(point(A, "normal"), point(B, "normal")));
    expect(sync.drain().set).toEqual([{ id: 1, value: "normal" }]);
  });

  it("after the map lost its feature-state, re-applies exactly what differs from the data it kept", () => {
    const sync = new FeatureStateSync("status");
    sync.ingest(fc(point(A, "normal"), point(B, "normal"), point(C, "warning")));
    sync.ingest(fc(point(A, "critical"), point(B, "normal"), point(C, "normal")));
    expect(sync.drain().set).toHaveLength(2);
    sync.stateLost();
    expect(sync.drain().set).toEqual([
      { id: 1, value: "critical" },
      { id: 3, value: "normal" },
    ]);
    expect(sync.drain().set).toEqual([]);
  });

  it("stays bounded over many status-only answers", () => {
    const sync = new FeatureStateSync("status");
    const ids = Array.from({ length: 500 }, (_, i) => `urn:x:${i}`);
    const statuses: Status[] = ["normal", "warning", "critical", "offline"];
    sync.ingest(fc(...ids.map((id) => point(id, "normal"))));
    let sends = 0;
    for (let tick = 0; tick < 200; tick++) {
      const sent = sync.ingest(fc(...ids.map((id, i) => point(id, statuses[(i * 7 + tick) % 4] ?? "normal"))));
      if (sent) sends++;
      sync.drain();
    }
    expect(sends).toBe(0);
    expect(sync.sizes.ids).toBe(500);
    expect(sync.sizes.applied).toBeLessThanOrEqual(500);
    expect(sync.sizes.pending).toBe(0);
  });
});
