"use client";
/**
 * The frame of every department panel: the shared PanelFrame (title, as-of, stale mark, states)
 * plus the panel's question, "explain" for its KPI, CSV and PNG export, the chart (ECharts, loaded
 * lazily) and its data table. The table is the export: the CSV holds exactly its rows.
 */
import Link from "next/link";
import { memo, useRef, useState, type ReactNode } from "react";
import { useDepartmentView } from "@/components/department/department-view";
import type { ChartClick, ChartSnapshot } from "@/components/charts/echart";
import { EChartLazy as EChart } from "@/components/charts/echart-lazy";
import type { ChartOption } from "@/components/charts/types";
import { useView } from "@/components/live/view-context";
import { KpiExplain } from "@/components/frame/kpi-explain";
import { PanelFrame } from "@/components/frame/panel-frame";
import { useMountTurn } from "@/components/ui/use-mount-turn";
import { useVisible } from "@/components/ui/use-visible";
import type { DepartmentPanel } from "@/lib/config/departments";
import type { DataTable } from "@/lib/views/department/frames";
import { captionLines, captionText, type CaptionInput } from "@/lib/export/caption";
import { exportBaseName, panelCsv, panelMetadata, type PanelExport } from "@/lib/export/csv";
import { downloadFile } from "@/lib/export/download";
import { captionedPng } from "@/lib/export/png";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { deptPanelTestId, exportTestId } from "@/lib/test-ids";
import { comparisonLabel } from "./comparison";
import type { KpiValue } from "@/lib/twin/types";

export interface DeptPanelProps {
  panel: DepartmentPanel;
  /** Data time of what is shown (ISO); absent while nothing has loaded. */
  asOf?: string;
  stale?: boolean;
  staleAfterSeconds?: number;
  loading: boolean;
  error?: Error | null;
  onRetry?: () => void;
  option: ChartOption | null;
  table: DataTable | null;
  /** The panel's own facts for the export's metadata (unit, metric, aggregate…). */
  meta?: Record<string, string>;
  kpi?: KpiValue;
  /** One sentence for screen readers (and the chart's tooltip). */
  summary: string;
  height: number;
  onClick?: (click: ChartClick) => void;
  /** Which category axis takes clicks on its bands (see EChart). */
  bandClick?: "x" | "y";
  /** Shown above the chart (e.g. the peak). */
  note?: ReactNode;
  /** Shown below the chart (e.g. a list). */
  footer?: ReactNode;
  /** Heading instead of the configured title (e.g. naming the selected district). */
  title?: string;
  /** A link for a data table row (its first cell becomes the link), e.g. an asset's page. */
  rowHref?: (row: DataTable["rows"][number]) => string | null;
}


/** What a panel shows of its answer's state: as-of time, loading, error and a retry. */
export function answerProps(res: { data?: { asOf?: string }; isLoading: boolean; error?: Error | null; mutate: () => Promise<unknown> }) {
  return { asOf: res.data?.asOf, loading: res.isLoading, error: res.error, onRetry: () => void res.mutate() };
}
export function DeptPanel(props: DeptPanelProps) {
  const { locale, simulated, timezone, districts } = useView();
  const { department, state, window: w } = useDepartmentView();
  const snapshot = useRef<ChartSnapshot | null>(null);
  const { panel, table, option } = props;
  // Out of sight, a chart keeps what it last drew and catches up when scrolled back to.
  const [figure, visible] = useVisible<HTMLDivElement>("0px");
  const [shown, setShown] = useState<ChartOption | null>(null);
  // Derived state, updated during render (React's pattern for it): no extra effect pass.
  if (visible.now && option !== shown) setShown(option);
  // Charts first drawn together take turns, one per task (see use-mount-turn.ts).
  const turn = useMountTurn(visible.ever && shown !== null);
  const title = props.title ?? pick(panel.title, locale);
  const file: PanelExport = {
    department: department.domain,
    panelId: panel.id,
    title: panel.title,
    asOf: props.asOf,
    district: state.district,
    window: w,
    cursor: state.at,
    timezone,
    simulated,
    comparison: state.compare === "none" ? undefined : comparisonLabel(state, "en"),
    source: props.kpi ? props.kpi.definition.source.en : undefined,
    meta: props.meta,
  };
  const base = exportBaseName(file);
  // Looking at the past on purpose (a cursor, a fixed range): old data is not stale data.
  const historical = state.at !== null || state.range === "custom";

  const exportCsv = () => {
    if (!table) return;
    downloadFile(
      `${base}.csv`,
      panelCsv(
        table.head.map((h) => h.en),
        table.rows,
        timezone,
      ),
      "text/csv;charset=utf-8",
    );
  };
  const exportMetadata = () => {
    if (!table) return;
    downloadFile(`${base}.csv-metadata.json`, `${JSON.stringify(panelMetadata(file, table.head), null, 2)}\n`, "application/csvm+json");
  };
  const exportPng = () => {
    const body = getComputedStyle(document.body);
    const background = body.backgroundColor;
    const url = snapshot.current?.({ pixelRatio: 2, backgroundColor: background });
    if (!url) return;
    const district = districts.find((d) => d.id === state.district);
    const caption: CaptionInput = {
      title,
      scope: district ? pick(district.name, locale) : ot(locale, "allDistricts"),
      window: w,
      timezone,
      unit: props.meta?.unit ?? null,
      comparison: state.compare === "none" ? undefined : comparisonLabel(state, locale),
      source: props.kpi ? pick(props.kpi.definition.source, locale) : "TwinOps",
      asOf: props.asOf,
      simulated,
    };
    const css = (name: string, fallback: string) => body.getPropertyValue(name).trim() || fallback;
    void captionedPng(
      url,
      captionLines(caption, locale),
      {
        pixelRatio: 2,
        background,
        text: body.color,
        muted: css("--color-muted", body.color),
        alert: css("--color-warning", body.color),
        fontFamily: body.fontFamily,
      },
      captionText(caption, locale),
    ).then((png) => downloadFile(`${base}.png`, png, "image/png"));
  };

  const actions = (
    <span className="flex items-center gap-1">
      {props.kpi ? <KpiExplain kpi={props.kpi} /> : null}
      <ExportButton kind="csv" panelId={panel.id} onClick={exportCsv} disabled={!table} />
      <ExportButton kind="png" panelId={panel.id} onClick={exportPng} disabled={!option} />
    </span>
  );

  return (
    <PanelFrame
      id={panel.id}
      testId={deptPanelTestId(panel.id)}
      title={title}
      subtitle={pick(panel.question, locale)}
      asOf={props.asOf}
      stale={historical ? false : props.stale}
      staleAfterSeconds={historical ? Number.POSITIVE_INFINITY : props.staleAfterSeconds}
      hasData={option !== null}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      actions={actions}
      skeleton={<div className="skeleton w-full" style={{ height: `${props.height / 16}rem` }} />}
    >
      {props.note}
      <figure className="m-0 min-w-0">
        <div ref={figure} style={{ height: `${props.height / 16}rem` }} title={props.summary}>
          {shown && turn ? (
            <EChart
              option={shown}
              height="100%"
              onClick={props.onClick}
              bandClick={props.bandClick}
              onSnapshot={(s) => (snapshot.current = s)}
            />
          ) : shown ? (
            <div className="skeleton h-full w-full" />
          ) : null}
        </div>
        <figcaption className="sr-only">{props.summary}</figcaption>
        {table ? (
          <DataTableView table={table} caption={title} rowHref={props.rowHref} onMetadata={exportMetadata} panelId={panel.id} />
        ) : null}
      </figure>
      {props.footer}
    </PanelFrame>
  );
}

