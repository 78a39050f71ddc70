import type { TurnDetail, TurnSummary } from '../../shared/api'
import type { TraceEvent } from '../../shared/events'
import { LEAD_IN_AFTER, LEAD_IN_BEFORE, leadInOf } from '../../shared/lead-in'
import { buildLedger } from '../../shared/ledger'
import { summarizeTurn } from '../../shared/turn-summary'
import type { TurnRow } from '../store/rows'
import type { Store } from '../store/store'

/** A stored turn in full, as the Session view and reports read it: its events, lead-in and ledger. */
export function storedTurn(store: Store, runId: string, summary: TurnSummary, events: TraceEvent[] = store.turnEvents(runId, summary.turn)): TurnDetail {
  const ledger = buildLedger(events, summary.turn)
  ledger.expectedOwner = summary.expectedOwner
  // The lead-in sits just before the turn's first event; its answers a little after.
  const from = Math.max(0, (events[0]?.seq ?? 0) - LEAD_IN_BEFORE)
  const leadIn = leadInOf(store.events(runId, from, LEAD_IN_BEFORE + LEAD_IN_AFTER), summary.turn)
  return { summary, events, leadIn, ledger }
}

/** A stored turn's summary; a turn that never ended has none stored, so it gets a bare one. */
export function summaryOfRow(t: TurnRow): TurnSummary {
  if (t.summary) return t.summary as TurnSummary
  return summarizeTurn(
    { turn: t.turn, project: t.project, session: t.session, thread: t.thread, sender: t.sender, senderPlatformId: t.senderId, expectedOwner: null, startedAt: t.startedAt, finishedAt: t.finishedAt, status: t.status },
    []
  )
}
