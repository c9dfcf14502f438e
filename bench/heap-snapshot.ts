/**
 * Chromium heap snapshots for the wall benches: take one over CDP (after a forced GC), parse it,
 * and total it by constructor. Shared by bench/heap-diff.ts and bench/soak.ts.
 */
import { createWriteStream, readFileSync } from "node:fs";
import type { CDPSession } from "@playwright/test";

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: (string[] | string)[]; edge_fields: string[]; edge_types: (string[] | string)[] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A parsed snapshot: per node its group ("constructor"), id and self size; edges for paths. */
export interface Heap {
  ids: Float64Array;
  size: Float64Array;
  group: string[];
  name: string[];
  type: string[];
  firstEdge: Uint32Array;
  edgeType: string[];
  edgeName: string[];
  edgeTo: Uint32Array;
  edgeKindNames: string[];
  edgeKind: Uint8Array;
}

function groupOf(type: string, name: string): string {
  switch (type) {
    case "object":
    case "native":
      return name;
    case "closure":
      return `(closure) ${name || "anonymous"}`;
    case "string":
    case "concatenated string":
    case "sliced string":
      return "(string)";
    case "number":
    case "heap number":
      return "(number)";
    case "array":
    case "hidden":
    case "code":
    case "object shape":
      return `(${type}) ${name.slice(0, 60)}`;
    default:
      return `(${type})`;
  }
}

export function parse(file: string): Heap {
  const raw = JSON.parse(readFileSync(file, "utf8")) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0] as string[];
  const edgeTypes = meta.edge_types[0] as string[];
  const fType = meta.node_fields.indexOf("type");
  const fName = meta.node_fields.indexOf("name");
  const fId = meta.node_fields.indexOf("id");
  const fSize = meta.node_fields.indexOf("self_size");
  const fEdges = meta.node_fields.indexOf("edge_count");
  const eType = meta.edge_fields.indexOf("type");
  const eName = meta.edge_fields.indexOf("name_or_index");
  const eTo = meta.edge_fields.indexOf("to_node");
  const n = raw.nodes.length / nf;
  const heap: Heap = {
    ids: new Float64Array(n),
    size: new Float64Array(n),
    group: new Array<string>(n),
    name: new Array<string>(n),
    type: new Array<string>(n),
    firstEdge: new Uint32Array(n + 1),
    edgeType: edgeTypes,
    edgeName: [],
    edgeTo: new Uint32Array(raw.edges.length / ef),
    edgeKindNames: edgeTypes,
    edgeKind: new Uint8Array(raw.edges.length / ef),
  };
  let e = 0;
  for (let i = 0; i < n; i++) {
    const o = i * nf;
    const type = nodeTypes[raw.nodes[o + fType]!] ?? "?";
    const name = raw.strings[raw.nodes[o + fName]!] ?? "";
    heap.ids[i] = raw.nodes[o + fId]!;
    heap.size[i] = raw.nodes[o + fSize]!;
    heap.type[i] = type;
    heap.name[i] = name;
    heap.group[i] = groupOf(type, name);
    heap.firstEdge[i] = e;
    e += raw.nodes[o + fEdges]!;
  }
  heap.firstEdge[n] = e;
  const names = new Array<string>(raw.edges.length / ef);
  for (let j = 0; j < names.length; j++) {
    const o = j * ef;
    const kind = raw.edges[o + eType]!;
    heap.edgeKind[j] = kind;
    const k = edgeTypes[kind];
    const nameOrIndex = raw.edges[o + eName]!;
    names[j] = k === "element" || k === "hidden" ? `[${nameOrIndex}]` : (raw.strings[nameOrIndex] ?? "?");
    heap.edgeTo[j] = raw.edges[o + eTo]! / nf;
  }
  heap.edgeName = names;
  return heap;
}

export interface Totals {
  count: number;
  size: number;
}

/**
 * Whether a node lives on V8's heap (what JSHeapUsedSize counts): Blink's own objects (DOM, layout,
 * cppgc) are "native", and array buffer and external string backing stores sit outside it.
 */
export function onJsHeap(heap: Heap, i: number): boolean {
  const t = heap.type[i];
  if (t === "native" || t === "synthetic") return false;
  const g = heap.group[i]!;
  return g !== "system / JSArrayBufferData" && g !== "system / ExternalStringData";
}

export function totals(heap: Heap, only?: (i: number) => boolean): Map<string, Totals> {
  const m = new Map<string, Totals>();
  for (let i = 0; i < heap.ids.length; i++) {
    if (!onJsHeap(heap, i)) continue;
    if (only && !only(i)) continue;
    const g = heap.group[i]!;
    const t = m.get(g) ?? { count: 0, size: 0 };
    t.count++;
    t.size += heap.size[i]!;
    m.set(g, t);
  }
  return m;
}

/** Writes a heap snapshot of the page behind `cdp` to `file` (after a GC). */
export async function takeHeapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const out = createWriteStream(file);
  const onChunk = ({ chunk }: { chunk: string }) => out.write(chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

/**
 * V8 heap split into compiled code (machine code, bytecode and their metadata: what the JIT adds
 * as functions get hot, bounded by the app's code) and everything else (the app's data), bytes.
 */
export function codeSplit(file: string): { code: number; data: number } {
  const heap = parse(file);
  let code = 0;
  let data = 0;
  for (const [group, t] of totals(heap)) {
    if (group.startsWith("(code)")) code += t.size;
    else data += t.size;
  }
  return { code, data };
}
