/**
 * The Kubernetes API server's Secrets, as a pod reaches them with its BOT token
 * (docs/platform/operator.md#the-session-role): H4's session Role reads every Secret of the
 * namespace, the hardened one only `ambient-runner-secrets`; the answers have the API server's
 * shapes; and what comes back never shows unmasked, nor base64-encoded, on the trace.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { secretKeyFile } from '../../src/main/runner/tools/kube-secret'
import type { FlawId } from '../../src/shared/flaw-ids'
import { recordEvents, request, startTestEngine } from '../support/engine'

const H4: FlawId = 'h4-session-sa-reads-every-secret'
const TOKEN_OF_SHARED_1 = 'ambient-runner-token-shared-1'

const WORLD = {
  users: [
    { id: 'alice', credentials: { mcp: [] } },
    { id: 'bob', credentials: { mcp: [] } }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' as const, bob: 'edit' as const },
      sessions: [
        { name: 'shared-1', owner: 'alice', mcpServers: [] },
        { name: 'shared-2', owner: 'bob', mcpServers: [] }
      ]
    }
  ]
}

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function start(flaws: FlawId[] = []): Promise<Engine> {
  engine = await startTestEngine({ platform: 'head', profile: 'hardened', flaws, world: WORLD })
  return engine
}

/** The BOT token the operator minted into a session's runner-token Secret. */
function botToken(e: Engine, session: string): string {
  return e.sim.cluster.secret('demo', `ambient-runner-token-${session}`)?.['k8s-token'] ?? ''
}

function get(e: Engine, path: string, token?: string, method = 'GET'): ReturnType<typeof request> {
  return request(`${e.kubeApi.url}${path}`, { method, headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } })
}

const secretPath = (name: string): string => `/api/v1/namespaces/demo/secrets/${name}`

describe('GET of a Secret with a session ServiceAccount token', () => {
  it("with H4, answers another session's runner-token Secret: the Secret object, its data in base64", async () => {
    const e = await start([H4])
    const res = await get(e, secretPath(TOKEN_OF_SHARED_1), botToken(e, 'shared-2'))
    expect(res.status).toBe(200)
    const stored = e.sim.cluster.secret('demo', TOKEN_OF_SHARED_1) ?? {}
    expect(res.json).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: TOKEN_OF_SHARED_1, namespace: 'demo' },
      data: Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      type: 'Opaque'
    })
    const data = res.json.data as Record<string, string>
    expect(Buffer.from(data['k8s-token'] ?? '', 'base64').toString()).toBe(botToken(e, 'shared-1'))
    expect(Object.keys(data).sort()).toEqual(['agui-token', 'k8s-token'])
    // The encoded form is still that secret: every record masks it and names whose it is.
    expect(e.whose(data['k8s-token'] ?? '').map((r) => r.owner)).toEqual(['sa:demo/ambient-session-shared-1'])
    expect(e.whose(data['agui-token'] ?? '').map((r) => r.owner)).toEqual(['platform:agui-token/demo/shared-1'])
  })

  it("hardened, refuses it with the API server's Forbidden Status naming the account", async () => {
    const e = await start()
    const res = await get(e, secretPath(TOKEN_OF_SHARED_1), botToken(e, 'shared-2'))
    expect(res.status).toBe(403)
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `secrets "${TOKEN_OF_SHARED_1}" is forbidden: User "system:serviceaccount:demo:ambient-session-shared-2" cannot get resource "secrets" in API group "" in the namespace "demo"`,
      reason: 'Forbidden',
      details: { name: TOKEN_OF_SHARED_1, kind: 'secrets' },
      code: 403
    })
  })

  it("hardened, names only ambient-runner-secrets: the session's own runner token is refused too, the named Secret authorized (and absent)", async () => {
    const e = await start()
    expect((await get(e, secretPath('ambient-runner-token-shared-2'), botToken(e, 'shared-2'))).status).toBe(403)
    const named = await get(e, secretPath('ambient-runner-secrets'), botToken(e, 'shared-2'))
    expect(named.status).toBe(404)
    expect(named.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'secrets "ambient-runner-secrets" not found', details: { name: 'ambient-runner-secrets', kind: 'secrets' }, code: 404 })
  })

  it('with H4, a name that does not exist is NotFound; without it, Forbidden first (authorization before existence)', async () => {
    const flawed = await start([H4])
    expect((await get(flawed, secretPath('nope'), botToken(flawed, 'shared-2'))).json).toMatchObject({ reason: 'NotFound', code: 404 })
    await flawed.stop()
    const hardened = await start()
    expect((await get(hardened, secretPath('nope'), botToken(hardened, 'shared-2'))).json).toMatchObject({ reason: 'Forbidden', code: 403 })
  })

  it('lists no Secrets for a session account, with or without H4: the rule is get only', async () => {
    for (const flaws of [[H4], []]) {
      const e = await start(flaws)
      const res = await get(e, '/api/v1/namespaces/demo/secrets', botToken(e, 'shared-2'))
      expect(res.status).toBe(403)
      expect(res.json).toMatchObject({
        message: 'secrets is forbidden: User "system:serviceaccount:demo:ambient-session-shared-2" cannot list resource "secrets" in API group "" in the namespace "demo"',
        details: { kind: 'secrets' }
      })
      await e.stop()
    }
  })
})

