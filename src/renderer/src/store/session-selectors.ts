import type { TurnSummary } from '../../../shared/api'
import type { Hop, TraceEvent } from '../../../shared/events'
import { summarizeTurn } from '../../../shared/turn-summary'
import { LEAD_IN_AFTER, LEAD_IN_BEFORE, leadInOf } from '../../../shared/lead-in'
import { buildLedger, type Ledger } from '../../../shared/ledger'
import { DIAGRAM_BOOKKEEPING } from '../../../shared/sequence'
import type { AppStore, PendingSend } from './types'

/**
 * Derived views of the store for the Session view. Each selector is memoised on the store fields
 * it reads, so `useApp(selectX)` hands React the same object until one of them changes.
 */

function memoSelector<R>(inputsOf: (s: AppStore) => readonly unknown[], compute: (s: AppStore) => R): (s: AppStore) => R {
  let last: readonly unknown[] | null = null
  let value: R
  return (s) => {
    const inputs = inputsOf(s)
    if (last !== null && last.length === inputs.length && inputs.every((v, i) => Object.is(v, last?.[i]))) return value
    last = inputs
    value = compute(s)
    return value
  }
}

/**
 * The live run's turns that have started and have no summary from the engine yet, summarised
 * from their events: derived from the live events, never stored.
 */
export const selectRunningTurns = memoSelector(
  (s) => [s.liveEvents, s.turns],
  (s): TurnSummary[] => {
    const ended = new Set(s.turns.map((t) => t.turn))
    const own = new Map<string, TraceEvent[]>()
    const started: Array<Extract<TraceEvent, { kind: 'turn.started' }>> = []
    for (const e of s.liveEvents) {
      if (e.turn === null || ended.has(e.turn)) continue
      if (e.kind === 'turn.started') started.push(e)
      const list = own.get(e.turn)
      if (list) list.push(e)
      else own.set(e.turn, [e])
    }
    const running = started.map((event) => {
      const turn = event.turn ?? ''
      const events = own.get(turn) ?? []
      const finished = events.find((e): e is Extract<TraceEvent, { kind: 'turn.finished' }> => e.kind === 'turn.finished')
      return summarizeTurn(
        {
          turn,
          project: event.project,
          session: event.session,
          thread: event.thread,
          sender: event.sender,
          senderPlatformId: event.senderId,
          expectedOwner: event.expectedOwner,
          startedAt: event.at,
          finishedAt: finished ? finished.at : null,
          status: finished ? finished.status : 'running'
        },
        events
      )
    })
    return running
  }
)

/** The timeline: summarised turns, then the turns still running (not yet summarised). */
export const selectTimeline = memoSelector(
  (s) => [s.turns, selectRunningTurns(s)],
  (s): readonly TurnSummary[] => {
    const running = selectRunningTurns(s)
    return running.length === 0 ? s.turns : [...s.turns, ...running]
  }
)

/** What the Session view draws: one turn (finished or running), a send still on its way in, or nothing. */
export interface TurnView {
  kind: 'turn' | 'attempt' | 'none'
  summary: TurnSummary | null
  /** 1-based position in the timeline. */
  number: number | null
  /** The turn's events with its lead-in (events from before it had an id), in seq order. */
  events: readonly TraceEvent[]
  ledger: Ledger | null
  running: boolean
  /** A finished turn whose events are still being fetched. */
  loading: boolean
  attempt: PendingSend | null
}

const NONE: TurnView = { kind: 'none', summary: null, number: null, events: [], ledger: null, running: false, loading: false, attempt: null }

/** The hops a send passes before the proxy names its turn. */
const ATTEMPT_HOPS: ReadonlySet<Hop> = new Set<Hop>(['client', 'frontdoor', 'backend', 'proxy'])

export const selectTurnView = memoSelector(
  (s) => {
    if (s.selectedTurn !== null && s.turnDetail?.summary.turn === s.selectedTurn) return ['detail', s.turnDetail, selectTimeline(s)]
    if (s.selectedTurn !== null) return ['live', s.selectedTurn, s.liveEvents, selectTimeline(s)]
    return ['attempt', s.pendingSend, s.pendingSend ? s.liveEvents : null]
  },
  (s): TurnView => {
    const timeline = selectTimeline(s)
    const turn = s.selectedTurn
    if (turn !== null) {
      const at = lastIndexOf(timeline, turn)
      const number = at >= 0 ? at + 1 : null
      const detail = s.turnDetail
      if (detail && detail.summary.turn === turn) {
        const events = detail.leadIn.length > 0 ? [...detail.leadIn, ...detail.events].sort((a, b) => a.seq - b.seq) : detail.events
        const summary = timeline[at] ?? detail.summary
        return { kind: 'turn', summary, number, events, ledger: detail.ledger, running: summary.finishedAt === null && selectRunningTurns(s).some((t) => t.turn === turn), loading: false, attempt: null }
      }
      const running = selectRunningTurns(s).find((t) => t.turn === turn) ?? null
      const summary = running ?? timeline[at] ?? null
      const own = s.liveEvents.filter((e) => e.turn === turn)
      if (own.length === 0) return { ...NONE, kind: 'turn', summary, number, loading: true }
      // Drawn from live events while it runs, and until its detail (with the server's ledger) arrives.
      const events = [...leadInOf(aroundStart(s.liveEvents, turn), turn), ...own].sort((a, b) => a.seq - b.seq)
      const ledger = { ...buildLedger(own, turn), expectedOwner: summary?.expectedOwner ?? null }
      return { kind: 'turn', summary, number, events, ledger, running: running !== null, loading: false, attempt: null }
    }
    const pending = s.pendingSend
    if (!pending) return NONE
    const events = s.liveEvents.filter((e) => e.seq > pending.markSeq && e.turn === null && ATTEMPT_HOPS.has(e.hop))
    return { ...NONE, kind: 'attempt', events, attempt: pending }
  }
)

/** The stretch of the buffer where a turn's lead-in can be, as the server cuts it for getTurn. */
function aroundStart(events: readonly TraceEvent[], turn: string): readonly TraceEvent[] {
  const at = events.findIndex((e) => e.kind === 'turn.started' && e.turn === turn)
  return at < 0 ? [] : events.slice(Math.max(0, at - LEAD_IN_BEFORE), at + LEAD_IN_AFTER)
}

function lastIndexOf(turns: readonly TurnSummary[], turn: string): number {
  // The turn asked for is nearly always one of the newest; search from the end.
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]?.turn === turn) return i
  return -1
}

/** The selected event of the shown turn, if it is in it. */
export const selectSelectedEvent = memoSelector(
  (s) => [selectTurnView(s), s.selectedSeq],
  (s): TraceEvent | null => {
    const seq = s.selectedSeq
    if (seq === null) return null
    return selectTurnView(s).events.find((e) => e.seq === seq) ?? null
  }
)

/** The rows of the sequence diagram: the shown turn's events, less bookkeeping when compact. */
export const selectShownEvents = memoSelector(
  (s) => [selectTurnView(s), s.compactDiagram, s.debugger.held],
  (s): readonly TraceEvent[] => {
    const events = selectTurnView(s).events
    if (!s.compactDiagram) return events
    // A held event always shows, whatever its kind: it is where the run stands.
    const held = new Set(s.debugger.held.map((h) => h.seq))
    return events.filter((e) => !DIAGRAM_BOOKKEEPING.has(e.kind) || held.has(e.seq))
  }
)
