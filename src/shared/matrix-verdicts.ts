import type { MatrixCell } from './api'

export type Verdict = MatrixCell['verdict']

/** Verdicts in the order a reader should care about them, with what each means: the app's legend and the exports' descriptions. */
export const VERDICTS: ReadonlyArray<{ verdict: Verdict; label: string; meaning: string }> = [
  { verdict: 'violation', label: 'Violation', meaning: "came back with someone's credential the secure design does not allow" },
  { verdict: 'broken', label: 'Broken', meaning: 'the secure design allows a credential here, but none came back' },
  { verdict: 'ok', label: 'Allowed', meaning: 'came back with exactly the credential the secure design allows' },
  { verdict: 'denied-expected', label: 'Denied', meaning: 'nothing came back, and nothing should' }
]

export function countVerdicts(cells: readonly MatrixCell[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { violation: 0, broken: 0, ok: 0, 'denied-expected': 0 }
  for (const c of cells) counts[c.verdict] += 1
  return counts
}
