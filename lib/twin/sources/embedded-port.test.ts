import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toProblem } from "@/lib/api/errors";
import { manualClock } from "../simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "./embedded";
import { embeddedPort, StoreUnavailableError } from "./embedded-port";

let dir: string;
let twin: EmbeddedTwin;
let files: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-port-"));
  files = [path.join(dir, "twin.db"), path.join(dir, "ops.db")];
  twin = createEmbeddedTwin({ dbPath: files[0]!, opsDbPath: files[1]!, city: "demo-harbour", seed: 1, backfillDays: 0.1, tickSeconds: 0, clock: manualClock(new Date("2026-07-15T10:00:00Z")) });
});
afterEach(() => {
  twin.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const quiet = () => {};

describe("embedded twin behind the async port", () => {
  it("answers every read as a Promise and says it is healthy", async () => {
    const port = embeddedPort(twin, { files });
    const page = port.listAssets({ limit: 2 });
    expect(page).toBeInstanceOf(Promise);
    expect((await page).assets).toHaveLength(2);
    await expect(port.health.check()).resolves.toBeUndefined();
    expect(port.health).toMatchObject({ store: "sqlite", writer: true });
  });

  it("states each datastream's domain, and leaves out ids it cannot place", async () => {
    const port = embeddedPort(twin, { files });
    const asset = (await port.listAssets({ limit: 1, domain: "energy" })).assets[0]!;
    const ds = (await port.getAsset(asset.id))!.datastreams[0]!.id;
    const domains = await port.datastreamDomains([ds, "not-a-urn", "urn:ngsi-ld:Thing:nowhere:1:x"]);
    expect([...domains]).toEqual([[ds, "energy"]]);
  });

  it("is unhealthy (503) once its database file is gone, though the open handle still reads", async () => {
    const port = embeddedPort(twin, { files });
    fs.renameSync(files[0]!, `${files[0]}.moved`);
    const err = await port.health.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(toProblem(err, quiet).status).toBe(503);
  });

  it("turns a closed or read-only store into 503, never a 500", async () => {
    const port = embeddedPort(twin, { files });
    twin.close();
    const err = await port.listAssets({ limit: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(toProblem(err, quiet)).toMatchObject({ status: 503, code: "store_unavailable" });
  });
});
