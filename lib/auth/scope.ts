import "server-only";
/**
 * Domain scoping of twin reads: a viewer scoped to energy gets energy data and a 403 for the
 * rest, whichever endpoint or page asks. Server functions take the caller's scope (default all:
 * the caller has already been checked by the page or handler that calls them).
 */
import { ApiError, forbidden } from "@/lib/api/errors";
import { domainOfDatastream } from "@/lib/api/sse";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { readableDomains, type Principal } from "./roles";

export type Scope = readonly Domain[];

export const ALL: Scope = DOMAINS;

export function scopeOf(p: Principal | null): Scope {
  return p ? readableDomains(p) : ALL;
}

export const isFull = (scope: Scope) => scope.length === DOMAINS.length;

export function assertDomain(scope: Scope, domain: Domain): void {
  if (!scope.includes(domain)) throw forbidden(`Your access does not include the ${domain} domain.`);
}

/**
 * The domain a list endpoint should answer for: the one asked (if allowed), or for a caller
 * scoped to one domain that domain. A caller scoped to several must name one.
 */
export function narrowDomain(scope: Scope, domain: Domain | undefined, parameter = "domain"): Domain | undefined {
  if (domain) {
    assertDomain(scope, domain);
    return domain;
  }
  if (isFull(scope)) return undefined;
  if (scope.length === 1) return scope[0];
  throw new ApiError(403, "forbidden", `Your access covers ${scope.join(", ")}: name one with \`${parameter}\`.`, [
    { parameter, message: `required for your access (one of ${scope.join(", ")})` },
  ]);
}

/** 403 unless every datastream belongs to a domain in scope. */
export function assertDatastreams(scope: Scope, ids: readonly string[]): void {
  if (isFull(scope)) return;
  for (const id of ids) {
    const d = domainOfDatastream(id);
    if (d && !scope.includes(d)) throw forbidden(`Your access does not include the ${d} domain (datastream ${id}).`);
  }
}