/**
 * The panel's rows as a table behind a "Data" disclosure: the same rows the CSV holds. Rendered
 * only once opened — a trend has hundreds of rows, and a page of them in the DOM costs every
 * visitor hydration time; the chart's summary stays in the figure's caption for everyone.
 */
function DataTableView({
  table,
  caption,
  rowHref,
  onMetadata,
  panelId,
}: {
  table: DataTable;
  caption: string;
  rowHref?: DeptPanelProps["rowHref"];
  onMetadata: () => void;
  panelId: string;
}) {
  const { locale } = useView();
  const [open, setOpen] = useState(false);
  return (
    <details className="data-table mt-1 text-xs" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer py-1 text-muted hover:text-fg">
        {ot(locale, "dataTable")} ({table.rows.length})
      </summary>
      {/* The CSV's data dictionary: what its columns are, in which unit, from which view. */}
      <ExportButton kind="metadata" panelId={panelId} onClick={onMetadata} className="mb-1" />
      {open ? <DataTableRows table={table} caption={caption} rowHref={rowHref} /> : null}
    </details>
  );
}

const EXPORT_LABELS = {
  csv: ["exportCsv", "exportCsvHint"],
  png: ["exportPng", "exportPngHint"],
  metadata: ["exportMetadata", "exportMetadataHint"],
} as const;

/** One export of a panel (CSV, PNG or the CSV's data dictionary): a small bordered button with its hint. */
function ExportButton({ kind, panelId, onClick, disabled = false, className = "" }: { kind: keyof typeof EXPORT_LABELS; panelId: string; onClick: () => void; disabled?: boolean; className?: string }) {
  const { locale } = useView();
  const [label, hint] = EXPORT_LABELS[kind];
  return (
    <button
      type="button"
      data-testid={exportTestId(kind, panelId)}
      onClick={onClick}
      disabled={disabled}
      title={ot(locale, hint)}
      className={`${className} rounded border border-line px-1.5 py-0.5 text-[0.7rem] text-muted hover:text-fg disabled:opacity-40`.trim()}
    >
      {ot(locale, label)}
    </button>
  );
}

const DataTableRows = memo(function DataTableRows({
  table,
  caption,
  rowHref,
}: {
  table: DataTable;
  caption: string;
  rowHref?: DeptPanelProps["rowHref"];
}) {
  const { locale } = useView();
  return (
    <div className="mt-1 max-h-64 overflow-auto">
      <table className="tabular w-full text-left">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-surface text-muted">
          <tr>
            {table.head.map((h, i) => (
              <th key={i} scope="col" className="pr-2 font-normal">
                {pick(h, locale)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => {
            const href = rowHref?.(r) ?? null;
            return (
              <tr key={i} className="border-t border-line">
                {r.map((c, j) =>
                  j === 0 ? (
                    <th key={j} scope="row" className="pr-2 font-normal">
                      {href ? (
                        <Link href={href} className="inline-block py-1 underline underline-offset-2 hover:text-fg">
                          {c ?? ""}
                        </Link>
                      ) : (
                        (c ?? "")
                      )}
                    </th>
                  ) : (
                    <td key={j} className="pr-2">
                      {c ?? ""}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
