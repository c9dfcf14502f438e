/**
 * Catalogue metadata of the open datasets: a Frictionless Data Package (`datapackage.json`, the
 * descriptor data tools read to load a CSV with its types) and DCAT 3 in JSON-LD (what open-data
 * portals harvest), plus a citation. Built from the same `Dataset` as the CSV, so the fields
 * always match the file. Pure and client-safe.
 */
import type { LocalizedText } from "@/lib/twin/types";
import { LICENCE, datasetUrls, toCsv, type Dataset } from "./open-data";
import { datasetProvenance, type ProvenanceSnap } from "./provenance";

type SnapMeta = ProvenanceSnap;

/** Who publishes: the city's open-data service of this twin. */
export function publisherOf(snap: SnapMeta): LocalizedText {
  return { en: `TwinOps, ${snap.city.name.en}`, zh: `TwinOps，${snap.city.name.zh}` };
}

/** Size of the CSV download in bytes. */
export function csvBytes(ds: Dataset): number {
  return new TextEncoder().encode(toCsv(ds)).length;
}

/** A citation in the usual "author (year). title [dataset]. publisher. URL" form. */
export function citation(ds: Dataset, snap: SnapMeta, locale: "en" | "zh", origin: string): string {
  const year = ds.asOf.slice(0, 4);
  const url = `${origin}${datasetUrls(ds.id).csv}`;
  if (locale === "zh") {
    const sim = snap.simulated ? "（模拟数据）" : "";
    return `${publisherOf(snap).zh}. ${ds.title.zh}${sim}[DS]. ${year}. ${url}. 许可协议：${LICENCE.id}。`;
  }
  const sim = snap.simulated ? " (simulated data)" : "";
  return `${publisherOf(snap).en} (${year}). ${ds.title.en}${sim} [Data set]. ${url}. Licence: ${LICENCE.id}.`;
}

/** ISO 8601 duration of an update interval, e.g. PT5M or PT1H. */
function isoDuration(seconds: number): string {
  return seconds % 3600 === 0 ? `PT${seconds / 3600}H` : `PT${seconds / 60}M`;
}

/**
 * The Frictionless Tabular Data Package of one dataset. Its resource path is relative to the
 * descriptor's own address (`/api/public/v1/datasets/<id>.datapackage.json` → `<id>.csv`), so
 * the package works on any host, or from disk after a download of both files. Provenance: the
 * standard `sources` (the systems the readings come from, then the published figures a simulation
 * is scaled to, with their addresses) and, in `twinops:provenance`, the method (en + zh), owner,
 * licence and whether the data are simulated.
 */
export function dataPackage(ds: Dataset, snap: SnapMeta) {
  const prov = datasetProvenance(ds, snap);
  return {
    profile: "tabular-data-package",
    name: ds.id,
    title: ds.title.en,
    description: ds.description.en,
    version: ds.asOf,
    created: ds.asOf,
    licenses: [{ name: LICENCE.id, path: LICENCE.url, title: LICENCE.name }],
    contributors: [{ title: publisherOf(snap).en, role: "publisher" }],
    sources: [
      { title: prov.source.en },
      ...prov.basis.map((f) => ({ title: `${f.source.en}: ${f.what.en} (${f.year})`, path: f.url })),
    ],
    "twinops:provenance": {
      source: prov.source,
      owner: prov.owner,
      method: prov.method,
      licence: prov.licence.id,
      simulated: prov.simulated,
    },
    keywords: [snap.city.name.en, ...(ds.domain ? [ds.domain] : []), ...(snap.simulated ? ["simulated"] : [])],
    // Chinese title and description, which the standard descriptor has no field for.
    "twinops:zh": { title: ds.title.zh, description: ds.description.zh },
    resources: [
      {
        profile: "tabular-data-resource",
        name: ds.id,
        path: `${ds.id}.csv`,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8-sig",
        dialect: { delimiter: ",", lineTerminator: "\r\n", header: true },
        bytes: csvBytes(ds),
        schema: {
          fields: ds.columns.map((c) => ({
            name: c.name,
            type: c.type,
            // Instants carry milliseconds (`…:00.000Z`), which the strict default format refuses.
            ...(c.type === "datetime" ? { format: "any" } : {}),
            description: c.description.en,
            ...(c.unit ? { unit: c.unit } : {}),
          })),
          missingValues: [""],
        },
      },
    ],
  };
}

