import { datasetsOf, LICENCE } from "@/lib/public/open-data";
import { json, withPublicApi } from "@/lib/public/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The data dictionary: every column of every open dataset with type, unit and meaning (en + zh).
export const GET = withPublicApi((snap) =>
  json({
    licence: LICENCE,
    asOf: snap.asOf,
    datasets: datasetsOf(snap).map(({ id, title, description, columns }) => ({ id, title, description, columns })),
  }),
);
