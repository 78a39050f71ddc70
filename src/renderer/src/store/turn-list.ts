import type { TurnSummary } from '../../../shared/api'
import { guarded } from './slice'
import type { AppStore } from './types'

/** Fetches a turn's detail and keeps it if the turn is still the selected one. */
export async function loadDetail(get: () => AppStore, set: (patch: Partial<AppStore>) => void, turn: string): Promise<void> {
  const runId = get().viewedRunId
  if (!runId) return
  const detail = await guarded(get, (a) => a.getTurn({ runId, turn }))
  if (detail && get().selectedTurn === turn) set({ turnDetail: detail })
}

/** The run's turns with one summary added or replaced. */
export function upsertTurn(turns: readonly TurnSummary[], summary: TurnSummary): TurnSummary[] {
  // New and recent turns sit at the end of a possibly long list; search from there.
  let at = -1
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.turn === summary.turn) {
      at = i
      break
    }
  }
  if (at < 0) return [...turns, summary]
  const next = turns.slice()
  next[at] = summary
  return next
}
