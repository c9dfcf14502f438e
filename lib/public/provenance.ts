/**
 * Where an open dataset comes from, for its metadata (datapackage.json, DCAT) and its page: the
 * systems its readings come from and who owns them (the public KPIs' `source` and `owner` from
 * the city pack), how the values are worked out, the licence, whether the data are simulated,
 * and the published figures a simulation is scaled to. Pure and client-safe.
 */
import { DOMAIN_MODULES, domainModule, type DomainId } from "@/domains";
import type { DomainModule, PublishedFigure } from "@/domains/types";
import type { LocalizedText } from "@/lib/twin/types";
import { LICENCE, type Dataset } from "./open-data";
import { MIN_CONTRIBUTORS, type PublicSnapshot } from "./schemas";

/** The published figures a domain's simulation is scaled to; every domain's when `domain` is null (city-wide datasets). */
export function provenanceOf(domain: DomainId | null): readonly PublishedFigure[] {
  const modules: readonly DomainModule[] = domain ? [domainModule(domain)] : DOMAIN_MODULES;
  return modules.flatMap((m) => m.provenance ?? []);
}

export type ProvenanceSnap = Pick<PublicSnapshot, "city" | "simulated" | "delayMinutes" | "figures">;

export interface DatasetProvenance {
  /** The systems the readings come from (e.g. "TwinOps embedded simulator"), joined. */
  source: LocalizedText;
  /** Who owns the figures (the departments named in the city pack), joined. */
  owner: LocalizedText;
  /** How the values are worked out: the dataset's own rule, then what every public figure goes through. */
  method: LocalizedText;
  licence: typeof LICENCE;
  simulated: boolean;
  /** Published figures the simulated magnitudes follow (with their https sources). */
  basis: readonly PublishedFigure[];
}

const joined = (texts: readonly LocalizedText[], sep: { en: string; zh: string }): LocalizedText => ({
  en: [...new Set(texts.map((t) => t.en))].join(sep.en),
  zh: [...new Set(texts.map((t) => t.zh))].join(sep.zh),
});

/** The provenance of one dataset of a snapshot (its domain's public figures; every domain's for a city-wide one). */
export function datasetProvenance(ds: Pick<Dataset, "domain" | "description">, snap: ProvenanceSnap): DatasetProvenance {
  const figures = snap.figures.filter((f) => ds.domain === null || f.definition.domain === ds.domain);
  const sep = { en: "; ", zh: "；" };
  const generated = snap.simulated
    ? {
        en: "The values are simulated by the city twin (not measured), with magnitudes scaled to the published figures listed as sources where there are any.",
        zh: "数值由城市数字孪生模拟生成（并非实测），量级按所列来源的公开统计数据设定（如有）。",
      }
    : { en: "The values are aggregated by the city twin from the city's sensor feeds.", zh: "数值由城市数字孪生根据城市传感器数据汇总。" };
  const privacy = {
    en: `Published at least ${snap.delayMinutes} minutes after measurement, for whole districts or the whole city only; counts from 1 to 10 and district values fed by fewer than ${MIN_CONTRIBUTORS} facilities are withheld.`,
    zh: `测量后至少延迟 ${snap.delayMinutes} 分钟发布，且仅按区或全市汇总；1 至 10 的计数及数据来源少于 ${MIN_CONTRIBUTORS} 个设施的区级数值不予公布。`,
  };
  return {
    source: joined(figures.map((f) => f.definition.source), sep),
    owner: joined(figures.map((f) => f.definition.owner), sep),
    method: { en: `${ds.description.en} ${generated.en} ${privacy.en}`, zh: `${ds.description.zh}${generated.zh}${privacy.zh}` },
    licence: LICENCE,
    simulated: snap.simulated,
    basis: provenanceOf(ds.domain),
  };
}
