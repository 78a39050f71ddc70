/** A distribution of wall times in milliseconds. */
export interface Summary {
  n: number
  median: number
  p95: number
  min: number
  max: number
  mean: number
}

/** Nearest-rank percentile (p in 0..100) of an ascending array; no interpolation, so p95 is a real sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples')
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] as number
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
    mean: sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length)
  }
}

/** Wall time of one async call, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}
