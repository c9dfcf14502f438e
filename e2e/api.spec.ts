import { expect, test } from "@playwright/test";

// The production server, not route handlers called in-process: real headers, real streaming.

test("bad input answers 4xx in the problem envelope naming the parameter", async ({ request }) => {
  const res = await request.get("/api/twin/v1/series?metric=energy.load&from=2026-13-40&to=yesterday");
  expect(res.status()).toBe(400);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = (await res.json()) as { code: string; errors: { parameter: string }[] };
  expect(body.errors.map((e) => e.parameter)).toEqual(expect.arrayContaining(["from", "to"]));

  const missing = await request.get("/api/twin/v1/assets/urn:ngsi-ld:Substation:shenzhen:nope");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toContain("application/problem+json");
});

test("a path with a malformed percent-escape answers 400 in the problem envelope, on pages and the API alike", async ({ request }) => {
  for (const path of ["/api/twin/v1/assets/%ZZ", "/api/admin/users/%E0%A4%A", "/assets/%ZZ", "/districts/%ZZ", "/wall/%ZZ", "/public/%ZZ"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect(res.headers()["content-type"], path).toContain("application/problem+json");
    expect(((await res.json()) as { code: string }).code, path).toBe("invalid_path");
  }
  // A well-formed escape still reaches its route.
  expect((await request.get("/api/twin/v1/assets/urn%3Angsi-ld%3ASubstation%3Ashenzhen%3Anope")).status()).toBe(404);
});

test("the OpenAPI document lists every endpoint", async ({ request }) => {
  const doc = (await (await request.get("/api/twin/v1/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toMatch(/^3\.1/);
  for (const p of ["/assets", "/assets/{id}", "/latest", "/series", "/kpis", "/alerts", "/events"]) {
    expect(Object.keys(doc.paths).some((k) => k.endsWith(p))).toBe(true);
  }
});

test("the event stream is unbuffered SSE that a browser EventSource receives live observations from", async ({ page, baseURL }) => {
  // EventSource in a real browser, as the dashboards use it.
  await page.goto(`${baseURL}/api/twin/v1`);
  const got = await page.evaluate(
    () =>
      new Promise<{ observation: { count: number; domains: string[] } | null; id: string }>((resolve, reject) => {
        const es = new EventSource("/api/twin/v1/events");
        const timer = setTimeout(() => reject(new Error("no observation event in 20 s")), 20_000);
        es.addEventListener("observation", (e) => {
          clearTimeout(timer);
          es.close();
          const m = e as MessageEvent<string>;
          resolve({ observation: JSON.parse(m.data) as { count: number; domains: string[] }, id: m.lastEventId });
        });
      }),
  );
  expect(got.observation?.count).toBeGreaterThan(0);
  expect(got.observation?.domains).toContain("energy");
  expect(Number(got.id)).toBeGreaterThan(0);

  // The stream needs the caller's session, as every internal endpoint does.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const res = await fetch(`${baseURL}/api/twin/v1/events`, { headers: { cookie }, signal: AbortSignal.timeout(3000) }).catch(() => null);
  expect(res?.headers.get("content-type")).toContain("text/event-stream");
  expect(res?.headers.get("cache-control")).toBe("no-cache, no-transform");
  expect(res?.headers.get("x-accel-buffering")).toBe("no");
  await res?.body?.cancel();
});
