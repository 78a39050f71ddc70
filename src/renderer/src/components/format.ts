/** Display helpers shared by the views: times, durations and counts, never secrets. */

/** `3 min ago`, `2 h ago`, or the date, for a wall-clock timestamp. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  const seconds = Math.round((now - at) / 1000)
  if (seconds < 45) return 'just now'
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`
  return new Date(at).toISOString().slice(0, 10)
}

/** `2026-03-24 12:00:00`, for tooltips and the virtual clock. */
export function formatStamp(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19)
}

/** `850 ms`, `1.2 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatSpan(ms: number): string {
  if (ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
  const h = Math.floor(ms / 3_600_000)
  const m = Math.round((ms % 3_600_000) / 60_000)
  return m > 0 ? `${h} h ${m} min` : `${h} h`
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
