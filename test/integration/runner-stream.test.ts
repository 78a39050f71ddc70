import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { HOSTS, runnerHost } from '../../src/main/net/hosts'
import type { TurnSender } from '../../src/shared/sender'
import type { DebuggerState } from '../../src/main/trace/debugger'
import type { FlawId } from '../../src/shared/flaw-ids'
import { maskSecret } from '../../src/shared/mask'
import { recordEvents, request, startTestEngine } from '../support/engine'

// The proxy's side of a turn (docs/platform/proxy.md): the headers it sends the runner, how it
// reaches the runner, what it makes of the stream, and what it leaves in the active-user map.

let engine: Engine | null = null
let server: Server | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  server = null
})

async function start(profile: 'merged' | 'hardened', flaws: FlawId[] = []) {
  const e = await startTestEngine({ profile, flaws })
  engine = e
  const world = await e.world()
  return { e, events: recordEvents(e), token: (id: string) => world.users.find((u) => u.id === id)?.token ?? '' }
}

const send = (e: Engine, sender: TurnSender, message = 'github.whoami', thread?: string) => e.sendTurn({ sender, project: 'demo', session: 'shared-1', thread, message })
const BOB: TurnSender = { kind: 'user', userId: 'bob' }

/** The headers of the proxy's POST to the runner in one turn (as the trace shows them: masked). */
function runnerHeaders(events: ReturnType<typeof recordEvents>, turn: string): Record<string, string> {
  const posts = events.of('http.request', turn).filter((r) => r.from === 'proxy' && r.to === 'runner')
  expect(posts).toHaveLength(1)
  return posts[0]?.headers ?? {}
}

describe('the user headers to the runner', () => {
  it('R20 alone: a browser session (no Authorization) sends its access token as the caller token, "Bearer <token>"', async () => {
    const { e, events, token } = await start('hardened', ['r20-caller-token-in-runner'])
    const outcome = await send(e, { kind: 'user', userId: 'bob', browserSession: true })
    const headers = runnerHeaders(events, outcome.turn?.turn ?? '')
    expect(headers['X-Current-User-ID']).toBe('bob')
    expect(headers['X-Caller-Token']).toBe(`Bearer ${maskSecret(token('bob'))}`)
    expect(events.of('tool.result', outcome.turn?.turn ?? '').map((r) => r.actedAs)).toEqual(['bob'])
  })

  it('R11 on the hardened design: a browser session still names bob but carries no caller token, so no run-bound token is minted', async () => {
    const { e, events } = await start('hardened', ['r11-no-caller-token-owner-fallback'])
    const outcome = await send(e, { kind: 'user', userId: 'bob', browserSession: true })
    const headers = runnerHeaders(events, outcome.turn?.turn ?? '')
    expect(headers['X-Current-User-ID']).toBe('bob')
    expect(headers['X-Caller-Token']).toBeUndefined()
  })

  it('names the runner and the user in the connect line only where R19 logs user IDs', async () => {
    for (const [profile, user] of [
      ['merged', 'bob'],
      ['hardened', '[redacted]']
    ] as const) {
      const { e, events } = await start(profile)
      const outcome = await send(e, BOB)
      expect(events.of('log', outcome.turn?.turn ?? '').filter((l) => l.hop === 'proxy' && l.text.startsWith('AGUI Proxy: connecting')).map((l) => [l.level, l.text])).toEqual([
        ['info', `AGUI Proxy: connecting to runner at http://${runnerHost('demo', 'shared-1')}:${HOSTS.runnerPort}/ (user=${user})`]
      ])
      await e.stop()
      engine = null
    }
  })
})

