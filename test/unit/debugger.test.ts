import { describe, expect, it } from 'vitest'
import type { EventBody, TraceEvent } from '../../src/shared/events'
import { Debugger } from '../../src/main/trace/debugger'

// The step-through's gates. Only hop events are gated; the kinds a breakpoint names (a denial,
// a served credential, a leak, a cleanup) are not, so a hit pauses the run and the next gated
// event is held: the run stops right after the event that matched.

let seq = 0
function ev(body: EventBody, turn: string | null = 't'): TraceEvent {
  return { ...body, seq: ++seq, runId: 'r', at: 0, hop: 'backend', turn }
}
const deny = (): TraceEvent => ev({ kind: 'rbac', slot: 'github', row: 4, allow: false, status: 403, authUser: '', isBot: true, header: 'bob', owner: 'alice', effective: 'bob', active: null, reason: 'no active user' })
const step = (): TraceEvent => ev({ kind: 'runner.step', step: 'populate', detail: '' })

describe('Debugger', () => {
  it('lets everything through with no breakpoint and no pause', async () => {
    const dbg = new Debugger()
    dbg.observe(deny())
    await dbg.gate(step())
    expect(dbg.state()).toMatchObject({ paused: false, held: [], stoppedBy: null })
  })

  it('pauses after a breakpoint hit and holds the next gated event', async () => {
    const dbg = new Debugger()
    dbg.setBreakpoints(['credential-denied'])
    const hit = deny()
    dbg.observe(hit)
    expect(dbg.state()).toMatchObject({ paused: true, stoppedBy: { seq: hit.seq } })
    const next = step()
    let released = false
    const gate = dbg.gate(next).then(() => (released = true))
    await Promise.resolve()
    expect(released).toBe(false)
    expect(dbg.state().held.map((e) => e.seq)).toEqual([next.seq])
    dbg.resume()
    await gate
    expect(dbg.state()).toMatchObject({ paused: false, held: [], stoppedBy: null })
  })

  it('names no breakpoint when paused by hand, and forgets it on a step', () => {
    const dbg = new Debugger()
    dbg.setBreakpoints(['cleanup'])
    dbg.observe(ev({ kind: 'runner.env', op: 'cleared', keys: [], files: [] }))
    expect(dbg.state().stoppedBy?.kind).toBe('runner.env')
    dbg.step()
    expect(dbg.state().stoppedBy).toBeNull()
    dbg.resume()
    dbg.pause()
    expect(dbg.state()).toMatchObject({ paused: true, stoppedBy: null })
    dbg.resume()
  })

  it('asks the engine whether a served credential is foreign to the turn', () => {
    const dbg = new Debugger((e) => e.kind === 'credential.served' && e.owner !== 'bob')
    dbg.setBreakpoints(['foreign-credential'])
    dbg.observe(ev({ kind: 'credential.served', slot: 'github', owner: 'bob', source: 'pat', credentials: [] }))
    expect(dbg.state().paused).toBe(false)
    dbg.observe(ev({ kind: 'credential.served', slot: 'mcp:docs', owner: 'alice', source: 'stored', credentials: [] }))
    expect(dbg.state().paused).toBe(true)
    dbg.resume()
  })
})
