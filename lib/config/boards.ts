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
 * The city board for any number of domains, laid out so every domain cell keeps the width its
 * figures need at 5 m: two rows of equal columns, the map two columns wide at the top left, the
 * alert list at the bottom left, and one column per domain in the slots left, at least a quarter
 * of the screen wide up to five domains (a fifth up to seven). Columns are as few as the panels
 * need (`ceil((N + 3) / 2)`: the map's two slots, the list's one, a slot per domain); a slot left
 * over widens the alert list, so no cell is ever blank.
 *
 * Four domains: "map map energy transport" over "alerts alerts construction health". Five:
 * "map map energy transport" over "alerts construction health logistics" (six narrow columns
 * instead cut the secondary KPI names on a 1080p wall).
 */
export function cityBoard(domains: readonly Domain[]): Board {
  const grid = cityGrid(domains);
  return {
    id: "city",
    title: { en: "City overview", zh: "城市总览" },
    columns: Array<string>(grid.columns).fill("minmax(0, 1fr)").join(" "),
    rows: "minmax(0, 1fr) minmax(0, 1fr)",
    areas: grid.areas,
    panels: [panel("map"), panel("alerts"), ...domains.map((d) => panel(d))],
  };
}

/** The city board's grid for these domain cells (any names): its column count and its two area rows. */
export function cityGrid(cells: readonly string[]): { columns: number; areas: [string, string] } {
  const columns = Math.max(2, Math.ceil((cells.length + 3) / 2));
  const row = (left: string, own: readonly string[]) => [...Array<string>(columns - own.length).fill(left), ...own].join(" ");
  return { columns, areas: [row("map", cells.slice(0, columns - 2)), row("alerts", cells.slice(columns - 2))] };
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
