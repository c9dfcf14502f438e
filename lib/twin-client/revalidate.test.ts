import { mutate } from "swr";
import { cache } from "swr/_internal";
import { describe, expect, it } from "vitest";
import type { Domain } from "@/lib/twin/types";
import { fillKpis, kpiKeyFillable, patchKpis, revalidateMatching, type LiveKpiFields } from "./revalidate";
import type { KpisResponse } from "./schemas";

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
