import { afterEach, describe, expect, it } from "vitest";
import { getTwin, setTwinForTesting } from "./runtime";
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
