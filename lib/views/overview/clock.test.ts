import { describe, expect, it } from "vitest";
import { browserTwinOffsetMs, cityDayStartIso, heartbeatServerMs, keysOfDay, renderClock, twinNowMs } from "./clock";

const SERVER_RENDER = Date.parse("2026-07-15T06:05:00Z");
// A demo twin pinned two days back.
const TWIN_RENDER = "2026-07-13T06:05:00.000Z";
const render = renderClock(TWIN_RENDER, SERVER_RENDER);
const HOUR = 3_600_000;

describe("the twin clock in the browser", () => {
  it("equals the twin's time at render until the browser has measured, so hydration matches the HTML", () => {
    expect(new Date(twinNowMs(render, null)).toISOString()).toBe(TWIN_RENDER);
  });

  it("is measured against the browser's clock, so a browser an hour fast does not age everything by an hour", () => {
    const browserAtHydration = SERVER_RENDER + HOUR + 1500; // clock 1 h fast, page took 1.5 s to hydrate
    const offsetMs = browserTwinOffsetMs(render, render.renderedAt, browserAtHydration);
    const tenSecondsLater = browserAtHydration + 10_000;
    const now = twinNowMs(render, { offsetMs, nowMs: tenSecondsLater });
    // The twin has run 10 s since hydration (plus the 1.5 s in transit, which reads short, never long).
    expect(now).toBe(Date.parse(TWIN_RENDER) + 10_000);
    // The old way (browser clock + offset taken against the server clock) was an hour off.
    expect(tenSecondsLater + render.twinOffsetMs - now).toBe(HOUR + 1500);
  });

  it("is corrected by a heartbeat's server time", () => {
    const serverMs = heartbeatServerMs(`{"t":"${new Date(SERVER_RENDER + 600_000).toISOString()}"}`);
    expect(serverMs).toBe(SERVER_RENDER + 600_000);
    const browserMs = SERVER_RENDER - 5 * 60_000 + 600_000; // browser 5 min slow
    const offsetMs = browserTwinOffsetMs(render, serverMs!, browserMs);
    expect(twinNowMs(render, { offsetMs, nowMs: browserMs })).toBe(Date.parse(TWIN_RENDER) + 600_000);
  });

  it("ignores heartbeats without a readable time", () => {
    for (const data of ["", "{}", '{"t":"soon"}', "not json", '{"t":5}', null, undefined]) {
      expect(heartbeatServerMs(data)).toBeNull();
    }
  });
});

describe("the city's today", () => {
  const tz = "Asia/Shanghai";
  it("rolls over at local midnight", () => {
    const before = cityDayStartIso(Date.parse("2026-07-15T15:59:30Z"), tz); // 23:59:30 in Shenzhen
    const after = cityDayStartIso(Date.parse("2026-07-15T16:00:30Z"), tz); // 00:00:30
    expect(before).toBe("2026-07-14T16:00:00.000Z");
    expect(after).toBe("2026-07-15T16:00:00.000Z");
  });
  it("follows newer data from the stream, which is twin time too", () => {
    expect(cityDayStartIso(Date.parse("2026-07-15T15:59:30Z"), tz, "2026-07-15T16:00:05Z")).toBe("2026-07-15T16:00:00.000Z");
    expect(cityDayStartIso(Date.parse("2026-07-15T15:59:30Z"), tz, "2026-07-15T10:00:00Z")).toBe("2026-07-14T16:00:00.000Z");
  });
  it("finds the cached answers of a finished day, encoded or not", () => {
    const day = "2026-07-14T16:00:00.000Z";
    const keys = [
      `/api/twin/v1/series?metric=energy.load&from=${encodeURIComponent(day)}&step=PT15M`,
      `/api/twin/v1/series?metric=energy.load&from=${day}`,
      "/api/twin/v1/series?metric=energy.load&from=2026-07-15T16%3A00%3A00.000Z",
      "/api/twin/v1/kpis?domain=energy",
    ];
    expect(keysOfDay(keys, day)).toEqual(keys.slice(0, 2));
  });
});
