import type { DebuggerView } from '../../../shared/api'
import type { TraceEvent } from '../../../shared/events'
import { selectRunningTurns } from './session-selectors'
import type { AppStore } from './types'

const LIVE_EVENT_LIMIT = 4000

/**
 * The store after a batch of live events (in seq order): the buffer copied once, the selected
 * turn's detail extended once, and, while following, the turn that just started selected.
 */
export function withLiveEvents(s: AppStore, batch: readonly TraceEvent[]): Partial<AppStore> {
  const joined = s.liveEvents.concat(batch)
  const liveEvents = joined.length > LIVE_EVENT_LIMIT ? joined.slice(-LIVE_EVENT_LIMIT / 2) : joined
  const patch: Partial<AppStore> = { liveEvents }
  const detail = s.turnDetail
  if (detail) {
    const last = detail.events.at(-1)?.seq ?? 0
    const more = batch.filter((e) => e.turn === detail.summary.turn && e.seq > last)
    if (more.length > 0) patch.turnDetail = { ...detail, events: [...detail.events, ...more] }
  }
  if (s.followLive) {
    // The turn the user just sent (or the next one to start) takes over the view.
    const started = batch.filter((e) => e.kind === 'turn.started' && e.turn).at(-1)
    if (started?.turn) {
      const held = s.debugger.held[0]
      Object.assign(patch, { selectedTurn: started.turn, turnDetail: null, pendingSend: null, selectedSeq: held && held.turn === started.turn ? held.seq : null })
    }
  }
  return patch
}

/** While following, the event a gate holds becomes the selection, like a debugger's current line. */
export function followHeld(s: AppStore, state: DebuggerView): Partial<AppStore> {
  const held = state.held[0]
  if (!held) return {}
  if (held.turn !== null && held.turn === s.selectedTurn) return { selectedSeq: held.seq }
  if (!s.followLive) return {}
  if (held.turn === null) return s.selectedTurn === null ? { selectedSeq: held.seq } : {}
  if (selectRunningTurns(s).some((t) => t.turn === held.turn)) return { selectedTurn: held.turn, turnDetail: null, pendingSend: null, selectedSeq: held.seq }
  return {}
}
