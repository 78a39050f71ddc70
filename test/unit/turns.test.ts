import { describe, expect, it } from 'vitest'
import { type EndStatus, type EndedTurn, MAX_TURNS, MAX_TURNS_PER_SESSION, type TurnInfo, Turns } from '../../src/main/turns/turns'
import type { CredentialRef, EventOf, SinkHolding } from '../../src/shared/events'

// The turn lifecycle's one owner: a turn ends when the proxy and (if it took the turn) the runner
// are both done, and only then is it judged, on evidence gathered while it ran and nothing else.

let clock = 1000
function info(turn: string, over: Partial<TurnInfo> = {}): TurnInfo {
  return { turn, project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, expectedOwner: 'bob', senderPlatformId: 'bob', startedAt: clock, finishedAt: null, status: 'running', error: null, ...over }
}

const ref = (owner: string): CredentialRef => ({ owner, slot: 'github', field: 'token', fingerprint: `fp-${owner}`, length: 40 })
const holding = (owner: string): SinkHolding => ({ sink: 'runner-env', where: 'GITHUB_TOKEN', credential: ref(owner) })
function served(turn: string | null, owner: string): EventOf<'credential.served'> {
  return { kind: 'credential.served', slot: 'github', owner, source: 'pat', credentials: [ref(owner)], seq: 1, runId: 'r', at: clock, hop: 'backend', turn }
}

function track(): { turns: Turns; judged: EndedTurn[]; reported: Array<[string, EndStatus, string]> } {
  const judged: EndedTurn[] = []
  const reported: Array<[string, EndStatus, string]> = []
  const turns = new Turns(() => ++clock, (i, status, by) => reported.push([i.turn, status, by]))
  turns.onEnded((ended) => {
    judged.push(ended)
  })
  return { turns, judged, reported }
}

