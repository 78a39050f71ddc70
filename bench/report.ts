import type { Summary } from './stats'

export function ms(value: number): string {
  return `${value.toFixed(2)} ms`
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`
}

/** The usual columns of a wall-time distribution. */
export function summaryCells(summary: Summary): string[] {
  return [ms(summary.median), ms(summary.p95), ms(summary.min), ms(summary.max), String(summary.n)]
}

export const SUMMARY_HEADERS = ['median', 'p95', 'min', 'max', 'n']

/**
 * A plain-text table: by default the first column left-aligned (labels), the others
 * right-aligned (numbers), so it stays readable in a terminal and in a CI log. `leftColumns`
 * names further text columns to left-align.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, leftColumns: readonly number[] = []): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => {
        const cell = cells[i] ?? ''
        return i === 0 || leftColumns.includes(i) ? cell.padEnd(w) : cell.padStart(w)
      })
      .join('  ')
      .trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
}

/** A section heading, underlined. */
export function heading(title: string): string[] {
  return ['', title, '='.repeat(title.length)]
}

/** `key value` lines with the keys aligned. */
export function keyValues(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`)
}
