/**
 * The hardened run-bound token (R20 off): the proxy gives the runner a token bound to one run of
 * one session and to the run's principal. Held at the proxy's POST to the runner, the token is
 * live, and the backend must let it read exactly its own session's credentials as its principal.
 * Each test holds its own turn: Stryker counts coverage only inside a test (README, "Mutation testing").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { TurnOutcome } from '../../src/main/engine/turn-client'
import { bearerValue } from '../../src/main/net/bearer'
import { ownerOfResponse, startTestEngine } from '../support/engine'
import { BACKEND_WORLD, fetchCredential, told } from '../support/backend-world'

/** The caller token of every proxy → runner POST, unmasked, in order. */
function tapRunTokens(e: Engine): string[] {
  const tokens: string[] = []
  e.sim.trace.addRawTap((body) => {
    if (body.kind === 'http.request' && body.from === 'proxy' && body.to === 'runner') tokens.push(bearerValue(body.headers['X-Caller-Token'] ?? ''))
  })
  return tokens
}

/** Starts a turn of `userId` and resolves once the proxy's POST to the runner is held. */
async function holdTurnAtRunner(e: Engine, userId: string): Promise<{ outcome: Promise<TurnOutcome> }> {
  const held = new Promise<void>((resolve) => {
    const off = e.debugger.onChange((state) => {
      if (state.held.length === 0) return
      off()
      resolve()
    })
  })
  const stop = e.sim.trace.subscribe((ev) => {
    if (ev.kind !== 'http.request' || ev.from !== 'proxy' || ev.to !== 'runner') return
    stop()
    e.debugger.pause()
  })
  const outcome = e.sendTurn({ sender: { kind: 'user', userId }, project: 'demo', session: 'shared-1', message: 'jira.myself' })
  await held
  return { outcome }
}

describe("a run-bound token while its run is in flight (hardened, bob's turn)", () => {
  let e: Engine
  let token: string
  let outcome: Promise<TurnOutcome>
  beforeEach(async () => {
    e = await startTestEngine({ profile: 'hardened', world: BACKEND_WORLD })
    const tokens = tapRunTokens(e)
    outcome = (await holdTurnAtRunner(e, 'bob')).outcome
    token = tokens[0]!
    expect(token).toMatch(/^crun_/)
  })
  afterEach(async () => {
    e.debugger.resume()
    expect((await outcome).turn?.status).toBe('finished')
    await e.stop()
  })

  // Jira only while the turn is held: serving GitHub, GitLab or Google calls a provider through
  // a gated hop, which the paused debugger would hold too.
  it("acts as the run's principal: bob's token reads bob's credentials, and the trace says which token it was", async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'bob' }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(t.identities).toEqual([{ userID: 'bob', source: 'run-token', isBot: false, detail: 'run-bound token of demo/shared-1' }])
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 200, reason: 'run-bound token of this project' }])
    expect(t.decisions).toMatchObject([{ row: 10, allow: true, authUser: 'bob', effective: 'bob' }])
  })

  it("cannot name the owner: bob's run token is bob, never alice (row 9)", async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'alice' }))
    expect(res.status).toBe(403)
    expect(t.decisions).toMatchObject([{ row: 9, allow: false, authUser: 'bob' }])
  })

  it('is refused in another project before any session is read', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'bob', project: 'other' }))
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: 'Unauthorized to access project' })
    expect(t.projectChecks).toEqual([{ project: 'other', status: 403, reason: 'run-bound token of another project' }])
    expect(t.decisions).toEqual([])
  })

  it('reads no other session of its project, not even one of the same owner: 500 as for any Forbidden', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'bob', session: 'solo' }))
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ error: 'Failed to get session' })
    expect(t.notes).toEqual([expect.stringContaining("reading the session CR with the caller's token failed (Forbidden)")])
    expect(t.decisions).toEqual([])
  })

  it('answers 404 Session not found once its own session is gone', async () => {
    const sessions = e.sim.cluster.sessions
    const record = sessions.get('demo/shared-1')!
    sessions.delete('demo/shared-1')
    try {
      const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'bob' }))
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ error: 'Session not found' })
      expect(t.decisions).toEqual([])
    } finally {
      sessions.set('demo/shared-1', record)
    }
  })
})

describe('a run-bound token after its run has ended (hardened)', () => {
  let e: Engine
  let token: string
  beforeEach(async () => {
    e = await startTestEngine({ profile: 'hardened', world: BACKEND_WORLD })
    const tokens = tapRunTokens(e)
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: '' })
    expect(outcome.turn?.status).toBe('finished')
    token = tokens[0]!
  })
  afterEach(() => e.stop())

  it('answers 401 Token expired or invalid, and the trace says the run ended, not that the cluster refused it', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token, as: 'bob' }))
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ error: 'Token expired or invalid' })
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 401, reason: 'run-bound token expired with its run' }])
    expect(t.identities).toEqual([])
  })
})
