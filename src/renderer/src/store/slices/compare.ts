import type { EventRef } from '../../../../shared/divergence'
import type { TraceEvent } from '../../../../shared/events'
import { guarded, type Slice } from '../slice'
import type { AppStore, CompareSlice } from '../types'

const EMPTY = { a: null, b: null, diff: null, busy: false, all: false, focus: null }

/**
 * The events of the turn an event belongs to; where this run has no such event, its turn of the
 * same number as the other run's, so the two diagrams show the same turn. Events outside turns
 * have no diagram.
 */
async function turnAround(get: () => AppStore, runId: string, ref: EventRef | null, other: EventRef | null): Promise<TraceEvent[]> {
  let turn = ref?.turn ?? null
  const number = ref ? null : (other?.turnNumber ?? null)
  if (number !== null) turn = (await guarded(get, (a) => a.listTurns({ runId })))?.[number - 1]?.turn ?? null
  if (!turn) return []
  const id = turn
  return (await guarded(get, (a) => a.getTurn({ runId, turn: id })))?.events ?? []
}

/** Two stored runs compared: the diff, and the difference in focus shown side by side. */
export const compareSlice: Slice<CompareSlice> = (set, get) => ({
  compare: EMPTY,
  setCompare(patch) {
    set({ compare: { ...get().compare, ...patch } })
  },
  async compareRuns(a, b) {
    set({ compare: { ...EMPTY, a, b, busy: true, all: get().compare.all } })
    const diff = await guarded(get, (api) => api.diffRuns({ a, b }))
    if (get().compare.a !== a || get().compare.b !== b) return
    set({ compare: { ...get().compare, diff, busy: false } })
    // The credential divergence is what users came for: it opens side by side at once.
    const credential = diff?.divergence.credential
    if (credential) await get().focusDifference(credential.atA, credential.atB)
  },
  async focusDifference(refA, refB) {
    const { a, b } = get().compare
    if (!a || !b) return
    const [eventsA, eventsB] = await Promise.all([turnAround(get, a, refA, refB), turnAround(get, b, refB, refA)])
    set({ compare: { ...get().compare, focus: { a: refA, b: refB, eventsA, eventsB } } })
  }
})
