import { describe, expect, it } from 'vitest'
import type { EventBody, Hop, LeakFinding, SinkHolding, TraceEvent } from '../../src/shared/events'
import { firstDivergence } from '../../src/main/scenarios/diff'

/** A run's trace from its event bodies: seq from 1, turns as given, on the backend unless a hop is given. */
function trace(runId: string, bodies: Array<[string | null, EventBody] | [string | null, EventBody, Hop]>): TraceEvent[] {
  return bodies.map(([turn, body, hop], i) => ({ ...body, seq: i + 1, runId, at: 0, hop: hop ?? 'backend', turn }))
}

const log = (text: string): EventBody => ({ kind: 'log', level: 'info', text })
const served = (slot: 'github' | 'mcp:docs', owner: string): EventBody => ({ kind: 'credential.served', slot, owner, source: 'stored', credentials: [] })
const acted = (tool: string, owner: string | null): EventBody => ({ kind: 'tool.result', tool, ok: true, actedAs: owner, slot: null, summary: 'ok' })
const held = (owner: string): SinkHolding => ({ sink: 'worker-env', where: 'thread t: GITHUB_TOKEN', credential: { owner, slot: 'github', field: 'token', fingerprint: 'f', length: 40 } })
const snapshot = (...holdings: SinkHolding[]): EventBody => ({ kind: 'snapshot', label: 'after-turn', holdings })
const finding = (owner: string): LeakFinding => ({ invariant: 'left-after-cleanup', sink: 'worker-env', where: 'w', owner, provider: 'github', fingerprint: 'f', length: 40, sender: null, message: 'm' })

