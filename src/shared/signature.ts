import type { TraceEvent } from './events'

/**
 * What an event means, without what only identifies it: turn ids become their order in the run,
 * masked secrets lose their visible tail. Two runs that behave the same have the same signatures
 * even when their random tokens differ.
 */
export function signatures(events: readonly TraceEvent[]): string[] {
  const turnIndex = new Map<string, number>()
  for (const event of events) if (event.turn && !turnIndex.has(event.turn)) turnIndex.set(event.turn, turnIndex.size + 1)
  return events.map((event) => signature(event, turnIndex))
}

function signature(event: TraceEvent, turnIndex: ReadonlyMap<string, number>): string {
  const turn = event.turn ? `turn ${turnIndex.get(event.turn) ?? '?'}` : 'no turn'
  return `${turn} ${event.hop} ${describeEvent(event, true)}`
}

const MASK = /(…)[A-Za-z0-9_\-~./+=]{0,4}/g
const IDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g

function plain(text: string): string {
  return text.replace(MASK, '$1').replace(IDS, '<id>')
}

/** One line saying what happened; with `stable`, free of ids and masked tails. */
export function describeEvent(event: TraceEvent, stable = false): string {
  const t = (text: string): string => (stable ? plain(text) : text)
  switch (event.kind) {
    case 'http.request':
      return `${event.from} → ${event.to} ${event.method} ${t(event.url.replace(/\?.*$/, ''))} [${Object.keys(event.headers).map((h) => h.toLowerCase()).sort().join(', ')}]`
    case 'http.response':
      return `${event.from} → ${event.to} ${event.status}`
    case 'identity':
      return `identity ${event.source} userID=${event.userID || '(empty)'}${event.isBot ? ' bot' : ''}: ${t(event.detail)}`
    case 'project.checked':
      return `project ${event.project} ${event.status}: ${event.reason}`
    case 'rbac':
      return `rbac ${event.slot} row ${event.row ?? '-'} ${event.allow ? 'allow' : 'deny'} A=${event.authUser || '(none)'}${event.isBot ? ' (bot)' : ''} H=${event.header ?? '(absent)'} O=${event.owner} E=${event.effective} M=${event.active ?? '(none)'}: ${event.reason}`
    case 'credential.served':
      return `served ${event.owner}'s ${event.slot} (${event.source})`
    case 'credential.missing':
      return `no ${event.slot} credential for ${event.effective}: ${event.status} ${event.reason}`
    case 'active-user':
      return `active user ${event.op} ${event.key} = ${event.user ?? '(none)'}: ${t(event.reason)}`
    case 'turn.started':
      return `turn started in ${event.project}/${event.session} thread ${event.thread} by ${event.senderId || '(no sender)'}`
    case 'turn.finished':
      return `turn ${event.status}${event.error ? `: ${event.error}` : ''}`
    case 'runner.step':
      return `runner ${event.step}: ${t(event.detail)}`
    case 'runner.fetch':
      return `fetch ${event.slot} with ${event.auth}${event.currentUserHeader ? ` as ${event.currentUserHeader}` : ''} → ${event.status ?? 'no answer'} ${event.outcome}${event.fallback ? ' (fallback)' : ''}`
    case 'runner.env':
      return `env ${event.op}: ${event.keys.join(', ') || '(no keys)'}${event.files.length > 0 ? `; files ${event.files.join(', ')}` : ''}`
    case 'tool.call':
      return `tool ${t(event.args)}`
    case 'tool.result':
      return `tool ${event.tool} ${event.ok ? 'ok' : 'failed'}${event.actedAs ? ` as ${event.actedAs}` : ''}: ${t(event.summary)}`
    case 'log':
      return `${event.level}: ${t(event.text)}`
    case 'audit':
      return `audit: ${t(event.text)}`
    case 'pod':
      return `pod at ${event.label}: ${Object.keys(event.env).sort().join(', ')}; files ${event.files.join(', ') || 'none'}`
    case 'snapshot':
      return `snapshot ${event.label}: ${event.holdings.map((h) => `${h.sink}:${h.credential.owner}`).join(', ') || 'nothing held'}`
    case 'leak':
      return `LEAK ${event.finding.invariant}: ${t(event.finding.message)}`
    case 'clock':
      return `clock +${event.by} ms`
    case 'sweep':
      return `sweep: stale ${event.stale.join(', ') || 'none'}; cleared ${event.clearedActiveUsers.join(', ') || 'none'}`
    case 'operator':
      return `operator ${event.action}: ${t(event.detail)}`
    case 'fault':
      return `fault ${event.fault}: ${event.detail}`
    case 'note':
      return t(event.text)
  }
}

/**
 * Whose credential an event shows in use or left behind: served by the backend, acted with by a
 * tool, held by a sink after a turn or at the end of the run, or found by the leak detector.
 */
export function credentialFacts(event: TraceEvent): Array<{ what: string; owner: string }> {
  switch (event.kind) {
    case 'credential.served':
      return [{ what: `${event.slot} credential served`, owner: event.owner }]
    case 'tool.result':
      return event.actedAs ? [{ what: `${event.tool} acted`, owner: event.actedAs }] : []
    case 'snapshot':
      return event.holdings.map((h) => ({ what: `left in ${h.sink} (${h.credential.slot}) ${event.label}`, owner: h.credential.owner }))
    case 'leak':
      return [{ what: `leak ${event.finding.invariant} in ${event.finding.sink} (${event.finding.provider})`, owner: event.finding.owner }]
    default:
      return []
  }
}
