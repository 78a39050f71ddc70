import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { MAX_TURNS_PER_SESSION } from '../../src/main/turns/turns'
import { recordEvents, request, startTestEngine } from '../support/engine'

// Every turn has one owner that the proxy and the runner report to; what the leak detector judges
// belongs to the turn it judges, also when the turn fails, is refused, or meets a broken keychain.

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

const RUN = '/api/projects/demo/agentic-sessions/shared-1/agui/run'
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'github.whoami' }] })

async function start(profile: 'merged' | 'hardened' = 'hardened') {
  const e = await startTestEngine({ profile })
  engine = e
  const world = await e.world()
  const token = (id: string): string => world.users.find((u) => u.id === id)?.token ?? ''
  return { e, events: recordEvents(e), token }
}

describe('a turn its runner never took', () => {
  it('is judged on its own evidence only: no pod state, a note saying so, and no finding from whatever the pod holds', async () => {
    const { e, events } = await start()
    // The runner is gone: the proxy retries, gives up, and the turn never reaches a pod.
    await e.runner('demo', 'shared-1')?.stop()
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    expect(outcome.turn).toMatchObject({ status: 'error', error: 'Runner is not available' })
    const turn = outcome.turn?.turn ?? ''
    expect(events.of('snapshot', turn)).toEqual([])
    expect(events.of('note', turn).map((n) => n.text)).toEqual(['The turn never reached its runner: there is no pod state of this turn to inspect.'])
    expect(e.leaks.of(turn)).toEqual([])
  })
})

describe('a keychain failure during a turn', () => {
  it('ends the turn in error naming the keychain and the fix; no credential is served and nothing leaks', async () => {
    const { e, events } = await start()
    e.vaultFailing = true
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami\njira.myself' })
    expect(outcome.turn?.status).toBe('error')
    expect(outcome.turn?.error).toMatch(/^The OS keychain is not reachable \(the keychain is locked \(fault injected\)\)\. .*--vault memory/)
    const turn = outcome.turn?.turn ?? ''
    expect(events.of('credential.served', turn)).toEqual([])
    expect(events.of('tool.result', turn).map((r) => r.actedAs)).toEqual([null, null])
    expect(events.of('turn.finished', turn)).toEqual([expect.objectContaining({ hop: 'harness', status: 'error' })])
    expect(e.leaks.of(turn)).toEqual([])
    // The keychain back, the next turn is whole again.
    e.vaultFailing = false
    const next = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    expect(next.turn).toMatchObject({ status: 'finished', error: null })
    expect(events.of('tool.result', next.turn?.turn ?? '').map((r) => r.actedAs)).toEqual(['bob'])
  })
})

describe('turns past credscope\'s bound', () => {
  it(`are refused at agui/run with 429 and Retry-After once ${MAX_TURNS_PER_SESSION} of the session are running, told as credscope's, and every admitted turn still ends`, async () => {
    const { e, events, token } = await start()
    // Paused, every admitted turn waits at its first hop: the session fills up without a race.
    e.debugger.pause()
    const headers = { Authorization: `Bearer ${token('bob')}`, 'Content-Type': 'application/json' }
    const admitted: string[] = []
    for (let i = 0; i < MAX_TURNS_PER_SESSION; i++) {
      const answer = await request(`${e.backend.url}${RUN}`, { method: 'POST', headers, body: BODY })
      expect(answer.status).toBe(200)
      admitted.push(String(answer.json.runId))
    }
    const refused = await fetch(`${e.backend.url}${RUN}`, { method: 'POST', headers, body: BODY })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toEqual({ error: `credscope is at capacity: ${MAX_TURNS_PER_SESSION} turns of demo/shared-1 are already waiting for or inside its runner; retry when one ends` })
    expect(events.of('turn.started')).toHaveLength(MAX_TURNS_PER_SESSION)
    expect(events.of('log').filter((l) => l.hop === 'harness' && l.text.startsWith('agui/run refused by credscope'))).toHaveLength(1)
    e.debugger.resume()
    const ended = await Promise.all(admitted.map((t) => e.waitForTurn(t)))
    expect(ended.every((t) => t.status === 'finished')).toBe(true)
    expect((await request(`${e.backend.url}${RUN}`, { method: 'POST', headers, body: BODY })).status).toBe(200)
  })

  it('refuses a run id already used in this run with 409, and runs the first one once', async () => {
    const { e, events, token } = await start()
    const headers = { Authorization: `Bearer ${token('bob')}`, 'Content-Type': 'application/json' }
    const body = JSON.stringify({ runId: 'run-1', messages: [{ role: 'user', content: 'github.whoami' }] })
    expect((await request(`${e.frontDoor.url}${RUN}`, { method: 'POST', headers, body })).status).toBe(200)
    await e.waitForTurn('run-1')
    const again = await request(`${e.frontDoor.url}${RUN}`, { method: 'POST', headers, body })
    expect(again.status).toBe(409)
    expect(again.json.error).toMatch(/run-1 is already used in this run/)
    expect(events.of('turn.started').map((t) => t.turn)).toEqual(['run-1'])
  })
})
