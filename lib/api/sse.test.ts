import { describe, expect, it } from "vitest";
import type { TwinEvents } from "@/lib/twin/source";
import type { TwinEvent } from "@/lib/twin/types";
import { eventStreamResponse, frameBytes, renderEvent, setSseHeartbeatMsForTesting } from "./sse";

const sub = (n: number) => `urn:ngsi-ld:Substation:shenzhen:s${n}:load`;
const bed = (n: number) => `urn:ngsi-ld:Building:shenzhen:h${n}:bedsOccupied`;
const t = "2026-07-15T04:00:05.000Z";
const observations = [sub(1), sub(2), sub(3), bed(1)].map((datastreamId, v) => ({ datastreamId, t, v }));
const ev: TwinEvent = { id: 7, type: "observation", data: { asOf: t, count: 4, domains: ["energy", "health"], observations } };
const dataOf = (text: string | null) => (text === null ? null : (JSON.parse(/data: (.*)\n/.exec(text)![1]!) as Record<string, unknown>));

describe("renderEvent", () => {
  it("sends observation events lean by default, one encoding shared by every client", () => {
    const a = renderEvent(ev, { domains: null, datastreams: null });
    expect(a).toMatch(/^id: 7\nevent: observation\ndata: .*\n\n$/);
    expect(dataOf(a)).toEqual({ asOf: t, count: 4, domains: ["energy", "health"] });
    expect(renderEvent(ev, { domains: new Set(["energy", "health"]), datastreams: null })).toBe(a);
  });

  it("narrows count and domains to the client's domains and skips events outside them", () => {
    expect(dataOf(renderEvent(ev, { domains: new Set(["health"]), datastreams: null }))).toEqual({ asOf: t, count: 1, domains: ["health"] });
    expect(renderEvent(ev, { domains: new Set(["transport"]), datastreams: null })).toBeNull();
  });

  it("carries only the named datastreams' rows, within the domains asked for", () => {
    const only = dataOf(renderEvent(ev, { domains: null, datastreams: new Set([sub(2), bed(1), "urn:unknown"]) }));
    expect(only).toEqual({ asOf: t, count: 2, domains: ["energy", "health"], observations: [observations[1], observations[3]] });
    const both = dataOf(renderEvent(ev, { domains: new Set(["energy"]), datastreams: new Set([sub(2), bed(1)]) }));
    expect(both).toMatchObject({ count: 1, domains: ["energy"] });
    expect(renderEvent(ev, { domains: null, datastreams: new Set([sub(9)]) })).toBeNull();
  });

  it("passes kpi and alert events through the domain filter untouched", () => {
    const kpi: TwinEvent = { id: 8, type: "kpi", data: { domain: "energy", asOf: t } };
    expect(renderEvent(kpi, { domains: null, datastreams: new Set([sub(9)]) })).toBe(`id: 8\nevent: kpi\ndata: {"domain":"energy","asOf":"${t}"}\n\n`);
    expect(renderEvent(kpi, { domains: new Set(["health"]), datastreams: null })).toBeNull();
  });
});

describe("eventStreamResponse: the caller's still-allowed check", () => {
  const quietTwin: TwinEvents = {
    subscribe: async () => () => {},
    replay: async () => [],
    eventWindow: async () => ({ oldest: 0, newest: 0 }),
    dataVersion: async () => 0,
  };

  async function heartbeats(stillAllowed: () => boolean | Promise<boolean>): Promise<{ beats: number; ended: boolean }> {
    setSseHeartbeatMsForTesting(10);
    const ac = new AbortController();
    try {
      const reader = eventStreamResponse(quietTwin, { signal: ac.signal, stillAllowed }).body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      let ended = false;
      const deadline = Date.now() + 300;
      while (Date.now() < deadline && (text.match(/event: heartbeat/g) ?? []).length < 4) {
        const r = await Promise.race([reader.read(), new Promise<null>((res) => setTimeout(() => res(null), 50))]);
        if (r?.done) {
          ended = true;
          break;
        }
        if (r?.value) text += decoder.decode(r.value);
      }
      return { beats: (text.match(/event: heartbeat/g) ?? []).length, ended };
    } finally {
      ac.abort();
      setSseHeartbeatMsForTesting(undefined);
    }
  }

  it("ends the stream when the caller is no longer allowed (async check)", async () => {
    expect(await heartbeats(async () => false)).toEqual({ beats: 1, ended: true });
  });

  it("keeps the stream while the check cannot be made (operations store unavailable)", async () => {
    const r = await heartbeats(() => Promise.reject(Object.assign(new Error("gone"), { name: "StoreUnavailableError" })));
    expect(r.ended).toBe(false);
    expect(r.beats).toBeGreaterThanOrEqual(3);
  });
});

describe("frameBytes", () => {
  it("encodes an event's frame once for every stream that sends it, and each heartbeat as it goes", () => {
    const big = { ...ev, id: 8, data: { ...ev.data, observations: Array.from({ length: 40 }, (_, i) => ({ datastreamId: sub(i), t, v: i })) } } as TwinEvent;
    const text = renderEvent(big, { domains: null, datastreams: new Set(Array.from({ length: 40 }, (_, i) => sub(i))) })!;
    const bytes = frameBytes(text);
    expect(new TextDecoder().decode(bytes)).toBe(text);
    // Another stream with the same frame (a string equal in content) gets the same bytes.
    expect(frameBytes(`${text.slice(0, 10)}${text.slice(10)}`)).toBe(bytes);
    const beat = 'event: heartbeat\ndata: {"t":"2026-07-15T04:00:05.000Z"}\n\n';
    expect(new TextDecoder().decode(frameBytes(beat))).toBe(beat);
    expect(frameBytes(beat)).not.toBe(frameBytes(beat));
  });
});
