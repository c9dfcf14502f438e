import { mutate } from "swr";
import { cache } from "swr/_internal";
import { describe, expect, it } from "vitest";
import { revalidateMatching } from "./revalidate";

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
