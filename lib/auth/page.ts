import "server-only";
/**
 * The guard every internal page calls first (in the page itself, not in middleware): no
 * session or device cookie sends the browser to /signin; a caller without the domain, board or
 * role the page needs is sent there too, with the reason.
 */
import { redirect } from "next/navigation";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { canOpenBoard, isAdmin, readableDomains, type Principal } from "./roles";
import { csrfToken, pagePrincipal } from "./server";
import type { SessionView } from "./session-view";

export interface PageNeeds {
  /** The page shows this domain. */
  domain?: Domain;
  /** The page shows every domain (overview, district pages). */
  allDomains?: boolean;
  /** A wall board: device tokens bound to it may open it. */
  board?: string;
  admin?: boolean;
}

function signIn(next: string, error?: string): never {
  const q = new URLSearchParams({ next, ...(error ? { error } : {}) });
  redirect(`/signin?${q}`);
}

/** The page's caller, or a redirect to /signin. `next` is where to come back to. */
export async function requirePage(next: string, needs: PageNeeds = {}): Promise<Principal> {
  const p = await pagePrincipal();
  if (!p) signIn(next);
  if (p.kind === "feed") signIn(next, "forbidden");
  // Devices show walls and nothing else.
  if (p.kind === "device" && needs.board === undefined) signIn(next, "forbidden");
  if (needs.board !== undefined && !canOpenBoard(p, needs.board)) signIn(next, "forbidden");
  const domains = readableDomains(p);
  if (needs.domain && !domains.includes(needs.domain)) signIn(next, "forbidden");
  if (needs.allDomains && domains.length < DOMAINS.length) {
    // A viewer of some domains starts on the first of them instead of a page they cannot see.
    if (p.kind === "user" && domains[0] && next === "/") redirect(`/${domains[0]}`);
    signIn(next, "forbidden");
  }
  if (needs.admin && !isAdmin(p)) signIn(next, "forbidden");
  return p;
}

/** What the client needs to know of the caller: name, role, domains and the CSRF token. */
export async function sessionView(p: Principal): Promise<SessionView> {
  return {
    kind: p.kind === "user" ? "user" : "device",
    name: p.name,
    role: p.kind === "user" ? p.role : "device",
    domains: [...readableDomains(p)],
    csrf: p.kind === "user" ? await csrfToken(p.sessionId) : null,
  };
}

/** Path and query of a page, for `next`. */
export function pagePath(path: string, params: Record<string, string | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "string") q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
