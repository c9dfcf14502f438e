/**
 * Report-grade PNG exports: the chart with its caption drawn into the image (title, district,
 * period, unit, comparison, source, as-of and the "simulated" label), and the same facts as PNG
 * text chunks (iTXt, UTF-8: Chinese survives) so a file names itself in any image viewer.
 * Byte work is pure and tested; `captionedPng` draws on a canvas in the browser.
 */

/** One caption line; `tone` "alert" draws it in the warning colour (the simulated label). */
export interface CaptionLine {
  text: string;
  tone?: "title" | "text" | "alert";
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let crcTable: Uint32Array | null = null;

/** CRC-32 of a chunk's type and data, as PNG (ISO/IEC 15948) defines it. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeAndData = new Uint8Array(4 + data.length);
  typeAndData.set(new TextEncoder().encode(type), 0);
  typeAndData.set(data, 4);
  out.set(typeAndData, 4);
  view.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}

/** An iTXt chunk: Latin-1 keyword, no compression, UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array {
  const enc = new TextEncoder();
  const key = enc.encode(keyword.replace(/[^\x20-\x7e]/g, "").slice(0, 79));
  const body = enc.encode(text);
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key, 0);
  data.set(body, key.length + 5);
  return chunk("iTXt", data);
}

/** The PNG with iTXt chunks inserted after its header chunk (IHDR). */
export function withTextChunks(png: Uint8Array, text: Record<string, string>): Uint8Array {
  if (!PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new Error("not a PNG");
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  const extra = Object.entries(text).map(([k, v]) => itxt(k, v));
  const size = png.length + extra.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, ihdrEnd), 0);
  let at = ihdrEnd;
  for (const c of extra) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

/** The PNG's width, height and text chunks (tEXt and uncompressed iTXt). */
export function readPng(png: Uint8Array): { width: number; height: number; text: Record<string, string> } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const dec = new TextDecoder();
  const text: Record<string, string> = {};
  let at = 8;
  let width = 0;
  let height = 0;
  while (at + 8 <= png.length) {
    const len = view.getUint32(at);
    const type = dec.decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
    } else if (type === "tEXt" || type === "iTXt") {
      const nul = data.indexOf(0);
      const key = dec.decode(data.subarray(0, nul));
      if (type === "tEXt") text[key] = dec.decode(data.subarray(nul + 1));
      else if (data[nul + 1] === 0) {
        // Skip the compression bytes, language tag and translated keyword.
        const lang = data.indexOf(0, nul + 3);
        const translated = data.indexOf(0, lang + 1);
        text[key] = dec.decode(data.subarray(translated + 1));
      }
    }
    if (type === "IEND") break;
    at += 12 + len;
  }
  return { width, height, text };
}

function dataUrlBytes(url: string): Uint8Array {
  const bin = atob(url.slice(url.indexOf(",") + 1));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function bytesDataUrl(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(bin)}`;
}

/**
 * The chart image (a PNG data URL at `pixelRatio`) under its caption lines, on the page's
 * background, as a PNG data URL carrying `text` chunks. Browser only (canvas).
 */
export async function captionedPng(
  chart: string,
  lines: readonly CaptionLine[],
  style: { pixelRatio: number; background: string; text: string; muted: string; alert: string; fontFamily: string },
  text: Record<string, string>,
): Promise<string> {
  const img = new Image();
  img.src = chart;
  await img.decode();
  const r = style.pixelRatio;
  const pad = 12 * r;
  const lineH = (t: CaptionLine) => (t.tone === "title" ? 20 : 16) * r;
  const head = pad + lines.reduce((n, l) => n + lineH(l), 0) + pad / 2;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(img.width, 480 * r);
  canvas.height = head + img.height + pad;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d canvas");
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = "top";
  let y = pad;
  for (const l of lines) {
    ctx.font = `${l.tone === "title" ? "600 " : ""}${(l.tone === "title" ? 15 : 12) * r}px ${style.fontFamily}`;
    ctx.fillStyle = l.tone === "alert" ? style.alert : l.tone === "title" ? style.text : style.muted;
    ctx.fillText(l.text, pad, y, canvas.width - 2 * pad);
    y += lineH(l);
  }
  ctx.drawImage(img, 0, head);
  return bytesDataUrl(withTextChunks(dataUrlBytes(canvas.toDataURL("image/png")), text));
}
