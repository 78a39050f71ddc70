/**
 * The platform's runner tests (docs/platform/platform-tests.md#runner-tests, tests 1–42, and #first-run-mcp-rebuild, B1/B2) re-expressed against our runner
 * pod under the `merged` profile: the real pod env, the workspace on disk, the shared
 * RunnerContext, the real fetch client against the real backend over loopback HTTP. Each test
 * proves whose credential came back or what was left behind.
 *
 * HEAD-only tests and what stands here instead (docs/platform/after-merge.md dates each of them after MERGE):
 * - 9 (Google file preserved by clear, 9605012b0): the MERGE counterpart asserts clear REMOVES it.
 * - 11–15 (token files /tmp/.ambient_*_token, a12620028): counterparts assert MERGE writes no token
 *   files, keeps the tokens in the env only, and a second populate overwrites the env value.
 * - 19–20 (CREDENTIAL_IDS control-plane path, 1aa8b4283/d7533c8e2): counterparts assert the MERGE
 *   session URL and that CREDENTIAL_IDS is ignored.
 * - 26–27 (PermissionError on BOT-only 401/403, refresh-and-retry): counterparts assert `{}`, one
 *   request, no retry.
 * - 28 (PermissionError when caller and BOT both fail): the counterpart asserts `{}`.
 * - 31–32 (populate raises PermissionError): the counterpart asserts populate never raises.
 * - 34 (refresh tool isError on auth failure): the counterpart asserts the tool reports success.
 * - 39–42 (gh wrapper, 865dd9d2a): one counterpart asserts no wrapper and an untouched PATH.
 * - B1 (first-run rebuild, 1bd2057d8): the counterpart asserts the first run does NOT rebuild.
 *
 * Left out, with no MERGE counterpart:
 * - 36 (MCP diagnostics in the refresh tool's text): `_check_mcp_auth_after_refresh` came with
 *   9605012b0; MERGE has no diagnostics to assert on.
 * - The `session_id=""` half of 21: a real pod's context always carries its session name
 *   (RunnerContext.sessionId is fixed at pod start), so only the missing-project half applies.
 */
import { goTime } from '../../src/main/net/go-time'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventOf } from '../../src/shared/events'
import type { Engine } from '../../src/main/engine/engine'
import { clearRuntimeCredentials, CLEARED_KEYS, populateMcpServerCredentials, populateRuntimeCredentials } from '../../src/main/runner/credentials-env'
import { fetchCredential } from '../../src/main/runner/fetch-client'
import type { CredentialSlot } from '../../src/shared/providers'
import type { RunnerPod } from '../../src/main/runner/pod'
import { DEFAULT_MCP_CONFIG_FILE, GIT_CONFIG_FILE, GOOGLE_CREDENTIALS_DIR, GOOGLE_CREDENTIALS_FILE } from '../../src/main/runner/pod'
import type { Runner } from '../../src/main/runner/runner'
import { DEFAULT_WORLD } from '../../src/main/world/default-world'
import type { WorldSpecInput } from '../../src/main/world/spec'
import { recordEvents, startTestEngine, type TestEngineOptions } from '../support/engine'

/** The merge's fetch gives a dict (HEAD's may give a list); these tests read it as one. */
async function fetchDict(pod: RunnerPod, slot: CredentialSlot): Promise<Record<string, unknown>> {
  return (await fetchCredential(pod, slot)) as Record<string, unknown>
}

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Pod {
  engine: Engine
  pod: Runner
  /** Each world user's bearer token, by user id. */
  tokens: Record<string, string>
  botToken: string
  events: ReturnType<typeof recordEvents>
}

/** A started engine (merged unless told) and the real runner pod of demo/shared-1. */
async function startPod(options: TestEngineOptions = {}): Promise<Pod> {
  const started = await startTestEngine({ profile: 'merged', ...options })
  engine = started
  const pod = started.runner('demo', 'shared-1')
  if (!pod) throw new Error('demo/shared-1 has no runner')
  const world = await started.world()
  const tokens = Object.fromEntries(world.users.map((u) => [u.id, u.token]))
  const botToken = world.sessions.find((s) => s.name === 'shared-1')?.botToken ?? ''
  return { engine: started, pod, tokens, botToken, events: recordEvents(started) }
}

/** Whose canary a value is (the world user), or null when it is nobody's credential. */
function ownerOf(e: Engine, value: unknown): string | null {
  return typeof value === 'string' ? (e.sim.registry.refOf(value)?.owner ?? null) : null
}

