import { afterEach, describe, expect, it, vi } from "vitest";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { createPortFromEnv, getTwin, setTwinForTesting } from "./runtime";
import type { TwinPort } from "./source";

describe("runtime", () => {
  afterEach(() => setTwinForTesting(undefined));

  it("hands out the twin set for testing, process-wide", () => {
    const fake = { info: () => ({ backend: "embedded" }) } as unknown as TwinPort;
    setTwinForTesting(fake);
    expect(getTwin()).toBe(fake);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("twinops.twin")]).toBe(fake);
  });
});

describe("runtime on PostgreSQL", () => {
  const url = testPgUrl();
  const schema = freshSchemaName("rt");

  afterEach(async () => {
    vi.unstubAllEnvs();
    if (url) {
      await dropSchema(url, schema);
      await dropSchema(url, opsSchemaName(schema));
    }
  });

  it.skipIf(!url)("chooses the PostgreSQL twin when TWINOPS_DATABASE_URL is set, and reports it in health", async () => {
    vi.stubEnv("TWINOPS_DATABASE_URL", url!);
    vi.stubEnv("TWINOPS_DATABASE_SCHEMA", schema);
    vi.stubEnv("TWINOPS_CITY", "demo-harbour");
    vi.stubEnv("TWINOPS_BACKFILL_DAYS", "0.05");
    vi.stubEnv("TWINOPS_TICK_SECONDS", "0");
    const lines: string[] = [];
    const port = createPortFromEnv((l) => lines.push(l));
    expect(port.health.store).toBe("postgres");
    expect(port.health.writer).toBe(false); // still opening
    try {
      expect(await port.info()).toMatchObject({ backend: "postgres", city: "demo-harbour", simulated: true });
      expect(port.health.writer).toBe(true);
      await port.health.check();
      expect((await port.listAssets({ limit: 2 })).total).toBeGreaterThan(100);
      expect(lines.join("\n")).toMatch(/writer lease taken/);
    } finally {
      await port.close();
    }
  });

  it("rejects every call as the opening did (a server that is not there)", async () => {
    vi.stubEnv("TWINOPS_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
    const port = createPortFromEnv(() => {});
    await expect(port.info()).rejects.toThrow(/ECONNREFUSED|connect/);
    await expect(port.health.check()).rejects.toThrow();
    expect(port.health.writer).toBe(false);
  });
});
