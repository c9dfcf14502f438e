import { mutate } from "swr";
import { cache } from "swr/_internal";
import { describe, expect, it } from "vitest";
import type { Domain } from "@/lib/twin/types";
import { assetKey, latestKey, seriesKey } from "./keys";
import { fillKpis, fillLatest, kpiKeyFillable, latestKeyIds, patchAsset, patchKpis, patchLatest, revalidateMatching, type LiveKpiFields, type LiveLatestFields } from "./revalidate";
import type { AssetDetailResponse, KpisResponse, LatestResponse } from "./schemas";

/** A cache entry as SWR writes it: `_k` is the key as the hook passed it (what filters see). */
const entry = (data: unknown, key: unknown) => ({ data, _k: key }) as unknown as Parameters<typeof cache.set>[1];

describe("revalidateMatching", () => {
  it("keeps the data of the keys it revalidates (SWR clears a key given undefined as new data)", async () => {
    const kpis = "/api/twin/v1/kpis?domain=energy";
    const series = "/api/twin/v1/series?metric=energy.load";
    cache.set(kpis, entry({ v: 1 }, kpis));
    cache.set(series, entry({ v: 2 }, [series, "extra"]));
    await revalidateMatching(mutate, (k) => k.startsWith("/api/twin/v1/"));
    expect(cache.get(kpis)?.data).toEqual({ v: 1 });
    expect(cache.get(series)?.data).toEqual({ v: 2 });
    // What the live hook used to do: every matching key lost its data.
    await mutate((k: unknown) => typeof k === "string" && k.startsWith("/api/twin/v1/"), undefined, { revalidate: true });
    expect(cache.get(kpis)?.data).toBeUndefined();
  });
});

describe("kpi events that carry their figures", () => {
  const def = (id: string, domain: Domain) => ({ id, domain }) as unknown as KpisResponse["kpis"][number]["definition"];
  const value = (id: string, domain: Domain, v: number, asOf = "2026-07-15T10:00:00.000Z") => ({
    definition: def(id, domain),
    value: v,
    asOf,
    previous: v - 1,
    status: "ok" as const,
    stale: false,
  });
  const all: KpisResponse = {
    asOf: "2026-07-15T10:00:00.000Z",
    domain: null,
    kpis: [value("grid.load", "energy", 10), value("grid.peak", "energy", 20), value("beds.free", "health", 30)],
  };
  const at = "2026-07-15T10:05:00.000Z";
  const live: LiveKpiFields = {
    valuesAsOf: at,
    values: [
      { id: "grid.load", value: 11, asOf: at, previous: 9, status: "warning", stale: false },
      { id: "grid.peak", value: 21, asOf: at, previous: 19, status: "ok", stale: true },
    ],
  };

  it("fills the live city-wide /kpis keys of the domain (or of every domain), not an instant's or a district's", () => {
    expect(kpiKeyFillable("/api/twin/v1/kpis", "energy")).toBe(true);
    expect(kpiKeyFillable("/api/twin/v1/kpis?domain=energy", "energy")).toBe(true);
    expect(kpiKeyFillable("/api/twin/v1/kpis?domain=health", "energy")).toBe(false);
    expect(kpiKeyFillable("/api/twin/v1/kpis?domain=energy&at=2026-07-15T09:00:00.000Z", "energy")).toBe(false);
    expect(kpiKeyFillable("/api/twin/v1/kpis?domain=energy&district=futian", "energy")).toBe(false);
    expect(kpiKeyFillable("/api/twin/v1/kpisx", "energy")).toBe(false);
  });

  it("puts the event's figures in place of the domain's and leaves the other domains as they were", () => {
    const next = patchKpis(all, "energy", live)!;
    expect(next.asOf).toBe(at);
    expect(next.kpis.map((k) => [k.definition.id, k.value, k.previous, k.status, k.stale, k.asOf])).toEqual([
      ["grid.load", 11, 9, "warning", false, at],
      ["grid.peak", 21, 19, "ok", true, at],
      ["beds.free", 30, 29, "ok", false, all.asOf],
    ]);
    expect(next.kpis[0]!.definition).toBe(all.kpis[0]!.definition);
  });

  it("keeps an answer newer than the event, and gives up (refetch) when the KPIs do not match", () => {
    const newer = { ...all, asOf: "2026-07-15T10:10:00.000Z" };
    expect(patchKpis(newer, "energy", live)).toBe(newer);
    expect(patchKpis(all, "energy", { ...live, values: live.values.slice(0, 1) })).toBeNull();
    expect(patchKpis(all, "energy", { ...live, values: [...live.values, { ...live.values[0]!, id: "grid.new" }] })).toBeNull();
  });

  it("writes the figures into SWR's cache without a request and leaves only the unfillable keys to refetch", async () => {
    const city = "/api/twin/v1/kpis?domain=energy";
    const past = "/api/twin/v1/kpis?domain=energy&at=2026-07-15T09:00:00.000Z";
    const energyOnly: KpisResponse = { ...all, domain: "energy", kpis: all.kpis.slice(0, 2) };
    cache.set(city, entry(energyOnly, city));
    cache.set(past, entry(energyOnly, past));
    const rest = fillKpis(cache, mutate, "energy", live);
    await new Promise((r) => setTimeout(r, 0));
    expect((cache.get(city)?.data as KpisResponse).kpis.map((k) => k.value)).toEqual([11, 21]);
    expect((cache.get(past)?.data as KpisResponse).kpis.map((k) => k.value)).toEqual([10, 20]);
    expect(rest(city)).toBe(false);
    expect(rest(past)).toBe(true);
    expect(rest("/api/twin/v1/kpis?domain=health")).toBe(false);
    expect(rest("/api/twin/v1/alerts")).toBe(false);
  });
});

