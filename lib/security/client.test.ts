import { describe, expect, it, vi } from "vitest";
import { addressKey, clientAddress, clientKey } from "./client";
import { PEER_HEADER } from "./peer";

function request(xff?: string): Request {
  return new Request("http://localhost/api/twin/v1/assets", {
    headers: xff === undefined ? {} : { "x-forwarded-for": xff },
  });
}

const headers = (xff: string) => new Headers({ "x-forwarded-for": xff });

describe("clientKey", () => {
  it("keys a signed-in principal by its id, whatever address it comes from", () => {
    expect(clientKey(request("203.0.113.7"), "user-42")).toBe("principal:user-42");
    expect(clientKey(request("198.51.100.1"), "user-42")).toBe("principal:user-42");
  });

  it("behind one proxy, keys anyone else by the rightmost X-Forwarded-For address", () => {
    expect(clientKey(request("203.0.113.7"), undefined, 1)).toBe("ip:203.0.113.7");
    expect(clientKey(request("203.0.113.7"), "", 1)).toBe("ip:203.0.113.7");
  });

  it("is not fooled by a client that writes its own X-Forwarded-For in front of the proxy's", () => {
    // The proxy appends the address it saw; the client's inventions stay on the left.
    const a = clientKey(request("1.1.1.1, 203.0.113.7"), undefined, 1);
    const b = clientKey(request("8.8.8.8, 9.9.9.9, 203.0.113.7"), undefined, 1);
    expect(a).toBe("ip:203.0.113.7");
    expect(b).toBe(a);
  });

  it("with no proxy (TWINOPS_TRUST_PROXY=0, the default) ignores X-Forwarded-For: it is the client's own word", () => {
    vi.stubEnv("TWINOPS_TRUST_PROXY", "");
    try {
      const keys = ["203.0.113.7", "198.51.100.1", "1.1.1.1, 203.0.113.7", ""].map((xff) => clientKey(request(xff)));
      expect(new Set(keys)).toEqual(new Set(["ip:unknown"]));
      vi.stubEnv("TWINOPS_TRUST_PROXY", "0");
      expect(clientKey(request("203.0.113.7"))).toBe("ip:unknown");
      vi.stubEnv("TWINOPS_TRUST_PROXY", "1");
      expect(clientKey(request("203.0.113.7"))).toBe("ip:203.0.113.7");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("with no proxy, keys anyone else by the socket address the app stamped, whatever X-Forwarded-For says", () => {
    const stamped = (peer: string, xff: string) => new Request("http://localhost/x", { headers: { [PEER_HEADER]: peer, "x-forwarded-for": xff } });
    expect(clientKey(stamped("127.0.0.2", "203.0.113.7"), undefined, 0)).toBe("ip:127.0.0.2");
    expect(clientKey(stamped("::ffff:192.0.2.9", "1.1.1.1"), undefined, 0)).toBe("ip:192.0.2.9");
    // Behind a proxy the socket is the proxy's: X-Forwarded-For names the client.
    expect(clientKey(stamped("10.0.0.2", "203.0.113.7"), undefined, 1)).toBe("ip:203.0.113.7");
  });

  it("falls back to one shared unknown key when there is no usable address", () => {
    expect(clientKey(request(), undefined, 1)).toBe("ip:unknown");
    expect(clientKey(request("not-an-ip"), undefined, 1)).toBe("ip:unknown");
    expect(clientKey(request(" , "), undefined, 1)).toBe("ip:unknown");
  });
});

describe("clientAddress", () => {
  it("takes the N-th address from the right behind N trusted proxies", () => {
    // client-written, real client (seen by the CDN), CDN (seen by the load balancer)
    const xff = headers("6.6.6.6, 203.0.113.7, 192.0.2.10");
    expect(clientAddress(xff, 1)).toBe("192.0.2.10");
    expect(clientAddress(xff, 2)).toBe("203.0.113.7");
    expect(clientAddress(xff, 3)).toBe("6.6.6.6");
  });

  it("takes nothing from X-Forwarded-For with no trusted proxy", () => {
    expect(clientAddress(headers("6.6.6.6, 203.0.113.7"), 0)).toBeNull();
  });

  it("takes the leftmost when the list is shorter than the proxy count", () => {
    expect(clientAddress(headers("203.0.113.7"), 2)).toBe("203.0.113.7");
  });

  it("reads repeated headers, which fetch joins with commas", () => {
    const h = new Headers();
    h.append("x-forwarded-for", "6.6.6.6");
    h.append("x-forwarded-for", "203.0.113.7");
    expect(clientAddress(h, 1)).toBe("203.0.113.7");
  });
});

describe("addressKey", () => {
  it("normalises IPv4, with or without a port", () => {
    expect(addressKey(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(addressKey("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(addressKey("203.000.113.007")).toBe("203.0.113.7");
  });

  it("keys IPv6 by its /64, so rotating the interface id does not reset the limit", () => {
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("[2001:db8:1:2::99]:443")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });

  it("reads IPv4-mapped IPv6 (Node's dual-stack socket address) as IPv4", () => {
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "unknown", "256.1.1.1", "1.2.3", "1:2:3:4:5:6:7:8:9", "1::2::3", "::g", "_hidden", "1.2.3.4.5"]) {
      expect(addressKey(bad), bad).toBeNull();
    }
  });
});
