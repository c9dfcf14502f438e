import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { actorOf } from "@/lib/auth/roles";
import { AlertActionBodySchema, AlertActionParamsSchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { createRateLimiter } from "@/lib/security/rate-limit";
import { getTwin } from "@/lib/twin/runtime";
import { checkAssignee } from "@/lib/twin-client/alarms";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Actions of one person on one alert: 10 at once, then one every 6 s (10 a minute). Every action
 * is an audit record nobody can delete; a real workflow takes a handful per alert, so this only
 * stops one account flooding an alert's trail (assign back and forth, a script).
 */
const ACTIONS_PER_MINUTE = 10;
const actionLimiter = createRateLimiter({ rate: ACTIONS_PER_MINUTE / 60, burst: ACTIONS_PER_MINUTE });

// An operator acknowledges, comments on, assigns, escalates or resolves an alert; answered 200 only once the
// change and its audit record are committed.
export const POST = withApi(
  { params: AlertActionParamsSchema, query: NoQuerySchema, body: AlertActionBodySchema, access: "operate", contentType: "application/geo+json" },
  async ({ params, body, principal }) => {
    const actor = actorOf(principal!);
    const limited = actionLimiter.check(`${principal!.kind}:${principal!.id}|${params.id}`);
    if (!limited.ok) {
      throw new ApiError(429, "rate_limited", `Too many actions on this alert: try again in ${limited.retryAfterSeconds} s.`, undefined, {
        "Retry-After": String(limited.retryAfterSeconds),
      });
    }
    // Alarms go to real people: an account that may act on them, under the name it signs in with.
    const input = body.action === "assign" && body.assignee ? { ...body, assignee: await checkAssignee(body.assignee) } : body;
    const r = await getTwin().actOnAlert(params.id, input, actor);
    if (!r.ok) throw new ApiError(r.status, r.code, r.message);
    const { geometry, ...properties } = r.alert;
    return { type: "Feature" as const, id: properties.id, geometry, properties };
  },
);
