import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, readPng, withTextChunks } from "./png";

/** A valid 2×1 RGB PNG, built here so the test needs no image file. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 255, 0, 0, 0, 0, 255]));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk("IHDR", ihdr),
      chunk("IDAT", idat),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

describe("png text chunks", () => {
  it("computes the PNG CRC-32 (check value of '123456789')", () => {
    expect(crc32(new TextEncoder().encode("123456789")).toString(16)).toBe("cbf43926");
  });

  it("writes UTF-8 captions after the header and reads them back with the image size", () => {
    const out = withTextChunks(tinyPng(), { Title: "今日全市负荷 · Futian", Description: "Simulated data" });
    const png = readPng(out);
    expect(png).toEqual({ width: 2, height: 1, text: { Title: "今日全市负荷 · Futian", Description: "Simulated data" } });
    // Still a PNG whose chunks all check out.
    let at = 8;
    const view = new DataView(out.buffer);
    while (at < out.length) {
      const len = view.getUint32(at);
      expect(view.getUint32(at + 8 + len)).toBe(crc32(out.subarray(at + 4, at + 8 + len)));
      at += 12 + len;
    }
  });

  it("refuses what is not a PNG", () => {
    expect(() => withTextChunks(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), {})).toThrow("not a PNG");
  });
});
