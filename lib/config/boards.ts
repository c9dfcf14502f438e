/**
 * Wall boards as typed data: which panels a board shows, where (CSS grid areas in wall units),
 * how often each panel refreshes and when its data counts as stale. `/wall/[board]` renders one;
 * a playlist rotates several. Client-safe: pure data.
 */
import { byDomain, DOMAIN_MODULES } from "@/domains";
import { DOMAINS, type Domain, type LocalizedText } from "@/lib/twin/types";

/** What a board cell can show; each maps to one panel component of the overview. */
export const PANEL_KINDS = ["map", "alerts", ...DOMAINS] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export interface BoardPanel {
  kind: PanelKind;
  /** Name of its area in the board's `areas`; defaults to `kind`. */
  area?: string;
  /**
   * Seconds between polls of the panel's data. SSE pushes normally refresh it sooner; this is
   * the floor that still holds when pushes stop, so a cut is noticed within two of these.
   */
  refreshSeconds: number;
  /**
   * Age beyond which the panel's data is marked stale: about three cadences of its slowest
   * datastream, so one late tick is tolerated and a stopped feed is not.
   */
  staleAfterSeconds: number;
  /** Map only: the layers shown (domains and/or "alerts"); all when absent. */
  layers?: readonly (Domain | "alerts")[];
  /** Alerts and map: show only this domain's alerts (a domain board); every domain's when absent. */
  alertDomain?: Domain;
}

export interface Board {
  id: string;
  title: LocalizedText;
  /** CSS grid tracks, in fractions so a board fills any screen exactly. */
  columns: string;
  rows: string;
  /** `grid-template-areas` rows; every name is a rectangle and belongs to one panel. */
  areas: readonly string[];
  panels: readonly BoardPanel[];
}

/** Cadence-derived refresh and staleness for each panel kind (seconds): the domains' from the registry. */
export const PANEL_TIMING = {
  ...byDomain((m) => ({ ...m.board })),
  alerts: { refreshSeconds: 30, staleAfterSeconds: 300 },
  map: { refreshSeconds: 120, staleAfterSeconds: 600 },
} satisfies Record<PanelKind, { refreshSeconds: number; staleAfterSeconds: number }>;

const panel = (kind: PanelKind, extra: Partial<BoardPanel> = {}): BoardPanel => ({ kind, ...PANEL_TIMING[kind], ...extra });

/**
 * The city board: the map over the alert list on the left half; the domain cells on the right
 * half in two rows (domain panels need height for headline figures readable at 5 m; Shenzhen is
 * wide, so the map loses little). With four domains: "map map energy transport" over
 * "alerts alerts construction health".
 */
function cityBoard(domains: readonly Domain[]): Board {
  const perRow = Math.ceil(domains.length / 2);
  // A row with fewer domain cells (an odd count) widens its left panel: no blank cell on a wall.
  const row = (left: string, cells: readonly string[]) => [...Array<string>(2 * perRow - cells.length).fill(left), ...cells].join(" ");
  return {
    id: "city",
    title: { en: "City overview", zh: "城市总览" },
    columns: Array<string>(2 * perRow).fill("1fr").join(" "),
    rows: "minmax(0, 1fr) minmax(0, 1fr)",
    areas: [row("map", domains.slice(0, perRow)), row("alerts", domains.slice(perRow))],
    panels: [panel("map"), panel("alerts"), ...domains.map((d) => panel(d))],
  };
}

function domainBoard(domain: Domain, title: LocalizedText): Board {
  return {
    id: domain,
    title,
    columns: "2fr 1fr",
    rows: "minmax(0, 1.1fr) minmax(0, 1fr)",
    areas: [`map ${domain}`, "map alerts"],
    panels: [panel("map", { layers: [domain, "alerts"], alertDomain: domain }), panel(domain), panel("alerts", { alertDomain: domain })],
  };
}

/** Every board, in the order `/wall` lists them and a default playlist plays them: the city, then one per domain. */
export const BOARDS: readonly Board[] = [cityBoard(DOMAINS), ...DOMAIN_MODULES.map((m) => domainBoard(m.id, m.name))];

export function getBoard(id: string): Board | undefined {
  return BOARDS.find((b) => b.id === id);
}

/** Problems with a board definition (empty when it is valid); used by tests and at start-up. */
export function boardProblems(board: Board): string[] {
  const problems: string[] = [];
  const grid = board.areas.map((row) => row.trim().split(/\s+/));
  const cols = board.columns.trim().split(/\s+(?![^(]*\))/).length;
  const rows = board.rows.trim().split(/\s+(?![^(]*\))/).length;
  if (grid.length !== rows) problems.push(`${board.id}: ${grid.length} area rows for ${rows} row tracks`);
  grid.forEach((r, i) => {
    if (r.length !== cols) problems.push(`${board.id}: area row ${i} has ${r.length} cells for ${cols} columns`);
  });
  const names = new Set(grid.flat());
  const panelAreas = board.panels.map((p) => p.area ?? p.kind);
  for (const name of names) {
    // A grid area must be one rectangle, or CSS silently drops the whole template.
    const cells = grid.flatMap((r, y) => r.flatMap((n, x) => (n === name ? [[x, y] as const] : [])));
    const xs = cells.map((c) => c[0]);
    const ys = cells.map((c) => c[1]);
    const w = Math.max(...xs) - Math.min(...xs) + 1;
    const h = Math.max(...ys) - Math.min(...ys) + 1;
    if (w * h !== cells.length) problems.push(`${board.id}: area "${name}" is not a rectangle`);
    if (name !== "." && !panelAreas.includes(name)) problems.push(`${board.id}: area "${name}" has no panel`);
  }
  for (const a of panelAreas) if (!names.has(a)) problems.push(`${board.id}: panel area "${a}" is not in the grid`);
  if (new Set(panelAreas).size !== panelAreas.length) problems.push(`${board.id}: two panels share an area`);
  for (const p of board.panels) {
    if (p.staleAfterSeconds < 2 * p.refreshSeconds) {
      problems.push(`${board.id}: ${p.kind} would turn stale between two refreshes`);
    }
  }
  return problems;
}
