import { withApi } from "@/lib/api/handler";
import { AuditQuerySchema } from "@/lib/twin-client/schemas";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The audit trail (admins): who did what, when, with the state before and after.
export const GET = withApi({ query: AuditQuerySchema, access: "admin", cache: "live" }, async ({ query }) => ({
  records: await getTwin().audit({ target: query.target, before: query.before, limit: query.limit ?? 100 }),
}));
