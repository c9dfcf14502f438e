import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installPeerHeader, PEER_HEADER } from "./peer";

describe("installPeerHeader", () => {
  it("stamps every request with its socket's address, over whatever the client sent", async () => {
    installPeerHeader();
    installPeerHeader(); // idempotent
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_HEADER]);
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      for (const forged of [undefined, "203.0.113.7"]) {
        const res = await fetch(`http://127.0.0.1:${port}/`, { headers: forged ? { [PEER_HEADER]: forged } : {} });
        expect(await res.text()).toBe("ok");
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
