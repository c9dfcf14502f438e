import type { Page, Request } from "@playwright/test";
import { PNG } from "pngjs";

/** Collects console errors and requests to any host but the app's own. */
export function watchPage(page: Page, origin: string): { errors: string[]; outside: string[] } {
  const errors: string[] = [];
  const outside: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("request", (req: Request) => {
    const url = req.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (!url.startsWith(origin)) outside.push(url);
  });
  return { errors, outside };
}

/** Pixels of a PNG screenshot grouped into coarse colour bins: a blank canvas has one or two. */
export function colourStats(png: Buffer): { distinct: number; share: (rgb: [number, number, number], tol?: number) => number } {
  const img = PNG.sync.read(png);
  const bins = new Map<number, number>();
  const total = img.width * img.height;
  for (let i = 0; i < img.data.length; i += 4) {
    const key = ((img.data[i]! >> 4) << 8) | ((img.data[i + 1]! >> 4) << 4) | (img.data[i + 2]! >> 4);
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  const distinct = [...bins.values()].filter((n) => n > total * 0.0005).length;
  return {
    distinct,
    share([r, g, b], tol = 24) {
      let n = 0;
      for (let i = 0; i < img.data.length; i += 4) {
        if (Math.abs(img.data[i]! - r) <= tol && Math.abs(img.data[i + 1]! - g) <= tol && Math.abs(img.data[i + 2]! - b) <= tol) n++;
      }
      return n / total;
    },
  };
}

/** Mean relative luminance (0 black … 1 white) of a PNG screenshot. */
export function meanLuminance(png: Buffer): number {
  const img = PNG.sync.read(png);
  let sum = 0;
  for (let i = 0; i < img.data.length; i += 4) sum += 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
  return sum / (255 * img.width * img.height);
}

/** Share of pixels that differ noticeably between two same-size PNG screenshots. */
export function pixelDiff(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let n = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    const d =
      Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!) + Math.abs(x.data[i + 2]! - y.data[i + 2]!);
    if (d > 48) n++;
  }
  return n / (x.width * x.height);
}

/** Nothing scrolls and nothing is cut: the page, and every panel of the board, fit their boxes. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const d = document.documentElement;
    if (d.scrollWidth > d.clientWidth || d.scrollHeight > d.clientHeight) out.push(`page scrolls ${d.scrollWidth}x${d.scrollHeight}`);
    for (const cell of document.querySelectorAll<HTMLElement>("[data-wall-panel]")) {
      const name = cell.dataset.wallPanel ?? "?";
      const r = cell.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) out.push(`${name} outside the screen`);
      if (r.height < 100) out.push(`${name} squashed to ${r.height}px`);
      const box = cell.firstElementChild as HTMLElement | null;
      if (box && (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1)) out.push(`${name} clipped`);
    }
    // No alert card is shown cut: each is wholly inside its list or wholly hidden beyond it.
    for (const list of document.querySelectorAll<HTMLElement>('[data-wall-panel] [data-testid="alert-list"]')) {
      const b = list.getBoundingClientRect();
      for (const item of list.children) {
        const r = item.getBoundingClientRect();
        const inside = r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5 && r.right <= b.right + 0.5;
        const hidden = r.left >= b.right - 0.5 || r.top >= b.bottom - 0.5;
        if (!inside && !hidden) out.push(`alert card cut at ${Math.round(r.top)}–${Math.round(r.bottom)} (list ${Math.round(b.top)}–${Math.round(b.bottom)})`);
      }
    }
    return out;
  });
}