describe("observation events that carry the latest values", () => {
  // A load every 5 s (stale after 30 s), a temperature every 5 min (stale after 900 s), a gauge
  // that has been silent for an hour (stale).
  const load = "urn:ngsi-ld:Substation:sz:s1:load";
  const temp = "urn:ngsi-ld:Substation:sz:s1:temperature";
  const gauge = "urn:ngsi-ld:Substation:sz:s1:gauge";
  const before = "2026-07-15T10:00:00.000Z";
  const at = "2026-07-15T10:00:05.000Z";
  const value = (datastreamId: string, t: string, v: number, stale = false) => ({ datastreamId, t, v, unit: { symbol: "kW", code: "KWT" }, stale });
  const held: LatestResponse = {
    asOf: before,
    values: [value(load, before, 10), value(temp, "2026-07-15T09:50:00.000Z", 30), value(gauge, "2026-07-15T09:00:00.000Z", 1, true)],
  };
  const live: LiveLatestFields = { valuesAsOf: at, latest: [value(load, at, 11)] };

  it("reads the ids of a /latest key, in order and once each", () => {
    expect(latestKeyIds(latestKey([load, gauge, load]))).toEqual([load, gauge]);
    expect(latestKeyIds(seriesKey({ datastreams: [load] }))).toBeNull();
  });

  it("renews the values the event wrote and keeps stale ones; gives up (refetch) on a fresh value it cannot vouch for", () => {
    expect(patchLatest({ ...held, values: [held.values[0]!, held.values[2]!] }, [load, gauge], live)).toEqual({
      asOf: at,
      values: [value(load, at, 11), value(gauge, "2026-07-15T09:00:00.000Z", 1, true)],
    });
    // The temperature is fresh and not in the event: it may have turned stale since; only the API knows its limit.
    expect(patchLatest(held, [load, temp, gauge], live)).toBeNull();
    // An id without a reading gets one once the event brings it.
    expect(patchLatest({ asOf: before, values: [] }, [load, gauge], live)).toEqual({ asOf: at, values: [value(load, at, 11)] });
    const newer = { ...held, asOf: "2026-07-15T10:00:10.000Z" };
    expect(patchLatest(newer, [load, temp, gauge], live)).toBe(newer);
  });

  const detail = {
    type: "Feature",
    id: "urn:ngsi-ld:Substation:sz:s1",
    geometry: { type: "Point", coordinates: [114, 22.5] },
    properties: {
      datastreams: [
        { id: load, staleAfterSeconds: 30 },
        { id: temp, staleAfterSeconds: 900 },
        { id: gauge, staleAfterSeconds: 900 },
      ],
      latest: held.values,
    },
    asOf: before,
  } as unknown as AssetDetailResponse;

  it("brings an asset's detail up to the event, judging the other values' staleness by their own limits", () => {
    const next = patchAsset(detail, live);
    expect(next.asOf).toBe(at);
    expect(next.properties.latest).toEqual([value(load, at, 11), value(temp, "2026-07-15T09:50:00.000Z", 30), value(gauge, "2026-07-15T09:00:00.000Z", 1, true)]);
    // Ten minutes on with nothing new from the temperature: 15 min 5 s old, past its 900 s.
    const later = patchAsset(detail, { valuesAsOf: "2026-07-15T10:05:05.000Z", latest: [] });
    expect(later.properties.latest.map((l) => l.stale)).toEqual([true, true, true]);
    expect(patchAsset({ ...detail, asOf: "2026-07-15T10:00:10.000Z" }, live).asOf).toBe("2026-07-15T10:00:10.000Z");
  });

  it("writes into SWR's cache without a request and leaves series, clusters and unfillable keys to refetch", async () => {
    const fillable = latestKey([load, gauge]);
    const unfillable = latestKey([load, temp]);
    const one = assetKey(detail.id);
    const series = seriesKey({ datastreams: [load] });
    const clusters = "/api/twin/v1/assets/clusters?domain=energy&bbox=1,2,3,4&zoom=10";
    cache.set(fillable, entry({ ...held, values: [held.values[0]!, held.values[2]!] }, fillable));
    cache.set(unfillable, entry(held, unfillable));
    cache.set(one, entry(detail, one));
    cache.set(series, entry({ series: [] }, series));
    const rest = fillLatest(cache, mutate, ["energy"], live);
    await new Promise((r) => setTimeout(r, 0));
    expect((cache.get(fillable)?.data as LatestResponse).values[0]).toEqual(value(load, at, 11));
    expect((cache.get(one)?.data as AssetDetailResponse).properties.latest[0]).toEqual(value(load, at, 11));
    expect((cache.get(unfillable)?.data as LatestResponse).asOf).toBe(before);
    expect([fillable, one, unfillable, series, clusters, "/api/twin/v1/kpis"].map(rest)).toEqual([false, false, true, true, true, false]);
  });
});