describe('the API server to other callers', () => {
  it('answers a token it does not know with 401 Unauthorized and nothing about the object', async () => {
    const e = await start([H4])
    const res = await get(e, secretPath(TOKEN_OF_SHARED_1), 'not-a-token-anyone-issued')
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
  })

  it('answers an expired BOT token with 401', async () => {
    const e = await start([H4])
    const token = botToken(e, 'shared-2')
    e.sim.cluster.expire(token)
    expect((await get(e, secretPath(TOKEN_OF_SHARED_1), token)).status).toBe(401)
  })

  it('treats a request without a token as system:anonymous, whom RBAC grants nothing', async () => {
    const e = await start([H4])
    const res = await get(e, secretPath(TOKEN_OF_SHARED_1))
    expect(res.status).toBe(403)
    expect(res.json.message).toBe(`secrets "${TOKEN_OF_SHARED_1}" is forbidden: User "system:anonymous" cannot get resource "secrets" in API group "" in the namespace "demo"`)
  })

  it("refuses a user's OAuth token: credscope's project roles cover AgenticSessions only", async () => {
    const e = await start([H4])
    const res = await get(e, secretPath(TOKEN_OF_SHARED_1), e.userToken('alice'))
    expect(res.status).toBe(403)
    expect(res.json.message).toContain('User "alice" cannot get resource "secrets"')
  })

  it('answers a path it does not serve with 404 and a write with 405, in the Status shape', async () => {
    const e = await start([H4])
    const unknown = await get(e, '/api/v1/namespaces/demo/configmaps/x', botToken(e, 'shared-2'))
    expect(unknown.status).toBe(404)
    expect(unknown.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 })
    const write = await get(e, secretPath(TOKEN_OF_SHARED_1), botToken(e, 'shared-2'), 'DELETE')
    expect(write.status).toBe(405)
    expect(write.json).toMatchObject({ reason: 'MethodNotAllowed', code: 405 })
  })
})

describe('kube.secret from an agent', () => {
  it("with H4, bob's agent in shared-2 gets shared-1's BOT token into its pod, and the trace shows it only masked", async () => {
    const e = await start([H4])
    const events = recordEvents(e)
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-2', message: `kube.secret ${TOKEN_OF_SHARED_1}` })
    const [result] = events.of('tool.result', outcome.turn?.turn ?? '')
    expect(result).toMatchObject({ tool: 'kube.secret', ok: true, actedAs: null })
    expect(result?.summary).toBe(
      `HTTP 200: Secret demo/${TOKEN_OF_SHARED_1}: k8s-token holds sa:demo/ambient-session-shared-1's bearer token (the BOT token of demo/shared-1, alice's session); ` +
        `agui-token holds platform:agui-token/demo/shared-1's bearer token; decoded into /tmp/secrets/${TOKEN_OF_SHARED_1}/`
    )
    const pod = e.runner('demo', 'shared-2')!
    const file = secretKeyFile(TOKEN_OF_SHARED_1, 'k8s-token')
    expect(await pod.workspace.read(file)).toBe(botToken(e, 'shared-1'))
    expect(await pod.workspace.mode(file)).toBe(0o600)
    // Neither the values nor their base64 form reach an event unmasked.
    const trace = JSON.stringify(events.all)
    for (const value of Object.values(e.sim.cluster.secret('demo', TOKEN_OF_SHARED_1) ?? {})) {
      expect(trace).not.toContain(value)
      expect(trace).not.toContain(Buffer.from(value).toString('base64'))
    }
    expect(events.of('http.request').some((r) => r.from === 'runner' && r.to === 'kube' && r.url === `https://kubernetes.default.svc/api/v1/namespaces/demo/secrets/${TOKEN_OF_SHARED_1}`)).toBe(true)
  })

  it('hardened, reports the Forbidden Status and writes nothing', async () => {
    const e = await start()
    const events = recordEvents(e)
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-2', message: `kube.secret ${TOKEN_OF_SHARED_1}` })
    const [result] = events.of('tool.result', outcome.turn?.turn ?? '')
    expect(result?.ok).toBe(false)
    expect(result?.summary).toBe(
      `HTTP 403 Forbidden: secrets "${TOKEN_OF_SHARED_1}" is forbidden: User "system:serviceaccount:demo:ambient-session-shared-2" cannot get resource "secrets" in API group "" in the namespace "demo"`
    )
    expect(await e.runner('demo', 'shared-2')!.workspace.exists(secretKeyFile(TOKEN_OF_SHARED_1, 'k8s-token'))).toBe(false)
  })
})

describe('SelfSubjectReview (kubectl auth whoami)', () => {
  const REVIEWS = '/apis/authentication.k8s.io/v1/selfsubjectreviews'

  it("answers 201 with the token's user: a ServiceAccount's username and groups", async () => {
    const e = await start()
    const res = await get(e, REVIEWS, botToken(e, 'shared-1'), 'POST')
    expect(res.status).toBe(201)
    expect(res.json).toEqual({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: 'system:serviceaccount:demo:ambient-session-shared-1', groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'] } }
    })
  })

  it('refuses an unknown or expired token with the Unauthorized Status, and no token too', async () => {
    const e = await start()
    const token = botToken(e, 'shared-1')
    e.sim.cluster.expire(token)
    for (const credential of [token, 'sha256~not-a-token', undefined]) {
      const res = await get(e, REVIEWS, credential, 'POST')
      expect(res.status).toBe(401)
      expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
    }
  })
})
