import "server-only";
/**
 * The server half of the registry: each domain's simulator models and inventory placement, in
 * the order of `DOMAIN_MODULES` (domains/index.ts).
 */
import { constructionSimulator } from "./construction/simulator";
import { energySimulator } from "./energy/simulator";
import { healthSimulator } from "./health/simulator";
import { logisticsSimulator } from "./logistics/simulator";
import { transportSimulator } from "./transport/simulator";
import type { DomainSimulator } from "./types";

export const DOMAIN_SIMULATORS: readonly DomainSimulator[] = [energySimulator, transportSimulator, constructionSimulator, healthSimulator, logisticsSimulator];
