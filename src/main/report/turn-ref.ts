import type { TurnSummary } from '../../shared/api'
import { nearest } from '../../shared/nearest'
import { ReportError } from './report-error'

/**
 * The turn a report is about, named as the app numbers it (`2`), by its id, or by the start of
 * its id (`eca9c01d`). An unknown one is bad input, with the turns there are.
 */
export function findTurn(summaries: readonly TurnSummary[], ref: string): TurnSummary {
  if (/^\d+$/.test(ref)) {
    const found = summaries[Number(ref) - 1]
    if (found) return found
    throw new ReportError('bad-input', `turn ${ref}: the run has ${summaries.length === 0 ? 'no turns' : summaries.length === 1 ? 'one turn, 1' : `turns 1 to ${summaries.length}`}`)
  }
  const exact = summaries.find((s) => s.turn === ref)
  if (exact) return exact
  const started = summaries.filter((s) => s.turn.startsWith(ref))
  if (started.length === 1 && started[0]) return started[0]
  if (started.length > 1) throw new ReportError('bad-input', `turn ${ref}: ${started.length} turns start so; give more of the id`)
  const near = nearest(ref, summaries.map((s) => s.turn))
  throw new ReportError('bad-input', `no turn ${ref} in the run${near ? `; did you mean ${near}?` : ''} (name a turn by its number, 1 to ${summaries.length}, or its id)`)
}
