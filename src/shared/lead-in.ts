import type { EventOf, Hop, TraceEvent } from './events'

/** The hops a turn passes through before the proxy gives it an id. */
const LEAD_HOPS: ReadonlySet<Hop> = new Set<Hop>(['client', 'frontdoor', 'backend', 'proxy'])

type Request = EventOf<'http.request'>

/** How many events before and after a turn's start may belong to its lead-in (concurrent turns interleave). */
export const LEAD_IN_BEFORE = 120
export const LEAD_IN_AFTER = 600

/** A POST to /agui/run by the sender (client) or by the front door on its behalf. */
function isRunRequest(event: TraceEvent): event is Request {
  return event.kind === 'http.request' && event.turn === null && (event.from === 'client' || event.from === 'frontdoor') && /\/agui\/run(?:\?|$)/.test(event.url)
}

function headerOf(request: Request, name: string): string | null {
  for (const [k, v] of Object.entries(request.headers)) if (k.toLowerCase() === name) return v
  return null
}

function pathOf(url: string): string {
  return url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '')
}

/**
 * The events of a turn from before it had an id: the sender's POST /agui/run, the front door
 * forwarding it, the backend's identity and project checks, the proxy setting the active user,
 * and the answers that carry the new run id. They have no turn id because the proxy names the
 * turn only when it accepts the run, so they are found by the exchanges answered with this turn's
 * runId (or, while that answer is still on its way, the latest run request before the turn).
 *
 * `events` is a stretch of the run in seq order around the turn's start. When another run
 * request interleaves, only the exchanges themselves and lines naming the turn are kept, so one
 * sender's checks are never shown as another's.
 */
export function leadInOf(events: readonly TraceEvent[], turn: string): TraceEvent[] {
  const startAt = events.findIndex((e) => e.kind === 'turn.started' && e.turn === turn)
  if (startAt < 0) return []
  const answeredWith = new Set<string>()
  for (const e of events) if (e.kind === 'http.response' && e.turn === null && e.body?.includes(`"runId":"${turn}"`)) answeredWith.add(e.exchange)
  let roots = events.filter((e): e is Request => isRunRequest(e) && answeredWith.has(e.exchange))
  if (roots.length === 0) roots = latestRunRequests(events, startAt)
  if (roots.length === 0) return []
  // The front door's forward of the sender's request has no answer of its own on the trace.
  for (const root of [...roots]) {
    if (root.from !== 'client' || root.to !== 'frontdoor') continue
    const auth = headerOf(root, 'authorization')
    const forward = events.find(
      (e): e is Request => isRunRequest(e) && e.from === 'frontdoor' && e.seq > root.seq && pathOf(e.url) === pathOf(root.url) && (auth === null || headerOf(e, 'authorization') === auth)
    )
    if (forward && !roots.includes(forward)) roots.push(forward)
  }
  const exchanges = new Set(roots.map((r) => r.exchange))
  const first = Math.min(...roots.map((r) => r.seq))
  const start = events[startAt]?.seq ?? first
  const interleaved = events.some((e) => isRunRequest(e) && e.seq > first && e.seq < start && !exchanges.has(e.exchange))
  return events.filter((e) => {
    if (e.turn !== null || !LEAD_HOPS.has(e.hop) || e.seq < first) return false
    if ((e.kind === 'http.request' || e.kind === 'http.response') && exchanges.has(e.exchange)) return true
    if (e.seq > start) return false
    if (!interleaved) return e.kind !== 'http.request' || !isRunRequest(e)
    return JSON.stringify(e).includes(turn)
  })
}

/** The last run request before the turn started, and the client request the front door forwarded. */
function latestRunRequests(events: readonly TraceEvent[], startAt: number): Request[] {
  for (let i = startAt - 1; i >= 0; i--) {
    const e = events[i]
    if (!e || !isRunRequest(e)) continue
    if (e.from === 'client') return [e]
    for (let j = i - 1; j >= 0; j--) {
      const c = events[j]
      if (c && isRunRequest(c) && c.from === 'client' && pathOf(c.url) === pathOf(e.url)) return [c, e]
    }
    return [e]
  }
  return []
}
