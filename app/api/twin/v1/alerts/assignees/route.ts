import { withApi } from "@/lib/api/handler";
import { listAssignees } from "@/lib/domains/twin/alarms";
import { AssigneesQuerySchema } from "@/lib/domains/twin/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The accounts an alert may be assigned to (enabled operators and admins), for the picker.
export const GET = withApi({ query: AssigneesQuerySchema, cache: "live", access: "operate" }, ({ query }) => listAssignees(query.domain));
