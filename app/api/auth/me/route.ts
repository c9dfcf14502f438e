import { withApi } from "@/lib/api/handler";
import { readableDomains } from "@/lib/auth/roles";
import { csrfToken } from "@/lib/auth/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who the caller is, what it may read, and (for people) the CSRF token for changes. */
export const GET = withApi({ cache: "live" }, async ({ principal }) => {
  const p = principal!;
  return {
    kind: p.kind,
    name: p.name,
    role: p.kind === "user" ? p.role : p.kind,
    domains: readableDomains(p),
    ...(p.kind === "device" ? { boards: p.boards } : {}),
    ...(p.kind === "user" ? { csrfToken: await csrfToken(p.sessionId) } : {}),
  };
});
