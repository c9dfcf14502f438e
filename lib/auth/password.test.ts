import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt per hash", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", h)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(h);
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
