import { Fragment } from 'react'

/** One column: its heading and how a row fills its cell. */
export interface Column<T> {
  head: React.ReactNode
  /** A tooltip on the heading. */
  title?: string
  headClassName?: string
  /** The cell's class: fixed, or chosen per row. */
  className?: string | ((row: T) => string | undefined)
  /** What the cell holds; unused when the table's `renderRow` draws the rows. */
  cell?: (row: T, index: number) => React.ReactNode
}

/** What a row's `<tr>` carries besides its cells. */
export type RowProps = Omit<React.HTMLAttributes<HTMLTableRowElement>, 'children'> & { 'data-testid'?: string; [data: `data-${string}`]: string | undefined }

/**
 * The one table of the app: headings from the columns, a row per item. `renderRow` replaces the
 * cells of a row that is more than cells (an expandable run row); `wrap` puts it in the scrolling
 * wrapper the view cards use.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowProps,
  renderRow,
  className = 'ui-table',
  testId,
  wrap = false,
  head = true,
  footer,
  footerClassName
}: {
  columns: ReadonlyArray<Column<T>>
  rows: readonly T[]
  rowKey: (row: T, index: number) => string
  rowProps?: (row: T, index: number) => RowProps
  renderRow?: (row: T, index: number) => React.ReactNode
  className?: string
  testId?: string
  wrap?: boolean
  head?: boolean
  /** A last row across every column: a note on what is not there, or a control. */
  footer?: React.ReactNode
  footerClassName?: string
}): React.JSX.Element {
  const table = (
    <table className={className} data-testid={testId}>
      {head && (
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} title={c.title} className={c.headClassName}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row, i) =>
          renderRow ? (
            <Fragment key={rowKey(row, i)}>{renderRow(row, i)}</Fragment>
          ) : (
            <tr key={rowKey(row, i)} {...rowProps?.(row, i)}>
              {columns.map((c, j) => (
                <td key={j} className={typeof c.className === 'function' ? c.className(row) : c.className}>
                  {c.cell?.(row, i)}
                </td>
              ))}
            </tr>
          )
        )}
        {footer !== undefined && (
          <tr className={footerClassName}>
            <td colSpan={columns.length}>{footer}</td>
          </tr>
        )}
      </tbody>
    </table>
  )
  return wrap ? <div className="ui-table-wrap">{table}</div> : table
}
