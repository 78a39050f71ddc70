import type { EventOf, TraceEvent } from '../../shared/events'
import { rbacRowName } from '../../shared/glossary'
import { isForeignCredential } from '../../shared/owners'
import { DIAGRAM_BOOKKEEPING, exchangesOf, hopLabel, interestingHeaders, isStreamRequest, laneOf, shortPath, toolLabel } from '../../shared/sequence'
import { senderText } from '../../shared/sender-text'
import { describeEvent } from '../../shared/signature'
import { maskTokenShapes } from '../trace/token-shapes'
import type { HopTone, ReportHop } from './model'

/**
 * A turn as the rows of its sequence diagram, as the app's compact diagram draws it: HTTP
 * exchanges as arrows with the headers that carry identity, decisions, credentials, tools and
 * leaks as marks on their hop. Bookkeeping (logs, audit lines, runner steps) is left out.
 */
export function diagramHops(events: readonly TraceEvent[], expectedOwner: string | null): { hops: ReportHop[]; hidden: number } {
  const { statusOf, requestOf } = exchangesOf(events)
  const hops: ReportHop[] = []
  let hidden = 0
  for (const e of events) {
    if (DIAGRAM_BOOKKEEPING.has(e.kind)) {
      hidden++
      continue
    }
    if (e.kind === 'http.request') {
      const status = statusOf.get(e.exchange) ?? null
      hops.push({
        kind: 'arrow',
        seq: e.seq,
        from: laneOf(e.from),
        to: laneOf(e.to),
        between: `${hopLabel(e.from)} → ${hopLabel(e.to)}`,
        label: `${e.method} ${shortPath(e.url)}${status === null && isStreamRequest(e) ? ' (event stream)' : ''}`,
        status,
        response: false,
        headers: interestingHeaders(e.headers),
        peek: null,
        tone: statusTone(status)
      })
    } else if (e.kind === 'http.response') {
      const request = requestOf.get(e.exchange)
      hops.push({
        kind: 'arrow',
        seq: e.seq,
        from: laneOf(e.from),
        to: laneOf(e.to),
        between: `${hopLabel(e.from)} → ${hopLabel(e.to)}`,
        label: request ? `${e.status} ← ${request.method} ${shortPath(request.url)}` : String(e.status),
        status: e.status,
        response: true,
        headers: [],
        peek: e.body ? bodyPeek(e.body) : null,
        tone: statusTone(e.status)
      })
    } else {
      hops.push({ kind: 'mark', seq: e.seq, lane: laneOf(e.hop), hop: hopLabel(e.hop), ...markOf(e, expectedOwner) })
    }
  }
  return { hops, hidden }
}

function statusTone(status: number | null): HopTone {
  if (status === null) return 'plain'
  return status < 300 ? 'ok' : status < 400 ? 'warn' : 'bad'
}

/** How much of an answer the diagram shows; the rest is the trace's (a bundle has it whole). */
const PEEK_CHARS = 160

/** The first fields of a JSON answer, `key: value` (as they came, masked), else the body's start. */
function bodyPeek(body: string): string {
  // Masked before it is cut: a cut would leave part of a secret too short to be recognised.
  const peek = fieldsOf(maskTokenShapes(body))
  return peek.length > PEEK_CHARS ? `${peek.slice(0, PEEK_CHARS)}…` : peek
}

function fieldsOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .slice(0, 4)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' · ')
    }
  } catch {
    // Not JSON: its start.
  }
  return body
}

/** Whose it is, said with the flag a foreign owner gets. */
function owned(owner: string, expected: string | null): string {
  return isForeignCredential(owner, expected) ? `${owner} (not ${expected ?? 'anybody'}'s turn)` : owner
}

/** A non-HTTP event as a tag and a line, in the words of the app's diagram. */
function markOf(e: Exclude<TraceEvent, EventOf<'http.request' | 'http.response'>>, expected: string | null): { tag: string; text: string; tone: HopTone } {
  switch (e.kind) {
    case 'rbac':
      return { tag: 'RBAC', text: `${e.slot} ${rbacRowName(e.row)} · ${e.allow ? 'allow' : 'deny'} (${e.status}): ${e.reason}`, tone: e.allow ? 'ok' : 'bad' }
    case 'credential.served':
      return { tag: 'SERVED', text: `${owned(e.owner, expected)}'s ${e.slot} (${e.source})`, tone: isForeignCredential(e.owner, expected) ? 'bad' : 'ok' }
    case 'credential.missing':
      return { tag: 'MISSING', text: `no ${e.slot} credential for ${e.effective}: ${e.status} ${e.reason}`, tone: 'warn' }
    case 'identity':
      return { tag: 'IDENTITY', text: `${e.userID || '(empty)'}${e.isBot ? ' (bot)' : ''} via ${e.source}`, tone: e.userID ? 'plain' : 'warn' }
    case 'runner.fetch': {
      const token = e.auth === 'bot' ? 'BOT_TOKEN' : e.auth === 'caller' ? 'caller token' : 'no token'
      const text = `${e.slot} with ${token}${e.currentUserHeader ? ` as ${e.currentUserHeader}` : ' (no header)'} → ${e.status ?? '—'} ${e.outcome}${e.fallback ? ' (fallback)' : ''}`
      return { tag: 'FETCH', text, tone: e.outcome === 'ok' ? (e.auth === 'bot' || e.fallback ? 'warn' : 'plain') : e.outcome === 'empty' || e.outcome === 'skipped' ? 'warn' : 'bad' }
    }
    case 'runner.env':
      return {
        tag: e.op === 'cleared' ? 'ENV CLEARED' : 'ENV POPULATED',
        text: `${e.keys.join(' ') || '(no keys)'}${e.files.length > 0 ? ` · files ${e.files.join(' ')}` : ''}`,
        tone: e.op === 'cleared' ? 'ok' : 'plain'
      }
    case 'tool.call':
      return { tag: 'TOOL', text: `${e.args}${e.startedBy ? ` (a background process left running by ${e.startedBy.sender || 'no user'}'s turn)` : ''}`, tone: 'plain' }
    case 'tool.result': {
      const tool = toolLabel(e.tool, e.slot)
      if (!e.actedAs) return { tag: 'RESULT', text: `${tool} → ${e.ok ? 'ok' : 'failed'}: ${e.summary}`, tone: e.ok ? 'plain' : 'bad' }
      return { tag: 'ACTED AS', text: `${tool} → ${owned(e.actedAs, expected)}: ${e.summary}`, tone: isForeignCredential(e.actedAs, expected) ? 'bad' : 'ok' }
    }
    case 'turn.started':
      return { tag: 'TURN', text: `started by ${senderText(e.sender, e.senderId)} in ${e.project}/${e.session} · thread ${e.thread}`, tone: 'plain' }
    case 'turn.finished':
      return { tag: 'TURN', text: `${e.status}${e.error ? `: ${e.error}` : ''}`, tone: e.status === 'finished' ? 'plain' : 'bad' }
    case 'active-user':
      return { tag: 'ACTIVE USER', text: `${e.key} ${e.op === 'set' ? `← ${e.user ?? ''}` : 'cleared'}: ${e.reason}`, tone: 'plain' }
    case 'leak':
      return { tag: 'LEAK', text: `${e.finding.message} (${e.finding.invariant})`, tone: 'bad' }
    case 'fault':
      return { tag: 'FAULT', text: `${e.fault}: ${e.detail}`, tone: 'warn' }
    default:
      return { tag: e.kind.toUpperCase(), text: describeEvent(e), tone: 'plain' }
  }
}
