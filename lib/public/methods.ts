/**
 * How each public figure is worked out, in plain words for citizens (en + zh): read from the
 * domain registry (`public.methods` of each domain module), where the figure is defined; the
 * exact formulas stay in the data dictionary. Pure and client-safe.
 */
import { DOMAIN_MODULES } from "@/domains";
import type { PlainMethod } from "@/domains/types";

export type { PlainMethod };

const METHODS: ReadonlyMap<string, PlainMethod> = new Map(DOMAIN_MODULES.flatMap((m) => Object.entries(m.public.methods)));

/** The plain-language method of a public indicator; undefined for one the registry does not publish. */
export function plainMethod(id: string): PlainMethod | undefined {
  return METHODS.get(id);
}
