import { LICENCE } from "@/lib/public/open-data";
import { json, withPublicApi } from "@/lib/public/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Everything the public pages show, in one document: figures, district tables, hourly series.
export const GET = withPublicApi((snap) => json({ licence: LICENCE, ...snap }));
