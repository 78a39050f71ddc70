/**
 * Turns over gRPC at HEAD (docs/platform/control-plane.md#turns-over-grpc): a user's message to
 * the api-server, the runner's listener that runs it, and whose credential the turn then gets.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { API_SERVER_URL } from '../../src/main/net/hosts'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { ProfileName } from '../../src/shared/profiles'
import { recordEvents, request, startTestEngine } from '../support/engine'

const WORLD = {
  identity: 'sso' as const,
  users: [
    { id: 'alice', credentials: { mcp: [] } },
    { id: 'bob', credentials: { mcp: [] } },
    { id: 'carol', credentials: { mcp: [] } }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' as const },
      sessions: [
        { name: 'cp-1', owner: 'alice', sharedWith: { bob: 'edit' as const }, mcpServers: [], controlPlane: { bindings: { github: 'alice' } } },
        { name: 'plain', owner: 'alice', mcpServers: [] }
      ]
    }
  ]
}

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function start(profile: ProfileName = 'as-is', flaws: FlawId[] = []): Promise<Engine> {
  engine = await startTestEngine({ platform: 'head', profile, flaws, world: WORLD })
  return engine
}

const sessionId = (e: Engine): string => e.sim.controlPlane?.sessionIds.get('demo/cp-1') ?? ''
const messagesUrl = (e: Engine, id = sessionId(e), query = ''): string => {
  const url = new URL(`${API_SERVER_URL}/api/ambient/v1/sessions/${id}/messages${query}`)
  return `http://127.0.0.1:${e.sim.net.resolve(url) ?? 0}${url.pathname}${url.search}`
}
const push = (e: Engine, token: string, body: string, id?: string) =>
  request(messagesUrl(e, id), { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
const grpcTurn = (e: Engine, userId: string, message = 'github.whoami') =>
  e.sendTurn({ sender: { kind: 'user', userId, browserSession: false }, project: 'demo', session: 'cp-1', message, via: 'grpc' })

describe('a message pushed to the api-server', () => {
  it("is stored as the platform's message (201, no word of who pushed it) and run by the listener with no user (H11)", async () => {
    const e = await start()
    const events = recordEvents(e)
    const outcome = await grpcTurn(e, 'bob')
    expect(outcome.status).toBe(201)
    const message = JSON.parse(outcome.body) as Record<string, unknown>
    expect(Object.keys(message).sort()).toEqual(['created_at', 'event_type', 'id', 'payload', 'seq', 'session_id'])
    expect(message).toMatchObject({ session_id: sessionId(e), seq: 1, event_type: 'user' })
    expect(message.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const turn = outcome.turn?.turn ?? ''
    expect(outcome.turn).toMatchObject({ status: 'finished', sender: { kind: 'user', userId: 'bob' }, expectedOwner: 'bob' })
    expect(events.of('runner.step', turn).find((s) => s.step === 'context-set')?.detail).toBe('current user (none), caller token empty')
    expect(events.of('runner.fetch', turn).find((f) => f.slot === 'github')).toMatchObject({ auth: 'bot', currentUserHeader: null, status: 200 })
    expect(events.of('tool.result', turn).map((r) => r.actedAs)).toEqual(['alice'])
    expect(events.of('turn.finished', turn).map((f) => f.hop)).toEqual(['runner'])
    expect(events.of('leak', turn).map((l) => [l.finding.invariant, l.finding.owner])).toContainEqual(['foreign-credential', 'alice'])
  })

  it("hardened carries who pushed it: the listener runs the turn for them, the BOT request names them, and bob never gets alice's GitHub", async () => {
    const e = await start('hardened')
    const events = recordEvents(e)
    const alice = await grpcTurn(e, 'alice')
    expect(events.of('tool.result', alice.turn?.turn).map((r) => r.actedAs)).toEqual(['alice'])
    const bob = await grpcTurn(e, 'bob')
    const turn = bob.turn?.turn ?? ''
    expect(bob.turn?.status).toBe('finished')
    expect(events.of('runner.step', turn).find((s) => s.step === 'context-set')?.detail).toBe('current user bob, caller token empty')
    expect(events.of('runner.fetch', turn).filter((f) => f.slot === 'github').map((f) => [f.currentUserHeader, f.status])).toContainEqual(['bob', 403])
    expect(events.of('tool.result', turn).map((r) => r.actedAs)).toEqual([null])
    expect(events.of('leak', turn)).toEqual([])
  })

  it('is refused as the api-server refuses it: 401 without a token it knows, 404 for a session the caller may not use, 400 for a body it cannot take', async () => {
    const e = await start()
    expect((await push(e, 'nope', '{}')).json).toEqual({ kind: 'Error', reason: 'Unauthorized' })
    const carol = await push(e, e.userToken('carol'), '{"payload":"hi"}')
    expect([carol.status, carol.text]).toEqual([404, 'session not found\n'])
    expect((await push(e, e.userToken('alice'), '{}', 'no-such-session')).text).toBe('session not found\n')
    const bob = e.userToken('bob')
    for (const body of ['not json', '[]', '{"payload":5}', '{"event_type":7}']) {
      const refused = await push(e, bob, body)
      expect([refused.status, refused.text], body).toEqual([400, 'invalid JSON body\n'])
    }
    expect((await push(e, bob, '{"event_type":"assistant","payload":"x"}')).text).toBe('event_type must be "user" on this endpoint\n')
    // A payload that is no RunnerInput is one user message of its text; an empty one is skipped.
    const events = recordEvents(e)
    expect((await push(e, bob, 'null')).status).toBe(201)
    expect((await push(e, bob, '{"payload":"github.whoami"}')).status).toBe(201)
    await expect.poll(() => events.of('tool.call').map((c) => c.tool)).toEqual(['github.whoami'])
    expect(events.of('log').map((l) => l.text)).toContainEqual(expect.stringContaining('Empty payload for seq='))
    // Go's json.Encoder: HTML characters escaped, and a newline.
    const encoded = await push(e, bob, '{"payload":"echo <&>"}')
    expect([encoded.status, encoded.text.endsWith('"payload":"echo \\u003c\\u0026\\u003e","created_at":"2026-03-24T12:00:00Z"}\n')]).toEqual([201, true])
  })

  it('lists the messages after a seq, to the listener with the control plane token and to a user without the hardened sender', async () => {
    const e = await start('hardened')
    await grpcTurn(e, 'bob', 'echo one')
    await grpcTurn(e, 'bob', 'echo two')
    const asUser = await request(messagesUrl(e, sessionId(e), '?after_seq=1'), { headers: { Authorization: `Bearer ${e.userToken('bob')}` } })
    const listed = JSON.parse(asUser.text) as Array<Record<string, unknown>>
    expect(listed.map((m) => [m.seq, 'sender' in m])).toEqual([[2, false]])
    const cpToken = e.sim.controlPlane?.apiToken ?? ''
    const all = JSON.parse((await request(messagesUrl(e, sessionId(e), '?after_seq=x'), { headers: { Authorization: `Bearer ${cpToken}` } })).text) as Array<Record<string, unknown>>
    expect(all.map((m) => m.sender)).toEqual([{ user_id: 'bob', user_name: 'bob' }, { user_id: 'bob', user_name: 'bob' }])
  })

  it('after a PermissionError refreshes the control plane token and runs the turn once more before it fails', async () => {
    // As-is with the sender carried and the api-server checking the run's user: bob's fetch is refused, and HEAD raises.
    const e = await start('hardened', ['h10-refused-provider-fails-turn'])
    const events = recordEvents(e)
    const outcome = await grpcTurn(e, 'bob')
    expect(outcome.turn?.status).toBe('error')
    const logs = events.of('log').map((l) => l.text)
    expect(logs.filter((t) => t.includes('Credential auth failure, refreshing token and retrying'))).toHaveLength(1)
    expect(logs.filter((t) => t.includes('[GRPC LISTENER] bridge.run() failed'))).toHaveLength(1)
    expect(events.of('runner.step', outcome.turn?.turn).filter((s) => s.step === 'context-set')).toHaveLength(2)
  })

  it('is only for a control-plane session, sent by a user of an SSO world', async () => {
    const e = await start()
    await expect(e.sendTurn({ sender: { kind: 'user', userId: 'bob', browserSession: false }, project: 'demo', session: 'plain', message: 'echo', via: 'grpc' })).rejects.toThrow(/only a session the control plane created/)
    await expect(e.sendTurn({ sender: { kind: 'apikey', key: 'ci' }, project: 'demo', session: 'cp-1', message: 'echo', via: 'grpc' })).rejects.toThrow(/SSO JWTs/)
  })
})
