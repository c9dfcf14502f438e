import { withApi } from "@/lib/api/handler";
import { listAssignees } from "@/lib/twin-client/alarms";
import { AssigneesQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The accounts an alert may be assigned to (enabled operators and admins), for the picker.
export const GET = withApi({ query: AssigneesQuerySchema, cache: "live", access: "operate" }, ({ query }) => listAssignees(query.domain));
