import { describe, expect, it } from "vitest";
import { toProblem } from "@/lib/api/errors";
import { StoreUnavailableError } from "@/lib/twin/sources/embedded-port";
import { pgStoreError } from "./errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });
const quiet = () => {};

describe("pgStoreError", () => {
  it("turns a server gone, shutting down, refusing, read-only or full into StoreUnavailableError (503)", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006", "08001", "08003", "25006", "53100", "53300", "58030", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"]) {
      const err = pgStoreError(withCode(code));
      expect(err, code).toBeInstanceOf(StoreUnavailableError);
      expect(toProblem(err, quiet), code).toMatchObject({ status: 503, code: "store_unavailable" });
    }
    for (const message of ["Connection terminated unexpectedly", "Cannot use a pool after calling end on the pool", "timeout exceeded when trying to connect"]) {
      expect(pgStoreError(new Error(message)), message).toBeInstanceOf(StoreUnavailableError);
    }
    expect(pgStoreError(new AggregateError([withCode("ECONNREFUSED")], ""))).toBeInstanceOf(StoreUnavailableError);
  });

  it("passes anything else through: a request's own error is not the store's", () => {
    for (const code of ["23505", "42P01", "22P02", "40001"]) {
      const err = withCode(code);
      expect(pgStoreError(err), code).toBe(err);
    }
    const plain = new Error("boom");
    expect(pgStoreError(plain)).toBe(plain);
    expect(pgStoreError("text")).toBe("text");
  });
});
