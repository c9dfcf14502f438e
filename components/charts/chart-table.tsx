import type { ChartTable as ChartTableData } from "./summary";

/**
 * The chart's data as a real table: visually hidden but read by screen readers by default; public
 * pages show it (`className`, with the caption hidden and numbers right-aligned). Hidden, it sits
 * in a `sr-only` box: a table ignores the 1 px size `sr-only` gives it and, absolutely placed,
 * stretched the page sideways and ~2,000 px down into blank scroll.
 */
export function ChartTable({
  table,
  className,
  captionClassName,
  valueClassName,
}: {
  table: ChartTableData;
  className?: string;
  captionClassName?: string;
  valueClassName?: string;
}) {
  const tableEl = (
    <table className={className}>
      <caption className={captionClassName}>{table.caption}</caption>
      <thead>
        <tr>
          {table.head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={j} className={valueClassName}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return className === undefined ? <div className="sr-only">{tableEl}</div> : tableEl;
}