describe('Turns', () => {
  it('ends a turn the runner never took when the proxy is done, judged with no pod state at all', async () => {
    const { turns, judged, reported } = track()
    turns.start(info('t1'))
    await turns.proxyEnded('t1', 'error', 'Runner is not available')
    expect(judged).toHaveLength(1)
    expect(judged[0]).toMatchObject({ holdings: null, info: { status: 'error', error: 'Runner is not available' } })
    expect(reported).toEqual([['t1', 'error', 'proxy']])
    expect(turns.get('t1')?.finishedAt).toBeGreaterThan(1000)
  })

  it("reports a turn over gRPC as ended by the runner, whose listener consumed its stream", async () => {
    const { turns, reported } = track()
    turns.start(info('t1'))
    turns.runnerAccepted('t1')
    await turns.runnerEnded('t1', [])
    await turns.proxyEnded('t1', 'finished', null, 'runner')
    expect(reported).toEqual([['t1', 'finished', 'runner']])
  })

  it('waits for the runner when the runner took the turn: the proxy ending first judges nothing yet', async () => {
    const { turns, judged } = track()
    turns.start(info('t1'))
    turns.runnerAccepted('t1')
    await turns.proxyEnded('t1', 'error', 'stream read error: socket hang up')
    expect(judged).toEqual([])
    expect(turns.get('t1')?.status).toBe('running')
    await turns.runnerEnded('t1', [holding('bob')])
    expect(judged.map((e) => [e.info.status, e.holdings])).toEqual([['error', [holding('bob')]]])
  })

  it('judges each of two overlapping turns on its own evidence, whatever order they end in', async () => {
    const { turns, judged } = track()
    turns.start(info('a', { expectedOwner: 'alice' }))
    turns.start(info('b'))
    turns.runnerAccepted('a')
    turns.runnerAccepted('b')
    turns.served(served('a', 'alice'))
    turns.served(served('b', 'bob'))
    turns.secretLine('b', { sink: 'log', refs: [ref('bob')] })
    await turns.runnerEnded('b', [holding('bob')])
    await turns.runnerEnded('a', [holding('alice')])
    await turns.proxyEnded('b', 'finished', null)
    await turns.proxyEnded('a', 'finished', null)
    expect(judged.map((e) => e.info.turn)).toEqual(['b', 'a'])
    expect(judged[0]).toMatchObject({ holdings: [holding('bob')], served: [{ owner: 'bob' }], secretLines: [{ sink: 'log' }] })
    expect(judged[1]).toMatchObject({ holdings: [holding('alice')], served: [{ owner: 'alice' }], secretLines: [] })
  })

  it('takes no evidence for a turn that is not running: unknown, ended, or outside any turn', async () => {
    const { turns, judged } = track()
    turns.start(info('t1'))
    await turns.proxyEnded('t1', 'finished', null)
    turns.served(served('t1', 'alice'))
    turns.runnerAccepted('t1')
    await turns.runnerEnded('t1', [holding('alice')])
    await turns.proxyEnded('t1', 'error', 'again')
    turns.served(served(null, 'alice'))
    turns.runnerAccepted(null)
    expect(judged).toHaveLength(1)
    expect(judged[0]).toMatchObject({ served: [], holdings: null, info: { status: 'finished' } })
    expect(turns.get('never')).toBeUndefined()
    expect(() => turns.vaultFailed('never', 'x')).not.toThrow()
  })

  it("keeps the runner's first end-of-turn report: a second one for the same turn changes nothing", async () => {
    const { turns, judged } = track()
    turns.start(info('t1'))
    turns.runnerAccepted('t1')
    await turns.runnerEnded('t1', [holding('bob')])
    await turns.runnerEnded('t1', [holding('alice')])
    await turns.proxyEnded('t1', 'finished', null)
    expect(judged[0]?.holdings).toEqual([holding('bob')])
    expect(turns.running()).toEqual([])
  })

  it('keeps secret-bearing lines no running turn claims for the end of the run, once', () => {
    const { turns } = track()
    turns.secretLine(null, { sink: 'audit', refs: [ref('alice')] })
    turns.secretLine('gone', { sink: 'log', refs: [ref('bob')] })
    expect(turns.takeLeftoverLines().map((l) => l.sink)).toEqual(['audit', 'log'])
    expect(turns.takeLeftoverLines()).toEqual([])
  })

  it("gives a custom MCP endpoint's delivery to the running turn it came in, else keeps it for the end of the run, once", async () => {
    const { turns, judged } = track()
    turns.start(info('t1'))
    turns.runnerAccepted('t1')
    turns.delivered('t1', { url: 'https://mcp.bob.example/mcp', refs: [ref('bob')] })
    turns.delivered(null, { url: 'https://mcp.bob.example/outside', refs: [ref('alice')] })
    await turns.runnerEnded('t1', [])
    await turns.proxyEnded('t1', 'finished', null)
    turns.delivered('t1', { url: 'https://mcp.bob.example/late', refs: [ref('bob')] })
    expect(judged[0]?.deliveries.map((d) => d.url)).toEqual(['https://mcp.bob.example/mcp'])
    expect(turns.takeLeftoverDeliveries().map((d) => d.url)).toEqual(['https://mcp.bob.example/outside', 'https://mcp.bob.example/late'])
    expect(turns.takeLeftoverDeliveries()).toEqual([])
  })

  it('ends a turn hit by a keychain failure in error with that message, told as the harness\'s, whatever the proxy saw', async () => {
    const { turns, judged, reported } = track()
    turns.start(info('t1'))
    turns.vaultFailed('t1', 'The OS keychain is not reachable (locked)')
    turns.vaultFailed('t1', 'a second failure is not the first')
    await turns.proxyEnded('t1', 'finished', null)
    expect(judged[0]?.info).toMatchObject({ status: 'error', error: 'The OS keychain is not reachable (locked)' })
    expect(reported).toEqual([['t1', 'error', 'harness']])
  })

  it('resolves waiters only after every observer has seen the ended turn', async () => {
    const turns = new Turns(() => 1, () => {})
    const order: string[] = []
    turns.onEnded(async () => {
      await Promise.resolve()
      order.push('observed')
    })
    turns.start(info('t1'))
    const waiting = turns.ended('t1')?.then(() => order.push('told'))
    await turns.proxyEnded('t1', 'finished', null)
    await waiting
    expect(order).toEqual(['observed', 'told'])
    expect(turns.ended('nope')).toBeNull()
  })

  it('on abandon ends every running turn as incomplete without judging it, and takes no new turn', async () => {
    const { turns, judged, reported } = track()
    turns.start(info('done'))
    await turns.proxyEnded('done', 'finished', null)
    turns.start(info('a'))
    turns.start(info('b', { session: 'other' }))
    const waiting = turns.ended('a')
    const cut = turns.abandon('credscope stopped')
    expect(cut.map((t) => [t.turn, t.status, t.error])).toEqual([
      ['a', 'incomplete', 'credscope stopped'],
      ['b', 'incomplete', 'credscope stopped']
    ])
    await expect(waiting).resolves.toMatchObject({ status: 'incomplete' })
    expect(judged.map((e) => e.info.turn)).toEqual(['done'])
    expect(reported.slice(1)).toEqual([
      ['a', 'incomplete', 'harness'],
      ['b', 'incomplete', 'harness']
    ])
    expect(turns.running()).toEqual([])
    expect(turns.admission('demo', 'shared-1')).toBe('the engine is stopping')
    expect(() => turns.start(info('late'))).toThrow(/stopping/)
  })

  it(`admits up to ${MAX_TURNS_PER_SESSION} running turns per session and ${MAX_TURNS} in all, and again once one ends`, async () => {
    const { turns } = track()
    for (let i = 0; i < MAX_TURNS_PER_SESSION; i++) {
      expect(turns.admission('demo', 'shared-1')).toBeNull()
      turns.start(info(`s${i}`))
    }
    expect(turns.admission('demo', 'shared-1')).toBe(`${MAX_TURNS_PER_SESSION} turns of demo/shared-1 are already waiting for or inside its runner; retry when one ends`)
    expect(turns.admission('demo', 'other')).toBeNull()
    await turns.proxyEnded('s0', 'finished', null)
    expect(turns.admission('demo', 'shared-1')).toBeNull()
    for (let i = 0; turns.running().length < MAX_TURNS; i++) turns.start(info(`o${i}`, { session: `other-${i % 8}` }))
    expect(turns.admission('demo', 'fresh')).toBe(`${MAX_TURNS} turns are already running; retry when one ends`)
    expect(turns.running()).toHaveLength(MAX_TURNS)
    expect(turns.running().slice(0, 2).map((t) => t.turn)).toEqual(['s1', 's2'])
  })
})
