import type { TurnSummary } from '../../shared/api'
import type { EventOf, TraceEvent } from '../../shared/events'
import { rbacRowName } from '../../shared/glossary'
import { buildLedger, type LedgerEntry } from '../../shared/ledger'
import { isForeignCredential } from '../../shared/owners'
import { rbacRowText } from '../../shared/rbac-rows'
import { senderText } from '../../shared/sender-text'
import { diagramHops } from './hops'
import type { ReportCredential, ReportDecision, ReportTurn, TurnLine } from './model'

/** A turn's line in the run's list, from its summary alone (a long run lists every turn cheaply). */
export function turnLine(number: number, summary: TurnSummary): TurnLine {
  const expected = summary.expectedOwner
  return {
    number,
    turn: summary.turn,
    sender: senderText(summary.sender, summary.senderId),
    expectedOwner: expected,
    status: summary.status,
    served: summary.served.map((s) => ({ ...s, foreign: isForeignCredential(s.owner, expected) })),
    leaks: summary.leaks,
    denied: summary.denied
  }
}

/** A turn told in full: its message, whose credential each hop used, the RBAC rows that decided, its diagram. */
export function turnReport(number: number, summary: TurnSummary, events: readonly TraceEvent[], leadIn: readonly TraceEvent[]): ReportTurn {
  const expected = summary.expectedOwner
  const ledger = buildLedger(events, summary.turn)
  // The lead-in's answers come after the turn has started: one stream, in the order it happened.
  const { hops, hidden } = diagramHops([...leadIn, ...events].sort((x, y) => x.seq - y.seq), expected)
  return {
    ...turnLine(number, summary),
    senderId: summary.senderId,
    project: summary.project,
    session: summary.session,
    thread: summary.thread,
    error: summary.error ?? null,
    message: events.filter((e): e is EventOf<'tool.call'> => e.kind === 'tool.call' && !e.startedBy).map((e) => e.args),
    credentials: ledger.entries.map((entry) => credentialOf(entry, expected)),
    actedAs: ledger.actedAs.map((a) => ({ ...a, foreign: a.owner !== null && isForeignCredential(a.owner, expected) })),
    decisions: decisionsOf(events),
    leakFindings: ledger.leaks,
    hops,
    hiddenHops: hidden
  }
}

function credentialOf(entry: LedgerEntry, expected: string | null): ReportCredential {
  const f = entry.fetchedWith
  const token = f ? (f.auth === 'caller' ? 'caller token' : f.auth === 'bot' ? 'BOT_TOKEN' : 'no token') : ''
  const d = entry.decision
  return {
    slot: entry.slot,
    owner: entry.owner,
    foreign: isForeignCredential(entry.owner, expected),
    fingerprints: entry.fingerprints,
    fetchedWith: f ? `${token}${f.header ? ` as ${f.header}` : ', no header'}${f.fallback ? ' (fallback)' : ''}` : null,
    decision: d ? `${rbacRowName(d.row)} · ${d.allow ? 'allow' : 'deny'}` : null,
    reason: d?.reason ?? null,
    wentTo: entry.wentTo,
    leftIn: entry.leftIn
  }
}

/** The turn's RBAC decisions, one per distinct question and answer, in the order first made. */
function decisionsOf(events: readonly TraceEvent[]): ReportDecision[] {
  const byKey = new Map<string, ReportDecision>()
  for (const e of events) {
    if (e.kind !== 'rbac') continue
    const key = JSON.stringify([e.slot, e.row, e.allow, e.status, e.authUser, e.isBot, e.header, e.owner, e.effective, e.active, e.reason])
    const seen = byKey.get(key)
    if (seen) {
      seen.times++
      continue
    }
    byKey.set(key, {
      slot: e.slot,
      row: e.row,
      allow: e.allow,
      status: e.status,
      reason: e.reason,
      rowText: rbacRowText(e.row),
      inputs: { A: e.authUser || '""', H: e.header ?? '(absent)', O: e.owner, E: e.effective, M: e.active ?? '(none)', bot: e.isBot },
      times: 1
    })
  }
  return [...byKey.values()]
}
