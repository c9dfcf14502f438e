import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { HeavyGate, StreamLimiter } from "./limits";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("StreamLimiter", () => {
  it("refuses a caller's stream past its cap with a 429 and Retry-After, counts callers apart, and frees a place once", () => {
    const s = new StreamLimiter();
    const releases = [s.acquire("a", 2), s.acquire("a", 2)];
    let refused: unknown;
    try {
      s.acquire("a", 2);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: "too_many_streams", headers: { "Retry-After": "30" } });
    expect(() => s.acquire("b", 2)).not.toThrow();
    releases[0]!();
    releases[0]!(); // a second release of the same stream frees nothing more
    expect(s.count("a")).toBe(1);
    expect(() => s.acquire("a", 2)).not.toThrow();
    expect(() => s.acquire("a", 2)).toThrow(ApiError);
  });
});

describe("HeavyGate", () => {
  it("runs heavy reads one at a time in arrival order and refuses a caller's second one with a 429", async () => {
    const gate = new HeavyGate(() => ({ concurrency: 1, perPrincipal: 1 }));
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const work = (name: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      order.push(`start ${name}`);
      await tick();
      inside--;
      return name;
    };
    const a = gate.run("alice", work("a"));
    const b = gate.run("bob", work("b"));
    const c = gate.run("carol", work("c"));
    await expect(gate.run("alice", work("a2"))).rejects.toMatchObject({ status: 429, code: "too_many_expensive_reads", headers: { "Retry-After": "2" } });
    expect(await Promise.all([a, b, c])).toEqual(["a", "b", "c"]);
    expect(most).toBe(1);
    expect(order).toEqual(["start a", "start b", "start c"]);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0, refused: 1 });
    // Done: alice may start another.
    expect(await gate.run("alice", work("a3"))).toBe("a3");
  });

  it("lets work that arrived first run before a heavy read starts", async () => {
    const gate = new HeavyGate(() => ({ concurrency: 1, perPrincipal: 1 }));
    const order: string[] = [];
    setImmediate(() => order.push("light"));
    const heavy = gate.run("x", async () => order.push("heavy"));
    await heavy;
    expect(order).toEqual(["light", "heavy"]);
  });

  it("refuses a busy caller at the door, before its next read is even looked at, and lets it in once its read is done", async () => {
    const gate = new HeavyGate(() => ({ concurrency: 1, perPrincipal: 1 }));
    let finish = () => {};
    const first = gate.run("a", () => new Promise<void>((resolve) => (finish = resolve)));
    await new Promise((r) => setImmediate(r));
    expect(() => gate.refuseBusy("b")).not.toThrow();
    let refused: unknown;
    try {
      gate.refuseBusy("a");
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ status: 429, code: "too_many_expensive_reads", headers: { "Retry-After": "2" } });
    finish();
    await first;
    expect(() => gate.refuseBusy("a")).not.toThrow();
    expect(gate.stats().refused).toBe(1);
  });

  it("frees its place when a heavy read fails", async () => {
    const gate = new HeavyGate(() => ({ concurrency: 1, perPrincipal: 1 }));
    await expect(gate.run("x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run("x", async () => 1)).toBe(1);
    expect(gate.stats().running).toBe(0);
  });
});
