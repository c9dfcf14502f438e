/**
 * FIWARE NGSI-LD payloads reshaped into TwinOps rows, pure. Entities come normalized
 * (`"attr": { "type": "Property", "value": 12, "observedAt": "…" }`); the temporal API answers an
 * attribute as an array of such instances, or in the simplified temporal form
 * (`"attr": { "type": "Property", "values": [[12, "…"], …] }`); a notification is
 * `{ "type": "Notification", "subscriptionId", "notifiedAt", "data": [entity, …] }`.
 */
import { z } from "zod";
import type { Observation } from "../../types";
import { datastreamIdOf, fillTemplate, type NgsiMapping } from "../mapping";

export const NGSI_LD_CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";

export const NgsiEntitySchema = z.object({ id: z.string().min(1), type: z.union([z.string(), z.array(z.string())]) }).loose();
export type NgsiEntity = z.output<typeof NgsiEntitySchema>;

export const NgsiNotificationSchema = z
  .object({
    type: z.literal("Notification").optional(),
    subscriptionId: z.string().optional(),
    notifiedAt: z.string().optional(),
    data: z.array(NgsiEntitySchema).max(10_000),
  })
  .loose();

const Instance = z.object({ value: z.unknown().optional(), observedAt: z.string().optional(), object: z.string().optional() }).loose();
const Simplified = z.object({ values: z.array(z.tuple([z.unknown(), z.string()]).rest(z.unknown())) }).loose();

const typeOf = (e: NgsiEntity) => (Array.isArray(e.type) ? e.type : [e.type]);

/** The mapping of an entity's type (types may come expanded to URIs; the short name's tail matches). */
export function entityMapping(e: NgsiEntity, mapping: NgsiMapping): NgsiMapping["entities"][number] | undefined {
  return mapping.entities.find((m) => typeOf(e).some((t) => t === m.type || t.endsWith(`/${m.type}`) || t.endsWith(`#${m.type}`)));
}

/** The TwinOps asset id an entity names through the mapping, or null. */
export function entityAssetId(e: NgsiEntity, mapping: NgsiMapping, m: NgsiMapping["entities"][number]): string | null {
  const a = m.assetId ?? mapping.assetId;
  let raw: unknown;
  if (a.from === "id") raw = e.id;
  else {
    // Normalized, or as the temporal API answers it: an array of instances, or simplified values.
    const first = Array.isArray(e[a.key]) ? (e[a.key] as unknown[])[0] : e[a.key];
    const simplified = Simplified.safeParse(first);
    const attr = Instance.safeParse(first);
    if (simplified.success) raw = simplified.data.values[0]?.[0];
    else if (attr.success) raw = a.from === "relationship" ? attr.data.object : attr.data.value;
  }
  return typeof raw === "string" && raw !== "" ? fillTemplate(a.template, raw, m.assetType) : null;
}

/**
 * Rows of an entity's mapped attributes: each instance with its `observedAt` (normalized, temporal
 * or simplified temporal form), or `fallbackTime` for an instance that has none (a notification's
 * `notifiedAt`). Values go on as they came (scaled when numbers): the ingest checks refuse the rest.
 */
export function entityRows(
  e: NgsiEntity,
  mapping: NgsiMapping,
  fallbackTime?: string,
): { assetId: string | null; rows: Observation[]; attributes: string[] } {
  const m = entityMapping(e, mapping);
  if (!m) return { assetId: null, rows: [], attributes: [] };
  const assetId = entityAssetId(e, mapping, m);
  if (!assetId) return { assetId: null, rows: [], attributes: [] };
  const rows: Observation[] = [];
  /** The attribute each row came from. */
  const attributes: string[] = [];
  for (const [attr, target] of Object.entries(m.attributes)) {
    const raw = e[attr];
    if (raw === undefined) continue;
    const { property, scale } = typeof target === "string" ? { property: target, scale: 1 } : target;
    const datastreamId = datastreamIdOf(assetId, property);
    const push = (value: unknown, t: string | undefined) => {
      const time = t ?? fallbackTime;
      if (time === undefined) return;
      rows.push({ datastreamId, t: time, v: (typeof value === "number" ? value * scale : value) as number });
      attributes.push(attr);
    };
    const simplified = Simplified.safeParse(raw);
    if (simplified.success) {
      for (const [value, t] of simplified.data.values) push(value, t);
      continue;
    }
    for (const inst of Array.isArray(raw) ? raw : [raw]) {
      const i = Instance.safeParse(inst);
      if (i.success) push(i.data.value, i.data.observedAt);
    }
  }
  return { assetId, rows, attributes };
}

/** The Link header that names the mapping's @context (NGSI-LD expands short names with it). */
export function linkHeader(context: string | undefined): string {
  return `<${context ?? NGSI_LD_CORE_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
}
