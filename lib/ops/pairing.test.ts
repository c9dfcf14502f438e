import { describe, expect, it } from "vitest";
import { claimOf, CODE_ALPHABET, CODE_LENGTH, confirmable, displayCode, newPairing, normalizeCode, type PairingRow } from "./pairing";

const row = (over: Partial<PairingRow> = {}): PairingRow => ({
  id_hash: "h",
  code: "K7M4QX",
  client: "ip:1",
  created_at: 0,
  expires_at: 600_000,
  confirmed_by: null,
  confirmed_at: null,
  token_id: null,
  token: null,
  claimed_at: null,
  ...over,
});

describe("pairing rules", () => {
  it("makes codes of the unambiguous alphabet and a secret only the wall holds", () => {
    const a = newPairing();
    const b = newPairing();
    expect(a.code).toHaveLength(CODE_LENGTH);
    expect([...a.code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    expect(a.secret).not.toBe(b.secret);
    expect(a.secretHash).not.toContain(a.secret);
    expect(displayCode("K7M4QX")).toBe("K7M 4QX");
  });

  it("reads a typed code in any case with spaces or dashes, and nothing that cannot be a code", () => {
    expect(normalizeCode(" k7m-4qx ")).toBe("K7M4QX");
    expect(normalizeCode("K7M 4QX")).toBe("K7M4QX");
    expect(normalizeCode("K7M4Q0")).toBeNull(); // 0 is not in the alphabet
    expect(normalizeCode("K7M4Q")).toBeNull();
  });

  it("confirms a live, unused code only", () => {
    expect(confirmable(undefined, 1)).toBe("unknown");
    expect(confirmable(row(), 599_999)).toBeNull();
    expect(confirmable(row(), 600_000)).toBe("expired");
    expect(confirmable(row({ confirmed_at: 5 }), 10)).toBe("used");
  });

  it("hands the token over once, and says nothing more after expiry or collection", () => {
    expect(claimOf(row(), 1)).toEqual({ status: "pending", expiresAt: 600_000 });
    expect(claimOf(row({ token: "twk_x" }), 1)).toMatchObject({ status: "paired", token: "twk_x" });
    // Confirmed in time, collected late: the token still goes to the wall that holds the secret.
    expect(claimOf(row({ token: "twk_x" }), 700_000)).toMatchObject({ status: "paired" });
    expect(claimOf(row({ claimed_at: 2 }), 3)).toEqual({ status: "gone" });
    expect(claimOf(row(), 600_000)).toEqual({ status: "gone" });
    expect(claimOf(undefined, 1)).toEqual({ status: "gone" });
  });
});
