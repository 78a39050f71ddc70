const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parses `90s`, `10m`, `1h30m`, `500ms`; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim()
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return null
  let total = 0
  for (const match of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1)
  }
  return total
}

export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
