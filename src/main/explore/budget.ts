import { parseDuration } from '../../shared/duration'

export interface Budget {
  runs: number | null
  ms: number | null
}

/** `60s`, `5m`: wall time; a bare number: that many runs. A message when it is neither. */
export function parseBudget(text: string): Budget | string {
  if (/^\d+$/.test(text) && Number(text) > 0) return { runs: Number(text), ms: null }
  const ms = parseDuration(text)
  if (ms !== null && ms > 0) return { runs: null, ms }
  return `a duration (60s, 5m) or a number of runs (500), not "${text}"`
}
