import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, passwordProblem, SCRYPT, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt per hash", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", h)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(h);
  });

  it("hashes at OWASP's minimum cost (N=2^17, r=8, p=1), still verifies older hashes and says they need a rehash", async () => {
    expect(SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const current = await hashPassword("correct horse battery");
    expect(needsRehash(current)).toBe(false);
    const old = await hashPassword("correct horse battery", { N: 2 ** 15, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it("treats malformed or hostile hashes as a mismatch, never an exception", async () => {
    for (const bad of ["", "scrypt$1$2$3", "bcrypt$x$y$z$a$b", "scrypt$1099511627776$8$1$AAAA$AAAA", "scrypt$16384$8$1$AAAA$short"]) {
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });

  it("asks for 12 to 256 characters", () => {
    expect(passwordProblem("short")).toMatch(/12/);
    expect(passwordProblem("x".repeat(257))).toMatch(/256/);
    expect(passwordProblem("twelve chars")).toBeNull();
  });
});
