import { describe, expect, it } from 'vitest'
import type { EventBody, Hop, TraceEvent } from '../../src/shared/events'
import { leadInOf } from '../../src/shared/lead-in'

// A turn's first hops (the sender's POST /agui/run, the front door, the backend's checks, the
// proxy setting the active user) happen before the proxy names the turn, so they carry no turn
// id. The Session view and getTurn find them by the exchange answered with the turn's runId.

const RUN = 'https://ambient.example.com/api/projects/demo/agentic-sessions/shared-1/agui/run'
const FORWARD = 'http://backend-service.ambient-code.svc.cluster.local:8080/api/projects/demo/agentic-sessions/shared-1/agui/run'

function trace(bodies: Array<[Hop, string | null, EventBody]>): TraceEvent[] {
  return bodies.map(([hop, turn, body], i) => ({ ...body, seq: i + 1, runId: 'r', at: 0, hop, turn }))
}

function send(exchange: string, token: string, turn: string, client = 'client-1', forward = 'frontdoor-2'): Array<[Hop, string | null, EventBody]> {
  return [
    ['client', null, { kind: 'http.request', exchange: client, from: 'client', to: 'frontdoor', method: 'POST', url: RUN, headers: { Authorization: `Bearer ${token}` } }],
    ['frontdoor', null, { kind: 'http.request', exchange: forward, from: 'frontdoor', to: 'backend', method: 'POST', url: FORWARD, headers: { authorization: `Bearer ${token}` } }],
    ['backend', null, { kind: 'identity', userID: exchange, source: 'x-forwarded-user', isBot: false, detail: '' }],
    ['proxy', null, { kind: 'active-user', op: 'set', key: 'demo/shared-1', user: exchange, reason: `run ${turn} sent by this user` }]
  ]
}

const started = (turn: string): [Hop, string | null, EventBody] => ['proxy', turn, { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: null, senderId: '', expectedOwner: null }]
const answer = (exchange: string, turn: string): [Hop, string | null, EventBody] => ['client', null, { kind: 'http.response', exchange, from: 'frontdoor', to: 'client', status: 200, body: `{"runId":"${turn}","threadId":"shared-1"}` }]

describe('leadInOf', () => {
  it('finds the request chain, the checks and the answer of a turn', () => {
    const events = trace([...send('bob', 'sha256~…AAAA', 't1'), started('t1'), ['runner', 't1', { kind: 'note', text: 'inside' }], answer('client-1', 't1')])
    expect(leadInOf(events, 't1').map((e) => e.kind)).toEqual(['http.request', 'http.request', 'identity', 'active-user', 'http.response'])
  })

  it('still finds the chain while the answer is on its way (a paused turn)', () => {
    const events = trace([...send('bob', 'sha256~…AAAA', 't1'), started('t1')])
    expect(leadInOf(events, 't1').map((e) => e.seq)).toEqual([1, 2, 3, 4])
  })

  it('keeps another sender’s checks out when two sends interleave', () => {
    const a = send('alice', 'sha256~…AAAA', 'ta', 'client-1', 'frontdoor-2')
    const b = send('bob', 'sha256~…BBBB', 'tb', 'client-3', 'frontdoor-4')
    // alice's request, bob's request, then both chains' checks, interleaved.
    const events = trace([a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!, a[3]!, b[3]!, started('ta'), started('tb'), answer('client-1', 'ta'), answer('client-3', 'tb')])
    const lead = leadInOf(events, 'tb')
    expect(lead.filter((e) => e.kind === 'http.request').map((e) => (e.kind === 'http.request' ? e.exchange : ''))).toEqual(['client-3', 'frontdoor-4'])
    expect(lead.some((e) => e.kind === 'identity')).toBe(false)
    expect(lead.filter((e) => e.kind === 'active-user').map((e) => (e.kind === 'active-user' ? e.user : ''))).toEqual(['bob'])
  })

  it('is empty for a turn the window does not start', () => {
    expect(leadInOf(trace(send('bob', 'x', 't1')), 't1')).toEqual([])
  })
})