const DCAT_CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  prov: "http://www.w3.org/ns/prov#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
} as const;

const lang = (t: LocalizedText) => [
  { "@value": t.en, "@language": "en" },
  { "@value": t.zh, "@language": "zh-Hans" },
];

/**
 * One dataset as a DCAT `dcat:Dataset` node (absolute IRIs under `origin`). Provenance as DCAT 3
 * advises: `dct:provenance` states the method (with the simulated flag in words), the activity that
 * made the values is `prov:wasGeneratedBy` (a simulation or an aggregation, run by the source
 * system), and `dct:source` links the published figures a simulation is scaled to.
 */
function dcatNode(ds: Dataset, snap: SnapMeta, origin: string) {
  const urls = datasetUrls(ds.id);
  const prov = datasetProvenance(ds, snap);
  const dist = (url: string, media: string, format: string) => ({
    "@type": "dcat:Distribution",
    "dcat:downloadURL": { "@id": `${origin}${url}` },
    "dcat:accessURL": { "@id": `${origin}${url}` },
    "dcat:mediaType": { "@id": `https://www.iana.org/assignments/media-types/${media}` },
    "dct:format": format,
    "dct:license": { "@id": LICENCE.url },
  });
  return {
    "@id": `${origin}/public/en/data/${ds.id}`,
    "@type": "dcat:Dataset",
    "dct:identifier": ds.id,
    "dct:title": lang(ds.title),
    "dct:description": lang(ds.description),
    "dct:publisher": { "@type": "foaf:Agent", "foaf:name": lang(publisherOf(snap)) },
    "dct:license": { "@id": LICENCE.url },
    "dct:modified": { "@value": ds.asOf, "@type": "xsd:dateTime" },
    ...(ds.updateSeconds ? { "dcat:temporalResolution": { "@value": isoDuration(ds.updateSeconds), "@type": "xsd:duration" } } : {}),
    "dcat:keyword": [snap.city.name.en, ...(ds.domain ? [ds.domain] : []), ...(snap.simulated ? ["simulated"] : [])],
    "dcat:landingPage": { "@id": `${origin}/public/en/data/${ds.id}` },
    "dcat:distribution": [dist(urls.csv, "text/csv", "CSV"), dist(urls.json, "application/json", "JSON")],
    "dct:provenance": { "@type": "dct:ProvenanceStatement", "rdfs:label": lang(prov.method) },
    "prov:wasGeneratedBy": {
      "@type": "prov:Activity",
      "rdfs:label": lang(prov.simulated ? { en: "Simulation by the city twin", zh: "城市数字孪生模拟" } : { en: "Aggregation of city sensor feeds", zh: "城市传感器数据汇总" }),
      "prov:wasAssociatedWith": { "@type": ["prov:SoftwareAgent", "foaf:Agent"], "foaf:name": lang(prov.source) },
    },
    ...(prov.basis.length ? { "dct:source": prov.basis.map((f) => ({ "@id": f.url, "dct:title": lang(f.source) })) } : {}),
    "dct:bibliographicCitation": citation(ds, snap, "en", origin),
  };
}

/** DCAT (JSON-LD) of one dataset. */
export function dcatDataset(ds: Dataset, snap: SnapMeta, origin: string) {
  return { "@context": DCAT_CONTEXT, ...dcatNode(ds, snap, origin) };
}

/** DCAT (JSON-LD) catalogue of every open dataset. */
export function dcatCatalog(datasets: Dataset[], snap: SnapMeta, origin: string) {
  return {
    "@context": DCAT_CONTEXT,
    "@id": `${origin}/api/public/v1/catalog.jsonld`,
    "@type": "dcat:Catalog",
    "dct:title": lang({ en: `${snap.city.name.en} open city data`, zh: `${snap.city.name.zh}城市开放数据` }),
    "dct:publisher": { "@type": "foaf:Agent", "foaf:name": lang(publisherOf(snap)) },
    "dct:license": { "@id": LICENCE.url },
    "foaf:homepage": { "@id": `${origin}/public/en/data` },
    "dcat:dataset": datasets.map((d) => dcatNode(d, snap, origin)),
  };
}
