import { withApi } from "@/lib/api/handler";
import { NoQuerySchema } from "@/lib/twin-client/schemas";
import { refusalCounts } from "@/lib/twin/ingest-check";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Rows ingest refused, per reason and datastream, since this instance started (admins).
export const GET = withApi({ query: NoQuerySchema, access: "admin", cache: "live" }, async () => refusalCounts());