describe('reaching the runner', () => {
  it('retries a runner that does not resolve 15 times, then ends the turn "Runner is not available"', async () => {
    const { e, events } = await start('hardened')
    e.sim.net.unregister(runnerHost('demo', 'shared-1'), HOSTS.runnerPort)
    const outcome = await send(e, BOB)
    expect(outcome.turn).toMatchObject({ status: 'error', error: 'Runner is not available' })
    expect(events.of('http.request', outcome.turn?.turn ?? '').filter((r) => r.from === 'proxy' && r.to === 'runner')).toHaveLength(15)
  })

  it('retries a refused connection too, but gives up at once on any other failure (a reset)', async () => {
    const { e, events } = await start('hardened')
    const runner = e.runner('demo', 'shared-1')
    const port = Number(new URL(runner?.url ?? '').port)
    await runner?.stop()
    // The name resolves, nothing listens: refused, retried.
    e.sim.net.register(runnerHost('demo', 'shared-1'), HOSTS.runnerPort, port)
    const refused = await send(e, BOB)
    expect(events.of('http.request', refused.turn?.turn ?? '').filter((r) => r.to === 'runner')).toHaveLength(15)
    // Something listens and resets every connection: not a "runner not ready", so no retry.
    server = createServer((socket) => socket.destroy())
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', () => done()))
    const address = server.address()
    e.sim.net.register(runnerHost('demo', 'shared-1'), HOSTS.runnerPort, typeof address === 'object' && address ? address.port : 0)
    const reset = await send(e, BOB)
    expect(reset.turn).toMatchObject({ status: 'error', error: 'Runner is not available' })
    expect(events.of('http.request', reset.turn?.turn ?? '').filter((r) => r.to === 'runner')).toHaveLength(1)
  })
})

describe('the stream', () => {
  it("ends the turn in error with the runner's RUN_ERROR message", async () => {
    const { e } = await start('hardened')
    const outcome = await send(e, BOB, 'fail the tool broke')
    expect(outcome.turn).toMatchObject({ status: 'error', error: 'the tool broke' })
  })

  it('ends the turn in error when the stream breaks, and still judges it once the runner is done with it', async () => {
    const { e, events } = await start('hardened')
    e.debugger.pause()
    const turn = send(e, BOB)
    // Step to the turn's first tool call: the runner is streaming the turn.
    for (;;) {
      const state = await nextHold(e)
      if (state.held[0]?.kind === 'tool.call') break
      e.debugger.step()
    }
    await e.runner('demo', 'shared-1')?.stop()
    e.debugger.resume()
    const outcome = await turn
    expect(outcome.turn?.status).toBe('error')
    expect(outcome.turn?.error).toMatch(/^stream read error: /)
    expect(events.of('log', outcome.turn?.turn ?? '').filter((l) => l.hop === 'proxy' && l.level === 'warning').map((l) => l.text)).toEqual([`AGUI Proxy: ${outcome.turn?.error ?? ''}`])
    expect(events.of('snapshot', outcome.turn?.turn ?? '')).toHaveLength(1)
  })
})

describe('the active-user map at the end of a turn (hardened)', () => {
  it("clears only the entry its own turn set: bob's later entry outlives alice's earlier turn, and goes with bob's", async () => {
    const { e, events, token } = await start('hardened')
    e.debugger.pause()
    const run = async (who: string): Promise<string> => {
      const answer = await request(`${e.frontDoor.url}/api/projects/demo/agentic-sessions/shared-1/agui/run`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token(who)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ threadId: who, messages: [{ role: 'user', content: 'github.whoami' }] })
      })
      return String(answer.json.runId)
    }
    // Paused, each POST is held at the front door: release it, and the turn starts and holds at its next hop.
    const alice = runAndRelease(e, () => run('alice'))
    const aliceTurn = await alice
    const bobTurn = await runAndRelease(e, () => run('bob'))
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBe('bob')
    e.debugger.resume()
    await e.waitForTurn(aliceTurn)
    await e.waitForTurn(bobTurn)
    expect(events.of('active-user').filter((a) => a.op === 'cleared').map((a) => [a.user, a.reason])).toEqual([['bob', `run ${bobTurn} ended`]])
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBeUndefined()
  })
})

/** The next debugger state that holds something (or the current one): waits on change events. */
function nextHold(e: Engine): Promise<DebuggerState> {
  return new Promise((resolve) => {
    let seq = e.debugger.state().held[0]?.seq
    const check = (state: DebuggerState, fresh: boolean): void => {
      if (!state.paused || state.held.length === 0 || (!fresh && state.held[0]?.seq === seq)) return
      stop()
      resolve(state)
    }
    const stop = e.debugger.onChange((state) => check(state, false))
    if (e.debugger.state().held.length > 0) {
      seq = -1
      check(e.debugger.state(), true)
    }
  })
}

/** Steps the held POST through until agui/run has answered, leaving the turn held further on. */
async function runAndRelease(e: Engine, post: () => Promise<string>): Promise<string> {
  const answered = post()
  let done = false
  void answered.then(() => (done = true))
  while (!done) {
    await Promise.race([nextHold(e), answered])
    if (!done) e.debugger.step()
  }
  return answered
}
