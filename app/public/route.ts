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

// `/public` has no content of its own: it sends readers to the page in their language. The
// Location is a path (RFC 9110 allows relative references): behind a proxy, request.url holds the
// address the server listens on, not the one the reader used, and this answer is cached publicly.
export function GET(request: Request): Response {
  return new Response(null, {
    status: 307,
    headers: {
      Location: `/public/${preferred(request.headers.get("accept-language"))}`,
      Vary: "Accept-Language",
      "Cache-Control": "public, max-age=300",
    },
  });
}
