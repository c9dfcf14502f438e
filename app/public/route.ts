import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Chinese for readers whose browser prefers it over English, English otherwise. */
function preferred(acceptLanguage: string | null): "en" | "zh" {
  let best: { lang: "en" | "zh"; q: number } = { lang: "en", q: 0 };
  for (const part of (acceptLanguage ?? "").split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
    const lang = tag.startsWith("zh") ? "zh" : tag.startsWith("en") ? "en" : null;
    if (lang && q > best.q) best = { lang, q };
  }
  return best.lang;
}

// `/public` has no content of its own: it sends readers to the page in their language.
export function GET(request: Request): Response {
  const url = new URL(`/public/${preferred(request.headers.get("accept-language"))}`, request.url);
  const res = NextResponse.redirect(url, 307);
  res.headers.set("Vary", "Accept-Language");
  res.headers.set("Cache-Control", "public, max-age=300");
  return res;
}
