import "server-only";
/**
 * The district scorecard's data in one read: every scorecard indicator of the registry
 * (`scorecard` of each domain module) the caller may read, its value in each district and the
 * city at an instant, the levels that colour it (the KPI's thresholds as the city pack sets them,
 * else the alert rule's on the same reading), and hourly means over the day before for the
 * sparklines. One request instead of one per indicator and district (~90 series).
 */
import { ApiError } from "@/lib/api/errors";
import { yieldToLoop } from "@/lib/api/limits";
import { ALL, type Scope } from "@/lib/auth/scope";
import { getTwin } from "@/lib/twin/runtime";
import { log } from "@/lib/log";
import { ALERT_RULE_LEVELS } from "@/lib/views/department/map-scale";
import { DOMAIN_MODULES } from "@/domains";
import type { ScorecardIndicatorSpec } from "@/domains/types";
import type { Domain } from "@/lib/twin/types";
import { scorecardKey } from "./keys";
import { SPARK_HOURS, type ScorecardIndicator, type ScorecardQuery, type ScorecardResponse } from "./schemas";

/** The registry's scorecard indicators, in display order, with their domain. */
export function scorecardSpecs(scope: Scope = ALL): { domain: Domain; spec: ScorecardIndicatorSpec }[] {
  return DOMAIN_MODULES.filter((m) => scope.includes(m.id)).flatMap((m) => m.scorecard.map((spec) => ({ domain: m.id as Domain, spec })));
}

const HOUR = 3600_000;

export async function getScorecard(q: ScorecardQuery, scope: Scope = ALL): Promise<ScorecardResponse> {
  const twin = getTwin();
  const [now, info, districts] = await Promise.all([twin.now(), twin.info(), twin.districts()]);
  if (q.at && q.at.getTime() > now.getTime()) {
    throw new ApiError(422, "future_time", "`at` must not be after the twin's current time.", [
      { parameter: "at", message: `is after the twin's now (${now.toISOString()})` },
    ]);
  }
  const specs = scorecardSpecs(scope);
  // The KPIs' levels as this city sets them (the pack may override the registry's).
  const kpis = specs.some((s) => s.spec.kpi) ? await twin.kpis(undefined, q.at ?? now) : [];
  const levels = new Map(kpis.map((k) => [k.definition.id, k.definition.thresholds]));

  // Sparklines end with the hour that holds the instant asked about.
  const to = new Date(Math.floor((q.at ?? now).getTime() / HOUR) * HOUR + HOUR);
  const from = new Date(to.getTime() - SPARK_HOURS * HOUR);
  const spark = async (metric: string, district?: string) => {
    const [s] = await twin.series({ metric, district, from, to, stepSeconds: 3600, aggs: ["avg"] });
    return s?.values.avg ?? [];
  };

  const indicators: ScorecardIndicator[] = [];
  let at: string | null = null;
  let asOf = 0;
  for (const { spec } of specs) {
    const values = await twin.districtValues(spec.metric, q.at);
    at ??= values.at;
    asOf = Math.max(asOf, Date.parse(values.asOf));
    const byId = new Map(values.districts.map((d) => [d.id, d]));
    const cells = [];
    for (const d of districts) {
      const v = byId.get(d.id);
      cells.push({ value: v?.value ?? null, asOf: v?.asOf ?? null, stale: v?.stale ?? false, spark: await spark(spec.metric, d.id) });
    }
    // The store answers synchronously: let waiting requests run between indicators.
    await yieldToLoop();
    indicators.push({
      metric: values.metric,
      better: spec.better,
      kpi: spec.kpi ?? null,
      thresholds: (spec.kpi ? levels.get(spec.kpi) : undefined) ??
        ALERT_RULE_LEVELS[spec.metric]?.thresholds ?? { warning: null, critical: null },
      digits: spec.digits,
      city: { ...values.city, spark: await spark(spec.metric) },
      districts: cells,
    });
  }
  const atIso = at ?? (q.at ?? now).toISOString();
  return {
    at: atIso,
    asOf: asOf > 0 ? new Date(asOf).toISOString() : atIso,
    from: from.toISOString(),
    step: "PT1H",
    simulated: info.simulated,
    districts: districts.map((d) => ({ id: d.id, name: d.name })),
    indicators,
  };
}

/** The scorecard as SWR `fallback` for a page (left out when the read fails: the client retries). */
export async function seedScorecard(scope: Scope = ALL): Promise<Record<string, unknown>> {
  try {
    return { [scorecardKey()]: await getScorecard({}, scope) };
  } catch (err) {
    log.error("scorecard: could not seed the page", { err });
    return {};
  }
}