describe('where two runs part', () => {
  it('identical traces do not part', () => {
    const a = trace('a', [['t1', log('x')], ['t1', served('github', 'bob')]])
    const b = trace('b', [['u1', log('x')], ['u1', served('github', 'bob')]])
    expect(firstDivergence(a, b)).toEqual({ index: null, hop: null, a: null, b: null, credential: null, differences: [], differenceCount: 0, compared: 2 })
  })

  it('leads with the first credential served to someone else, though a log line parts the runs first', () => {
    const a = trace('a', [['t1', log('user=bob')], ['t1', served('github', 'bob')], ['t1', served('mcp:docs', 'alice')]])
    const b = trace('b', [['u1', log('user=[redacted]')], ['u1', served('github', 'bob')], ['u1', served('mcp:docs', 'bob')]])
    const d = firstDivergence(a, b)
    expect(d.index).toBe(1)
    expect(d.a).toBe('backend: info: user=bob')
    expect(d.b).toBe('backend: info: user=[redacted]')
    expect(d.credential).toEqual({
      what: 'mcp:docs credential served',
      a: 'alice',
      b: 'bob',
      atA: { index: 3, seq: 3, turn: 't1', turnNumber: 1, hop: 'backend', text: "served alice's mcp:docs (stored)" },
      atB: { index: 3, seq: 3, turn: 'u1', turnNumber: 1, hop: 'backend', text: "served bob's mcp:docs (stored)" }
    })
    expect(d.differenceCount).toBe(2)
    expect(d.differences.map((x) => [x.a.map((r) => r.index), x.b.map((r) => r.index)])).toEqual([
      [[1], [1]],
      [[3], [3]]
    ])
  })

  it('names the hop of the first differing event: run a\'s where it has one, else run b\'s', () => {
    const d = firstDivergence(trace('a', [['t1', log('x'), 'runner']]), trace('b', [['t1', log('y'), 'proxy']]))
    expect([d.hop, d.a, d.b]).toEqual(['runner', 'runner: info: x', 'proxy: info: y'])
    const shorterA = firstDivergence(trace('a', [['t1', log('x')]]), trace('b', [['t1', log('x')], ['t1', log('more'), 'proxy']]))
    expect([shorterA.index, shorterA.hop, shorterA.a, shorterA.b]).toEqual([2, 'proxy', '(the run ended here)', 'proxy: info: more'])
    const shorterB = firstDivergence(trace('a', [['t1', log('x')], ['t1', log('more'), 'runner']]), trace('b', [['t1', log('x')]]))
    expect([shorterB.index, shorterB.hop, shorterB.a, shorterB.b]).toEqual([2, 'runner', 'runner: info: more', '(the run ended here)'])
    expect(shorterB.differences).toEqual([{ a: [expect.objectContaining({ index: 2, hop: 'runner' })], b: [] }])
  })

  it('compares the second use of a kind with the other run\'s second, not its first', () => {
    const a = trace('a', [['t1', served('github', 'bob')], ['t2', served('github', 'alice')]])
    const b = trace('b', [['t1', served('github', 'bob')], ['t2', served('github', 'bob')]])
    expect(firstDivergence(a, b).credential).toMatchObject({ what: 'github credential served', a: 'alice', b: 'bob', atA: { index: 2, turnNumber: 2 }, atB: { index: 2, turnNumber: 2 } })
    const third = trace('b', [['t1', served('github', 'bob')], ['t2', served('github', 'alice')], ['t3', served('github', 'carol')]])
    expect(firstDivergence(a, third).credential).toMatchObject({ what: 'github credential served', a: 'none', b: 'carol', atB: { index: 3 } })
  })

  it('pairs the k-th use of each kind, so uses interleaved differently are no difference', () => {
    const a = trace('a', [['t1', served('github', 'bob')], ['t1', served('mcp:docs', 'bob')]])
    const b = trace('b', [['t1', served('mcp:docs', 'bob')], ['t1', served('github', 'bob')]])
    const d = firstDivergence(a, b)
    expect(d.index).toBe(1)
    expect(d.credential).toBeNull()
  })

  it('a use one run has and the other lacks differs, on either side, and the second turn is named', () => {
    const onlyA = firstDivergence(trace('a', [['t1', log('x')], ['t2', acted('gh.whoami', 'alice')]]), trace('b', [['t1', log('x')], ['t2', acted('gh.whoami', null)]]))
    expect(onlyA.credential).toMatchObject({ what: 'gh.whoami acted', a: 'alice', b: 'none', atB: null })
    expect(onlyA.credential?.atA).toMatchObject({ index: 2, turnNumber: 2 })
    const onlyB = firstDivergence(trace('a', [['t1', log('x')]]), trace('b', [['t1', log('x')], ['t1', served('github', 'carol')]]))
    expect(onlyB.credential).toMatchObject({ what: 'github credential served', a: 'none', b: 'carol', atA: null })
    expect(onlyB.a).toBe('(the run ended here)')
    expect(onlyB.differences).toEqual([{ a: [], b: [expect.objectContaining({ index: 2 })] }])
  })

  it('what a sink kept after the turn and what the leak detector found count as whose credential was left behind', () => {
    const kept = firstDivergence(trace('a', [['t1', snapshot(held('bob'))]]), trace('b', [['t1', snapshot(held('alice'))]]))
    expect(kept.credential).toMatchObject({ what: 'left in worker-env (github) after-turn', a: 'bob', b: 'alice' })
    const leaked = firstDivergence(trace('a', [['t1', { kind: 'leak', finding: finding('alice') }]]), trace('b', [['t1', log('clean')]]))
    expect(leaked.credential).toMatchObject({ what: 'leak left-after-cleanup in worker-env (github)', a: 'alice', b: 'none' })
  })

  it('aligns on what both runs share: an event inserted in one run is one difference, not every event after it', () => {
    const shared: Array<[string | null, EventBody]> = Array.from({ length: 6 }, (_, i) => ['t1', log(`step ${i}`)])
    const a = trace('a', shared)
    const b = trace('b', [...shared.slice(0, 2), ['t1', log('extra')], ...shared.slice(2)])
    const d = firstDivergence(a, b)
    expect(d.index).toBe(3)
    expect(d.differenceCount).toBe(1)
    expect(d.differences).toEqual([{ a: [], b: [expect.objectContaining({ index: 3, text: 'info: extra' })] }])
    expect(d.compared).toBe(7)
  })

  it('runs that differ almost everywhere are not aligned event by event', () => {
    const a = trace('a', Array.from({ length: 600 }, (_, i) => ['t1', log(`a ${i}`)] as [string, EventBody]))
    const b = trace('b', Array.from({ length: 600 }, (_, i) => ['t1', log(`b ${i}`)] as [string, EventBody]))
    const d = firstDivergence(a, b)
    expect(d.index).toBe(1)
    expect(d.differenceCount).toBeNull()
    expect(d.differences).toEqual([])
  })

  it('lists at most 500 differences and counts them all', () => {
    const a = trace('a', Array.from({ length: 600 }, (_, i) => ['t1', log(`same ${i}`)] as [string, EventBody]))
    // One event inserted after each of a's: 600 stretches of one event, 600 edits.
    const b = trace('b', Array.from({ length: 1_200 }, (_, i) => ['t1', log(i % 2 === 0 ? `same ${i / 2}` : `extra ${i}`)] as [string, EventBody]))
    const d = firstDivergence(a, b)
    expect(d.differenceCount).toBe(600)
    expect(d.differences).toHaveLength(500)
    expect(d.differences[499]).toEqual({ a: [], b: [expect.objectContaining({ index: 1000, text: 'info: extra 999' })] })
  })
})
