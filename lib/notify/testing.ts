/**
 * An open critical feeder alarm for the notifier's tests and bench (`over` replaces any field).
 * Test-only: no app code imports it.
 */
import type { Alert } from "@/lib/twin/types";

export const alarmFixture = (over: Partial<Alert> = {}): Alert => ({
  id: "urn:ngsi-ld:Alert:shenzhen:feederOverload-12-1784080800",
  domain: "energy",
  category: "energy",
  subCategory: "feederOverload",
  severity: "critical",
  assetId: "urn:ngsi-ld:Feeder:shenzhen:F012",
  district: "futian",
  geometry: { type: "Point", coordinates: [114.05, 22.54] },
  description: { en: "Feeder 12 loading 103.4 % above 100 % of rating", zh: "12号馈线 负载率 103.4 %，超过额定值的 100%" },
  start: "2026-07-15T01:55:00.000Z",
  end: null,
  state: "open",
  stateBy: null,
  stateAt: null,
  value: 103.4,
  threshold: 100,
  acknowledgedBy: null,
  acknowledgedAt: null,
  assignee: null,
  escalation: 0,
  comment: null,
  comments: [],
  ...over,
});
