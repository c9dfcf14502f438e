import { describe, expect, it } from "vitest";
import { z } from "zod";

/**
 * A production bundle can load a second copy of a schema module (another route's chunk): zod's
 * global registry then holds two schemas with one id. The document is built from our operations'
 * own schemas, so it still answers (CI found /openapi.json answering 500 "Duplicate schema id
 * \"MetricInfo\"" once the scorecard route was added).
 */
describe("the OpenAPI document beside a second copy of a schema module", () => {
  it("is built from the operations' schemas, not every schema that shares an id", async () => {
    const { openApiDocument } = await import("./openapi");
    // The second copy, loaded later: its MetricInfo and a schema of its own that references it.
    const copy = z.object({ id: z.string(), copy: z.literal(true) }).meta({ id: "MetricInfo" });
    z.object({ metric: copy }).meta({ id: "CopiedScorecard" });
    const doc = openApiDocument() as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const metric = doc.components.schemas.MetricInfo;
    expect(metric?.properties).toHaveProperty("rollup");
    expect(metric?.properties).not.toHaveProperty("copy");
    expect(Object.keys(doc.components.schemas)).not.toContain("CopiedScorecard");
  });
});
