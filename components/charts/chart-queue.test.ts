import { describe, expect, it } from "vitest";
import { enqueueChartWork } from "./chart-queue";

/** Resolves after the macrotask queue has had `n` turns. */
const turns = (n: number) => new Promise<void>((r) => (n <= 0 ? r() : setTimeout(() => void turns(n - 1).then(r), 0)));

describe("enqueueChartWork", () => {
  it("runs jobs in order, one per task", async () => {
    const log: string[] = [];
    enqueueChartWork(() => log.push("a"));
    enqueueChartWork(() => log.push("b"));
    enqueueChartWork(() => log.push("c"));
    expect(log).toEqual([]);
    // Each task sees at most one job done since the previous one.
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await turns(1);
      seen.push(log.length);
    }
    expect(log).toEqual(["a", "b", "c"]);
    expect(seen.every((n, i) => n - (seen[i - 1] ?? 0) <= 1)).toBe(true);
  });

  it("drops a cancelled job and keeps the rest", async () => {
    const log: string[] = [];
    const cancel = enqueueChartWork(() => log.push("gone"));
    enqueueChartWork(() => log.push("kept"));
    cancel();
    await turns(4);
    expect(log).toEqual(["kept"]);
  });
});
