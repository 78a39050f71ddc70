import type { MatrixCell } from './api'

const HEADER = ['principal', 'slot', 'x_runner_current_user', 'status', 'got', 'expected', 'verdict', 'rbac_row', 'reason']

/** The matrix as CSV, one row per request; the CLI's `--reporter csv` and the app's export write the same. */
export function matrixCsv(cells: readonly MatrixCell[]): string {
  const rows = [HEADER, ...cells.map((c) => [c.principal, c.slot, c.header, String(c.status), c.owner ?? '', c.expected ?? '', c.verdict, c.row === null ? '' : String(c.row), c.reason])]
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