/** The credential requests the runner sent to the backend, in order. */
function credentialRequests(events: Pod['events']): Array<EventOf<'http.request'>> {
  return events.of('http.request').filter((e) => e.from === 'runner' && e.to === 'backend' && e.url.includes('/credentials/'))
}

/** The default world with bob's credentials replaced (absent unless named). */
function worldWithBob(credentials: { github?: boolean; gitlab?: boolean; jira?: boolean; google?: boolean; mcp?: string[] }): WorldSpecInput {
  return {
    ...DEFAULT_WORLD,
    users: DEFAULT_WORLD.users.map((u) =>
      u.id === 'bob' ? { ...u, credentials: { github: false, gitlab: false, jira: false, google: false, mcp: [], ...credentials } } : u
    )
  }
}

/** Posts a run straight to the runner pod, as the proxy would, and reads the SSE to its end. */
async function postToRunner(pod: Runner, headers: Record<string, string>, message: string): Promise<string> {
  const body = JSON.stringify({ threadId: 'direct', runId: 'direct-run', messages: [{ id: 'm1', role: 'user', content: message }] })
  const response = await fetch(`${pod.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
  expect(response.status).toBe(200)
  return response.text()
}

/** Sends raw bytes to a listener and resolves with everything it answered, once it closes. */
function rawExchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('error', reject)
  })
}

function contextSetDetails(events: Pod['events']): string[] {
  return events.of('runner.step').filter((e) => e.step === 'context-set').map((e) => e.detail)
}

describe('TestSetCurrentUser (docs/platform/platform-tests.md#runner-tests, 1–2)', () => {
  it("1: setCurrentUser stores the id and name, and the next fetch returns that user's own GitHub token", async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    expect(pod.context.currentUserId).toBe('bob')
    expect(pod.context.currentUserName).toBe('Bob Editor')
    const github = await fetchDict(pod, 'github')
    expect(ownerOf(e, github.token)).toBe('bob')
  })

  it("2: setCurrentUser('', '') clears id, name and caller token, so the next fetch goes out as BOT_TOKEN and returns the owner's token", async () => {
    const { engine: e, pod, tokens, events } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    pod.context.setCurrentUser('', '')
    expect([pod.context.currentUserId, pod.context.currentUserName, pod.context.callerToken]).toEqual(['', '', ''])
    const github = await fetchDict(pod, 'github')
    expect(events.of('runner.fetch').map((f) => [f.auth, f.currentUserHeader])).toEqual([['bot', null]])
    expect(ownerOf(e, github.token)).toBe('alice')
  })
})

describe('TestSanitizeUserContext (docs/platform/platform-tests.md#runner-tests, 3–6), through the runner POST / handler', () => {
  it('3: normal id and name reach the context unchanged and the fetches name that user', async () => {
    const { pod, tokens, events } = await startPod()
    await postToRunner(pod, { 'X-Current-User-ID': 'bob', 'X-Current-User-Name': 'Bob Editor', 'X-Caller-Token': `Bearer ${tokens.bob}` }, 'github.whoami')
    expect([pod.context.currentUserId, pod.context.currentUserName]).toEqual(['bob', 'Bob Editor'])
    expect(new Set(credentialRequests(events).map((r) => r.headers['X-Runner-Current-User']))).toEqual(new Set(['bob']))
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob'])
    // '@' and '.' are in the id alphabet, as in the platform's user@example.com case.
    await postToRunner(pod, { 'X-Current-User-ID': 'user@example.com', 'X-Current-User-Name': 'Alice Smith' }, '')
    expect([pod.context.currentUserId, pod.context.currentUserName]).toEqual(['user@example.com', 'Alice Smith'])
  })

  it('4: control characters never reach the context: the wire refuses C0 with a 400, the runner strips C1 and non-id characters', async () => {
    const { pod, tokens, events } = await startPod()
    const port = Number(new URL(pod.url).port)
    const body = JSON.stringify({ threadId: 'direct', messages: [{ role: 'user', content: 'github.whoami' }] })
    const request = (id: string, name: string): Buffer =>
      Buffer.concat([
        Buffer.from('POST / HTTP/1.1\r\nHost: runner\r\nContent-Type: application/json\r\nConnection: close\r\n', 'latin1'),
        Buffer.from(`X-Current-User-ID: ${id}\r\nX-Current-User-Name: ${name}\r\nX-Caller-Token: Bearer ${tokens.bob}\r\n`, 'latin1'),
        Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, 'latin1')
      ])
    const refused = await rawExchange(port, request('bob', 'Al\x1fice'))
    expect(refused).toMatch(/^HTTP\/1\.1 400 /)
    expect(refused).toContain('{"error":')
    expect(contextSetDetails(events)).toEqual([])
    const accepted = await rawExchange(port, request('bo\x85b!', 'Bob\x85 Editor\x9f'))
    expect(accepted).toMatch(/^HTTP\/1\.1 200 /)
    expect([pod.context.currentUserId, pod.context.currentUserName]).toEqual(['bob', 'Bob Editor'])
    // The sanitized id is what the backend saw, so bob's own credentials came back.
    expect(events.of('rbac').filter((r) => r.slot === 'github').map((r) => [r.header, r.effective])).toContainEqual(['bob', 'bob'])
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob'])
  })

  it('5: an id and a name of 300 characters are cut to 255, and the truncated id, being nobody, gets nobody\'s credentials', async () => {
    const { pod, tokens, events } = await startPod()
    await postToRunner(pod, { 'X-Current-User-ID': 'a'.repeat(300), 'X-Current-User-Name': 'b'.repeat(300), 'X-Caller-Token': `Bearer ${tokens.bob}` }, 'github.whoami')
    expect(pod.context.currentUserId).toBe('a'.repeat(255))
    expect(pod.context.currentUserName).toBe('b'.repeat(255))
    const headers = new Set(credentialRequests(events).map((r) => r.headers['X-Runner-Current-User']))
    expect(headers).toEqual(new Set(['a'.repeat(255)]))
    // No provider credential of anyone came back; only the MCP endpoint serves the owner anyway (R12).
    expect(events.of('credential.served').filter((c) => !c.slot.startsWith('mcp:'))).toEqual([])
    expect(events.of('tool.result').map((r) => [r.ok, r.actedAs])).toEqual([[false, null]])
  })

  it("6: empty id and name stay empty, and the run goes out as BOT_TOKEN with no header: the owner alice's credentials", async () => {
    const { pod, events } = await startPod()
    await postToRunner(pod, { 'X-Current-User-ID': '', 'X-Current-User-Name': '' }, 'github.whoami')
    expect([pod.context.currentUserId, pod.context.currentUserName]).toEqual(['', ''])
    expect(contextSetDetails(events)).toContain('current user (none), caller token empty')
    expect(new Set(events.of('runner.fetch').map((f) => `${f.auth}/${f.currentUserHeader}`))).toEqual(new Set(['bot/null']))
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['alice'])
  })
})

describe('TestClearRuntimeCredentials (docs/platform/platform-tests.md#runner-tests, 7–10)', () => {
  it("7: clear removes GITHUB_TOKEN, GITLAB_TOKEN, JIRA_API_TOKEN, JIRA_URL, JIRA_EMAIL and USER_GOOGLE_EMAIL after bob's populate", async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    for (const key of CLEARED_KEYS) expect(pod.env.has(key), key).toBe(true)
    expect(['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN'].map((k) => ownerOf(e, pod.env.get(k)))).toEqual(['bob', 'bob', 'bob'])
    await clearRuntimeCredentials(pod)
    for (const key of CLEARED_KEYS) expect(pod.env.has(key), key).toBe(false)
    const left = (await pod.holdings()).filter((h) => h.credential.owner === 'bob' && h.sink !== 'runner-context')
    expect(left).toEqual([])
  })

  it('8: clear on a pod that holds no credentials does not throw and changes nothing', async () => {
    const { pod } = await startPod()
    const before = new Map(pod.env)
    await expect(clearRuntimeCredentials(pod)).resolves.toBeUndefined()
    expect(new Map(pod.env)).toEqual(before)
  })

  it("9 (MERGE counterpart): clear REMOVES bob's Google credentials file and its now-empty directory", async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    const written = JSON.parse((await pod.workspace.read(GOOGLE_CREDENTIALS_FILE)) ?? '{}') as { token?: string }
    expect(ownerOf(e, written.token)).toBe('bob')
    await clearRuntimeCredentials(pod)
    expect(await pod.workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(false)
    expect(await pod.workspace.exists(GOOGLE_CREDENTIALS_DIR)).toBe(false)
  })

  it('10: clear keeps unrelated variables (PATH_BACKUP_TEST, BOT_TOKEN, MCP_CONFIG_FILE, one-underscore MCP_ keys) and drops MCP_<SERVER>_<FIELD>', async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.env.set('PATH_BACKUP_TEST', 'keep-me')
    pod.env.set('MCP_TIMEOUT', '30')
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    await populateMcpServerCredentials(pod)
    // R12: the MCP endpoint serves the owner's credential even in bob's fetch.
    expect(ownerOf(e, pod.env.get('MCP_DOCS_API_KEY'))).toBe('alice')
    const bot = pod.env.get('BOT_TOKEN')
    await clearRuntimeCredentials(pod)
    expect(pod.env.get('PATH_BACKUP_TEST')).toBe('keep-me')
    expect(pod.env.get('MCP_TIMEOUT')).toBe('30')
    expect(pod.env.get('MCP_CONFIG_FILE')).toBe('/app/ambient-runner/.mcp.json')
    expect(pod.env.get('BOT_TOKEN')).toBe(bot)
    expect(pod.env.has('MCP_DOCS_API_KEY')).toBe(false)
    expect(pod.env.has('GITHUB_TOKEN')).toBe(false)
  })
})

describe('TestTokenFiles (docs/platform/platform-tests.md#runner-tests, 11–15): MERGE counterparts', () => {
  it('11–15 (MERGE counterpart): populate writes no /tmp token files; the tokens live in the env, a second populate overwrites them with the new sender\'s, and clear leaves /tmp empty', async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    expect(await pod.workspace.exists('/tmp/.ambient_github_token')).toBe(false)
    expect(await pod.workspace.exists('/tmp/.ambient_gitlab_token')).toBe(false)
    expect(await pod.workspace.list('/tmp')).toEqual([])
    expect([ownerOf(e, pod.env.get('GITHUB_TOKEN')), ownerOf(e, pod.env.get('GITLAB_TOKEN'))]).toEqual(['bob', 'bob'])
    pod.context.setCurrentUser('carol', 'Carol Viewer', `Bearer ${tokens.carol}`)
    await populateRuntimeCredentials(pod)
    expect([ownerOf(e, pod.env.get('GITHUB_TOKEN')), ownerOf(e, pod.env.get('GITLAB_TOKEN'))]).toEqual(['carol', 'carol'])
    await clearRuntimeCredentials(pod)
    expect(pod.env.has('GITHUB_TOKEN')).toBe(false)
    expect(pod.env.has('GITLAB_TOKEN')).toBe(false)
    expect(await pod.workspace.list('/tmp')).toEqual([])
  })
})

describe('TestFetchCredentialHeaders (docs/platform/platform-tests.md#runner-tests, 16–18)', () => {
  it("16: with a caller token the backend sees bob's own Authorization and X-Runner-Current-User: bob, and serves bob's token", async () => {
    const { engine: e, pod, tokens, botToken, events } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    const github = await fetchDict(pod, 'github')
    expect(ownerOf(e, github.token)).toBe('bob')
    const [sent] = credentialRequests(events)
    expect(sent?.headers.Authorization).toBe(e.sim.redactor.redact(`Bearer ${tokens.bob}`))
    expect(sent?.headers.Authorization).not.toBe(e.sim.redactor.redact(`Bearer ${botToken}`))
    expect(sent?.headers['X-Runner-Current-User']).toBe('bob')
    // The backend's own view: it resolved bob, read the header bob, and decided row 10.
    expect(events.of('rbac').map((r) => [r.authUser, r.header, r.row, r.effective])).toEqual([['bob', 'bob', 10, 'bob']])
  })

  it("17: with no user set the runner omits X-Runner-Current-User and the backend serves the owner's token", async () => {
    const { engine: e, pod, botToken, events } = await startPod()
    const github = await fetchDict(pod, 'github')
    expect(ownerOf(e, github.token)).toBe('alice')
    const [sent] = credentialRequests(events)
    expect(sent?.headers).not.toHaveProperty('X-Runner-Current-User')
    expect(sent?.headers.Authorization).toBe(e.sim.redactor.redact(`Bearer ${botToken}`))
    expect(events.of('rbac').map((r) => r.header)).toEqual([null])
  })

  it('18: a backend that is not listening gives {} and nothing reaches the real backend', async () => {
    const { pod, events } = await startPod()
    pod.env.set('BACKEND_API_URL', 'http://127.0.0.1:1/api')
    pod.context.setCurrentUser('user-123', '')
    await expect(fetchCredential(pod, 'github')).resolves.toEqual({})
    expect(events.of('runner.fetch').map((f) => [f.status, f.outcome])).toEqual([[null, 'error']])
    expect(events.of('rbac')).toEqual([])
  })
})

describe('TestFetchCredentialOperatorPath (docs/platform/platform-tests.md#runner-tests, 19–22)', () => {
  it('19 (MERGE counterpart): the request path is BACKEND_API_URL (trailing slash stripped) + /projects/<PROJECT_NAME>/agentic-sessions/<session>/credentials/github, with AGENTIC_SESSION_NAMESPACE when PROJECT_NAME is empty', async () => {
    const { engine: e, pod, tokens, events } = await startPod()
    const base = pod.env.get('BACKEND_API_URL') ?? ''
    pod.env.set('BACKEND_API_URL', `${base}/`)
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    const first = await fetchDict(pod, 'github')
    pod.env.set('PROJECT_NAME', '')
    const second = await fetchDict(pod, 'github')
    const expected = `${base}/projects/demo/agentic-sessions/shared-1/credentials/github`
    expect(credentialRequests(events).map((r) => r.url)).toEqual([expected, expected])
    expect([ownerOf(e, first.token), ownerOf(e, second.token)]).toEqual(['bob', 'bob'])
  })

  it('20 (MERGE counterpart): CREDENTIAL_IDS is ignored; the fetch still goes to the session credential URL of the backend', async () => {
    const { engine: e, pod, tokens, events } = await startPod()
    pod.env.set('CREDENTIAL_IDS', JSON.stringify({ github: 'cred-abc' }))
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    const github = await fetchDict(pod, 'github')
    expect(ownerOf(e, github.token)).toBe('bob')
    expect(credentialRequests(events).map((r) => new URL(r.url).pathname)).toEqual(['/api/projects/demo/agentic-sessions/shared-1/credentials/github'])
    expect(events.of('http.request').some((r) => r.url.includes('/ambient/v1/'))).toBe(false)
  })

  it('21: without PROJECT_NAME and AGENTIC_SESSION_NAMESPACE, or without BACKEND_API_URL, the fetch returns {} and sends nothing', async () => {
    const { pod, tokens, events } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    pod.env.delete('PROJECT_NAME')
    pod.env.delete('AGENTIC_SESSION_NAMESPACE')
    await expect(fetchCredential(pod, 'github')).resolves.toEqual({})
    pod.env.set('PROJECT_NAME', 'demo')
    pod.env.delete('BACKEND_API_URL')
    await expect(fetchCredential(pod, 'github')).resolves.toEqual({})
    expect(events.of('runner.fetch').map((f) => f.outcome)).toEqual(['skipped', 'skipped'])
    expect(events.of('http.request')).toEqual([])
  })

  it("22: when only GitHub is configured, populate sets bob's GITHUB_TOKEN and nothing else, and clear removes it", async () => {
    const { engine: e, pod, tokens } = await startPod({ world: worldWithBob({ github: true }) })
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    expect(ownerOf(e, pod.env.get('GITHUB_TOKEN'))).toBe('bob')
    for (const key of ['GITLAB_TOKEN', 'JIRA_API_TOKEN', 'JIRA_URL', 'JIRA_EMAIL', 'USER_GOOGLE_EMAIL']) expect(pod.env.has(key), key).toBe(false)
    expect(await pod.workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(false)
    await clearRuntimeCredentials(pod)
    expect(pod.env.has('GITHUB_TOKEN')).toBe(false)
  })
})

describe('TestPopulateCredentialsResponseFormats (docs/platform/platform-tests.md#runner-tests, 23–24)', () => {
  it("23 (MERGE form): bob's Google accessToken response becomes credentials.json (not <email>.json) with mode 0600, every field, and the expiry kept as served (Z not stripped)", async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    const stored = await e.sim.credentials.read('bob', 'google')
    if (stored?.provider !== 'google') throw new Error('bob has no stored Google credential')
    const file = JSON.parse((await pod.workspace.read(GOOGLE_CREDENTIALS_FILE)) ?? '{}') as Record<string, unknown>
    expect(file).toEqual({
      token: stored.accessToken,
      refresh_token: stored.refreshToken,
      token_uri: 'https://oauth2.googleapis.com/token',
      client_id: pod.env.get('GOOGLE_OAUTH_CLIENT_ID'),
      client_secret: pod.env.get('GOOGLE_OAUTH_CLIENT_SECRET'),
      scopes: stored.scopes,
      // As served: Go writes the time without a zero fraction.
      expiry: goTime(stored.expiresAt)
    })
    expect(String(file.expiry)).toMatch(/Z$/)
    expect([ownerOf(e, file.token), ownerOf(e, file.refresh_token)]).toEqual(['bob', 'bob'])
    expect(await pod.workspace.mode(GOOGLE_CREDENTIALS_FILE)).toBe(0o600)
    expect(await pod.workspace.list(GOOGLE_CREDENTIALS_DIR)).toEqual([GOOGLE_CREDENTIALS_FILE])
    expect(pod.env.get('USER_GOOGLE_EMAIL')).toBe(stored.email)
  })

  it("24: bob's Jira apiToken response sets JIRA_API_TOKEN, JIRA_URL and JIRA_EMAIL to bob's", async () => {
    const { engine: e, pod, tokens } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    const stored = await e.sim.credentials.read('bob', 'jira')
    if (stored?.provider !== 'jira') throw new Error('bob has no stored Jira credential')
    expect(pod.env.get('JIRA_API_TOKEN')).toBe(stored.apiToken)
    expect(ownerOf(e, pod.env.get('JIRA_API_TOKEN'))).toBe('bob')
    expect(pod.env.get('JIRA_EMAIL')).toBe(stored.email)
    expect(pod.env.get('JIRA_URL')).toBe('https://acme.atlassian.net')
  })
})

describe('TestCredentialLifecycle (docs/platform/platform-tests.md#runner-tests, 25)', () => {
  it("25 (R11): bob set with no caller token populates the OWNER alice's GitHub, Jira and GitLab tokens, and clear removes them all", async () => {
    const { engine: e, pod, events } = await startPod()
    pod.context.setCurrentUser('bob', 'Bob Editor')
    await populateRuntimeCredentials(pod)
    expect(events.of('runner.fetch').every((f) => f.auth === 'bot' && f.currentUserHeader === null)).toBe(true)
    expect(['GITHUB_TOKEN', 'JIRA_API_TOKEN', 'GITLAB_TOKEN'].map((k) => ownerOf(e, pod.env.get(k)))).toEqual(['alice', 'alice', 'alice'])
    await clearRuntimeCredentials(pod)
    for (const key of ['GITHUB_TOKEN', 'JIRA_API_TOKEN', 'GITLAB_TOKEN', 'JIRA_URL', 'JIRA_EMAIL']) expect(pod.env.has(key), key).toBe(false)
  })
})

describe('TestFetchCredentialAuthFailures (docs/platform/platform-tests.md#runner-tests, 26–30)', () => {
  it('26 (MERGE counterpart): a BOT-only 401 returns {} after one request, with no retry and no exception', async () => {
    const { pod, events } = await startPod()
    pod.env.set('BOT_TOKEN', 'not-a-valid-token')
    await expect(fetchCredential(pod, 'github')).resolves.toEqual({})
    expect(events.of('runner.fetch').map((f) => [f.auth, f.status, f.outcome, f.fallback])).toEqual([['bot', 401, 'empty', false]])
    expect(credentialRequests(events)).toHaveLength(1)
  })

  it('27 (MERGE counterpart): a BOT-only 403 on google returns {} after one request, with no retry and no exception', async () => {
    const { pod, tokens, events } = await startPod()
    // mallory is no member of demo: her token passes authentication and fails the project SSAR.
    pod.env.set('BOT_TOKEN', tokens.mallory ?? '')
    await expect(fetchCredential(pod, 'google')).resolves.toEqual({})
    expect(events.of('runner.fetch').map((f) => [f.slot, f.auth, f.status, f.fallback])).toEqual([['google', 'bot', 403, false]])
    expect(credentialRequests(events)).toHaveLength(1)
  })

  it("28 (MERGE counterpart, R6): bob's expired caller token 401s, the BOT_TOKEN fallback naming bob 403s because BOT resolves to alice, and the result is {}", async () => {
    const { engine: e, pod, tokens, botToken, events } = await startPod()
    e.sim.cluster.expire(tokens.bob ?? '')
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await expect(fetchCredential(pod, 'github')).resolves.toEqual({})
    const sent = credentialRequests(events)
    expect(sent.map((r) => [r.headers.Authorization, r.headers['X-Runner-Current-User']])).toEqual([
      [e.sim.redactor.redact(`Bearer ${tokens.bob}`), 'bob'],
      [e.sim.redactor.redact(`Bearer ${botToken}`), 'bob']
    ])
    expect(events.of('rbac').map((r) => [r.authUser, r.header, r.row, r.allow])).toEqual([['alice', 'bob', 11, false]])
    expect(events.of('runner.fetch').map((f) => [f.status, f.fallback])).toEqual([[403, true]])
  })

  it('29: a 404 (bob has no GitLab) returns {} and does not trigger the BOT_TOKEN fallback', async () => {
    const { pod, tokens, events } = await startPod({ world: worldWithBob({ github: true }) })
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await expect(fetchCredential(pod, 'gitlab')).resolves.toEqual({})
    expect(events.of('runner.fetch').map((f) => [f.auth, f.status, f.fallback])).toEqual([['caller', 404, false]])
    expect(credentialRequests(events)).toHaveLength(1)
  })

  it("30: the owner alice's expired caller token 401s and the BOT_TOKEN fallback naming alice succeeds with alice's own token", async () => {
    const { engine: e, pod, tokens, events } = await startPod()
    e.sim.cluster.expire(tokens.alice ?? '')
    pod.context.setCurrentUser('alice', 'Alice Owner', `Bearer ${tokens.alice}`)
    const github = await fetchDict(pod, 'github')
    expect(ownerOf(e, github.token)).toBe('alice')
    expect(events.of('runner.fetch').map((f) => [f.auth, f.currentUserHeader, f.status, f.fallback])).toEqual([['bot', 'alice', 200, true]])
    expect(events.of('http.response').filter((r) => r.from === 'backend' && r.to === 'runner').map((r) => r.status)).toEqual([401, 200])
  })
})

describe('TestPopulateRuntimeCredentialsAuthFailures (docs/platform/platform-tests.md#runner-tests, 31–33)', () => {
  it('31–32 (MERGE counterpart): populate resolves even when every provider answers 401, and leaves only the default git identity', async () => {
    const { pod, events } = await startPod()
    pod.env.set('BOT_TOKEN', 'not-a-valid-token')
    await expect(populateRuntimeCredentials(pod)).resolves.toBeUndefined()
    expect(events.of('runner.fetch').map((f) => f.status)).toEqual([401, 401, 401, 401])
    for (const key of CLEARED_KEYS) expect(pod.env.has(key), key).toBe(false)
    expect([pod.env.get('GIT_USER_NAME'), pod.env.get('GIT_USER_EMAIL')]).toEqual(['Ambient Code Bot', 'bot@ambient-code.local'])
  })

  it('33: populate resolves when bob has no credentials at all, with no auth error and no credential of anyone in the env', async () => {
    const { pod, tokens, events } = await startPod({ world: worldWithBob({}) })
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await expect(populateRuntimeCredentials(pod)).resolves.toBeUndefined()
    const statuses = events.of('runner.fetch').map((f) => f.status)
    expect(statuses).toHaveLength(4)
    expect(statuses.some((s) => s === 200 || s === 401 || s === 403)).toBe(false)
    const userCredentials = (await pod.holdings()).filter(
      (h) => (h.sink === 'runner-env' || h.sink === 'workspace-file') && !h.credential.owner.startsWith('sa:') && !h.credential.owner.startsWith('platform:')
    )
    expect(userCredentials).toEqual([])
  })
})

describe('TestRefreshCredentialsTool (docs/platform/platform-tests.md#runner-tests, 34–35)', () => {
  it('34 (MERGE counterpart): refresh_credentials reports success even though every fetch it made was refused with 401', async () => {
    const { engine: e, pod, events } = await startPod()
    pod.env.set('BOT_TOKEN', 'not-a-valid-token')
    // A browser-session sender brings no caller token, so every fetch goes out with the broken BOT_TOKEN.
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob', browserSession: true }, project: 'demo', session: 'shared-1', message: 'refresh_credentials' })
    const turn = outcome.turn?.turn ?? ''
    const all = events.all.filter((ev) => ev.turn === turn)
    const toolAt = all.findIndex((ev) => ev.kind === 'tool.call' && ev.tool === 'refresh_credentials')
    const afterTool = all.slice(toolAt).filter((ev): ev is EventOf<'runner.fetch'> => ev.kind === 'runner.fetch')
    expect(afterTool.map((f) => f.status)).toEqual([401, 401, 401, 401])
    const [result] = events.of('tool.result', turn)
    expect(result?.ok).toBe(true)
    expect(result?.summary).toMatch(/successfully/i)
  })

  it("35: refresh_credentials in bob's turn reports success and refetches with bob's caller token, getting bob's credentials", async () => {
    const { engine: e, events } = await startPod()
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'refresh_credentials' })
    const turn = outcome.turn?.turn ?? ''
    const all = events.all.filter((ev) => ev.turn === turn)
    const toolAt = all.findIndex((ev) => ev.kind === 'tool.call' && ev.tool === 'refresh_credentials')
    const after = all.slice(toolAt)
    const fetches = after.filter((ev): ev is EventOf<'runner.fetch'> => ev.kind === 'runner.fetch')
    // The four fetches are gathered, so they end in whatever order the loopback answers them.
    expect(fetches.map((f) => [f.slot, f.auth, f.currentUserHeader, f.status]).sort()).toEqual([
      ['github', 'caller', 'bob', 200],
      ['gitlab', 'caller', 'bob', 200],
      ['google', 'caller', 'bob', 200],
      ['jira', 'caller', 'bob', 200]
    ])
    const served = after.filter((ev): ev is EventOf<'credential.served'> => ev.kind === 'credential.served')
    expect(new Set(served.map((s) => s.owner))).toEqual(new Set(['bob']))
    const [result] = events.of('tool.result', turn)
    expect(result?.ok).toBe(true)
    expect(result?.summary).toMatch(/successfully/i)
  })
})

describe('TestFetchCredentialBotToken (docs/platform/platform-tests.md#runner-tests, 37–38)', () => {
  it("37: with no caller token the runner sends Authorization: Bearer <BOT_TOKEN>, stripped of surrounding whitespace, and gets the owner's token", async () => {
    const { engine: e, pod, botToken, events } = await startPod()
    pod.env.set('BOT_TOKEN', `  ${botToken}\n`)
    const github = await fetchDict(pod, 'github')
    expect(credentialRequests(events).map((r) => r.headers.Authorization)).toEqual([e.sim.redactor.redact(`Bearer ${botToken}`)])
    expect(ownerOf(e, github.token)).toBe('alice')
  })

  it("38 (R6): the BOT_TOKEN the runner sends is the session ServiceAccount's own, which the backend maps through its annotation to the owner alice", async () => {
    const { engine: e, pod, botToken, events } = await startPod()
    expect(pod.env.get('BOT_TOKEN')).toBe(botToken)
    expect(e.sim.registry.refOf(botToken)?.owner).toBe('sa:demo/ambient-session-shared-1')
    const github = await fetchDict(pod, 'github')
    expect(events.of('identity').map((i) => [i.source, i.userID])).toContainEqual(['sa-annotation', 'alice'])
    expect(events.of('rbac').map((r) => [r.isBot, r.authUser, r.row])).toEqual([[false, 'alice', 6]])
    expect(ownerOf(e, github.token)).toBe('alice')
  })
})

describe('TestGhWrapper (docs/platform/platform-tests.md#runner-tests, 39–42): MERGE counterpart', () => {
  it('39–42 (MERGE counterpart): populating twice installs no gh wrapper, sets no GH_TOKEN and leaves PATH untouched', async () => {
    const { pod, tokens } = await startPod()
    const path = pod.env.get('PATH')
    pod.context.setCurrentUser('bob', 'Bob Editor', `Bearer ${tokens.bob}`)
    await populateRuntimeCredentials(pod)
    await populateRuntimeCredentials(pod)
    expect(pod.env.get('PATH')).toBe(path)
    expect(pod.env.has('GH_TOKEN')).toBe(false)
    const files = await pod.workspace.list('/')
    expect(files.filter((f) => /(^|\/)gh$|gh-wrapper|git-credential-ambient/.test(f))).toEqual([])
    expect(files).toEqual([DEFAULT_MCP_CONFIG_FILE, GIT_CONFIG_FILE, GOOGLE_CREDENTIALS_FILE].sort())
  })
})

describe('TestClaudeBridgeFirstRunMCPRebuild (docs/platform/platform-tests.md#first-run-mcp-rebuild, B1–B2)', () => {
  it("B1 (MERGE counterpart): the first run does not rebuild the MCP servers; the adapter uses the servers built at setup from bob's env, which stay in memory after the turn (R3)", async () => {
    const { engine: e, pod, events } = await startPod()
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'jira.myself' })
    const steps = events.of('runner.step', outcome.turn?.turn ?? '').map((s) => s.step)
    expect(steps).toContain('setup-platform')
    expect(steps).not.toContain('mcp-rebuilt')
    expect(steps).not.toContain('user-changed')
    expect(steps.filter((s) => s === 'adapter-built')).toHaveLength(1)
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob'])
    expect(ownerOf(e, pod.bridge.builtMcpServers?.['mcp-atlassian']?.env.JIRA_API_TOKEN)).toBe('bob')
  })

  it('B2: a second run by the same user on the same thread rebuilds nothing and reuses the worker and adapter', async () => {
    const { engine: e, events } = await startPod()
    const send = (): ReturnType<Engine['sendTurn']> =>
      e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'jira.myself' })
    await send()
    const second = await send()
    const steps = events.of('runner.step', second.turn?.turn ?? '').map((s) => s.step)
    expect(steps).toContain('populate')
    for (const step of ['setup-platform', 'user-changed', 'worker-destroyed', 'mcp-rebuilt', 'adapter-built', 'worker-created'] as const) {
      expect(steps, step).not.toContain(step)
    }
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob', 'bob'])
  })
})
