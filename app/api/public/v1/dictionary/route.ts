import { datasetsOf, LICENCE } from "@/lib/public/open-data";
import { json, withPublicApi } from "@/lib/public/http";
import { plainMethod } from "@/lib/public/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The data dictionary: every column of every open dataset with type, unit and meaning (en + zh),
// and every indicator's method and formula.
export const GET = withPublicApi((snap) =>
  json({
    licence: LICENCE,
    asOf: snap.asOf,
    datasets: datasetsOf(snap).map(({ id, title, description, columns }) => ({ id, title, description, columns })),
    // How each public indicator is worked out: in plain words, and the exact formula.
    indicators: snap.figures.map((f) => ({ id: f.definition.id, name: f.definition.name, method: plainMethod(f.definition.id)?.method ?? f.definition.definition, formula: f.definition.formula })),
  }),
);
