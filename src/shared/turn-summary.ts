import type { TurnSummary } from './api'
import type { EventOf, Sender, TraceEvent } from './events'

export interface TurnFacts {
  turn: string
  project: string
  session: string
  thread: string
  sender: Sender | null
  senderPlatformId: string
  expectedOwner: string | null
  startedAt: number
  finishedAt: number | null
  status: string
  error?: string | null
}

/** A turn at a glance, from its events: whose credentials were served, as whom tools acted, leaks. */
export function summarizeTurn(facts: TurnFacts, events: readonly TraceEvent[]): TurnSummary {
  const served: TurnSummary['served'] = []
  for (const e of events) {
    if (e.kind !== 'credential.served') continue
    if (!served.some((s) => s.slot === e.slot && s.owner === e.owner)) served.push({ slot: e.slot, owner: e.owner })
  }
  return {
    turn: facts.turn,
    project: facts.project,
    session: facts.session,
    thread: facts.thread,
    sender: facts.sender,
    senderId: facts.senderPlatformId,
    expectedOwner: facts.expectedOwner,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    status: facts.status,
    error: facts.error ?? null,
    served,
    actedAs: events.filter((e): e is EventOf<'tool.result'> => e.kind === 'tool.result').map((e) => ({ tool: e.tool, owner: e.actedAs })),
    denied: events.filter((e) => e.kind === 'rbac' && !e.allow).length,
    leaks: events.filter((e) => e.kind === 'leak').length
  }
}
