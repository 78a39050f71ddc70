import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { DebuggerState } from '../../src/main/trace/debugger'
import { recordEvents, startTestEngine } from '../support/engine'
import { ManualTimers } from '../support/manual-timers'

// A debugger must never change what it observes. With PR1 on, bob's turn gets alice's GitHub
// credential (foreign); the backend then asks GitHub who the token is, a gated hop the debugger
// holds, while the runner's fetch waits on its 10 s timeout. The hops' timers are driven by hand
// here, so "held longer than any timeout" is an hour of timer time, not a sleep.

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

const HOUR = 3_600_000

async function start(): Promise<{ e: Engine; timers: ManualTimers; events: ReturnType<typeof recordEvents> }> {
  const timers = new ManualTimers()
  const e = await startTestEngine({ profile: 'merged', flaws: ['pr1-owner-credentials-for-every-sender'], timerHost: timers })
  engine = e
  return { e, timers, events: recordEvents(e) }
}

/** Resolves once the debugger holds at least one event: waits on its change events, never on time. */
function held(e: Engine): Promise<DebuggerState> {
  return new Promise((resolve) => {
    const check = (state: DebuggerState): void => {
      if (!state.paused || state.held.length === 0) return
      stop()
      resolve(state)
    }
    const stop = e.debugger.onChange(check)
    check(e.debugger.state())
  })
}

/**
 * Steps until the debugger holds the backend's call to GitHub (`GET /user` for the token's
 * identity): the runner's credential fetch is then waiting on the backend, on its 10 s timer.
 */
async function holdAtGitHubIdentityCall(e: Engine): Promise<void> {
  for (let state = await held(e); ; state = await held(e)) {
    const first = state.held[0]
    if (first?.kind === 'http.request' && first.from === 'backend' && first.url === 'https://api.github.com/user') return
    const seq = first?.seq
    const moved = new Promise<void>((resolve) => {
      const stop = e.debugger.onChange((next) => {
        if (next.held[0]?.seq === seq) return
        stop()
        resolve()
      })
    })
    e.debugger.step()
    await moved
  }
}

async function actedAs(events: ReturnType<typeof recordEvents>, turn: Promise<Awaited<ReturnType<Engine['sendTurn']>>>): Promise<Array<string | null>> {
  const outcome = await turn
  expect(outcome.turn?.status).toBe('finished')
  return events.of('tool.result', outcome.turn?.turn ?? '').map((r) => r.actedAs)
}

describe('a breakpoint held longer than any hop timeout', () => {
  it('leaves the outcome exactly as unpaused: the turn still acts as alice, not as nobody', async () => {
    const { e, timers, events } = await start()
    // Each turn on a thread of its own: a worker spawned by an earlier turn keeps that turn's env (R3).
    const send = (thread: string) => e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', thread, message: 'github.whoami' })
    const unpaused = await actedAs(events, send('unpaused'))
    expect(unpaused).toEqual(['alice'])

    e.debugger.setBreakpoints(['foreign-credential'])
    const turn = send('paused')
    expect((await held(e)).stoppedBy?.kind).toBe('credential.served')
    await holdAtGitHubIdentityCall(e)
    // The runner's fetch is waiting on the backend, which the debugger holds: its timer is armed but stands still.
    expect(e.sim.timers.pending).toBeGreaterThan(0)
    expect(timers.armed).toBe(0)
    timers.advance(HOUR)
    e.debugger.setBreakpoints([])
    expect(await actedAs(events, turn)).toEqual(unpaused)
    // Nothing timed out: no fetch failed, no warning about a timeout.
    expect(events.of('log').filter((l) => /timed out/.test(l.text))).toEqual([])
  })

  it('without a pause, the same hour of timer time would have ended the fetch: the timers are real', async () => {
    const { e, timers, events } = await start()
    // A first turn sets the platform up (its own populate), so the held turn fetches once.
    await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', thread: 'warm-up', message: '' })
    e.debugger.setBreakpoints(['foreign-credential'])
    const turn = e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', thread: 'paused', message: 'github.whoami' })
    await holdAtGitHubIdentityCall(e)
    // Let the timers run while the hold stays, as a debugger without this fix did.
    e.sim.timers.resume()
    timers.advance(HOUR)
    e.debugger.setBreakpoints([])
    expect(await actedAs(events, turn)).toEqual([null])
  })
})

describe('held requests', () => {
  it('are released when the breakpoint that held them is removed, and stay held while another breakpoint still matches', async () => {
    const { e, events } = await start()
    e.debugger.setBreakpoints(['foreign-credential', 'credential-denied'])
    const turn = e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    await held(e)
    e.debugger.setBreakpoints(['foreign-credential', 'cleanup'])
    expect(e.debugger.state().paused).toBe(true)
    e.debugger.setBreakpoints(['cleanup'])
    expect(e.debugger.state()).toMatchObject({ paused: false, held: [] })
    e.debugger.setBreakpoints([])
    expect(await actedAs(events, turn)).toEqual(['alice'])
  })

  it('stay held when the run was paused by hand, whatever the breakpoints', async () => {
    const { e } = await start()
    e.debugger.pause()
    e.debugger.setBreakpoints(['leak'])
    e.debugger.setBreakpoints([])
    expect(e.debugger.state().paused).toBe(true)
    e.debugger.resume()
  })
})
