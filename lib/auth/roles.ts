/**
 * Who may do what, as pure data and functions (no server code: pages, handlers and tests share
 * them). Roles: `viewer` reads the domains it is scoped to, `operator` reads everything and
 * works alarms, `admin` also manages accounts, tokens and reads the audit trail. Wall displays
 * sign in with a device token: read-only, bound to boards. Sensor feeds write observations with
 * a feed token and read nothing. A person's read token reads what its owner may read, and
 * changes nothing.
 */
import { DOMAINS, type Domain } from "@/lib/twin/types";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | {
      kind: "user";
      id: string;
      /** Account name; what the audit trail and the wall show. */
      name: string;
      role: Role;
      /** Domains a viewer may read; operators and admins read all. */
      domains: readonly Domain[];
      sessionId: string;
    }
  | { kind: "device"; id: string; name: string; boards: readonly string[] }
  | { kind: "feed"; id: string; name: string }
  | {
      /** A person's read token: their role and domains as the account has them now; read-only. */
      kind: "token";
      id: string;
      /** "<account> (token <name>)". */
      name: string;
      ownerId: string;
      role: Role;
      domains: readonly Domain[];
    };

/** Domains this principal may read (feeds read nothing). */
export function readableDomains(p: Principal): readonly Domain[] {
  if (p.kind === "feed") return [];
  if (p.kind === "device") {
    // A domain board shows that domain; the city board (and any other) shows all of them.
    const set = new Set<Domain>(p.boards.flatMap((b) => boardDomains(b)));
    return DOMAINS.filter((d) => set.has(d));
  }
  // People and their read tokens: a viewer its domains, operators and admins all.
  return p.role === "viewer" ? DOMAINS.filter((d) => p.domains.includes(d)) : DOMAINS;
}

export function canRead(p: Principal, domain: Domain): boolean {
  return readableDomains(p).includes(domain);
}

/** Every domain readable: no filtering needed. */
export function readsAll(p: Principal): boolean {
  return readableDomains(p).length === DOMAINS.length;
}

export function canOperate(p: Principal): boolean {
  return p.kind === "user" && (p.role === "operator" || p.role === "admin");
}

export function isAdmin(p: Principal): boolean {
  return p.kind === "user" && p.role === "admin";
}

/** Domains a wall board shows: a domain board its domain, the city board (and any other) all. */
export function boardDomains(board: string): readonly Domain[] {
  return (DOMAINS as readonly string[]).includes(board) ? [board as Domain] : DOMAINS;
}

/**
 * A device may open only the boards its token is bound to; a person the boards whose domains it
 * may read (a viewer of health opens the health board, not the city one).
 */
export function canOpenBoard(p: Principal, board: string): boolean {
  if (p.kind === "device") return p.boards.includes(board);
  if (p.kind !== "user") return false;
  const readable = readableDomains(p);
  return boardDomains(board).every((d) => readable.includes(d));
}

/** The name an action is recorded under, e.g. "li.wei (operator)". */
export function actorOf(p: Principal): { name: string; role: string } {
  return { name: p.name, role: p.kind === "user" ? p.role : p.kind };
}

/** Who an audit record names. */
export function auditBy(p: Principal): { actor: string; role: string } {
  const a = actorOf(p);
  return { actor: a.name, role: a.role };
}
