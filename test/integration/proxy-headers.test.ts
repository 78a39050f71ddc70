/**
 * The AG-UI proxy (docs/platform/proxy.md#the-headers-to-the-runner): the exact headers it sends the runner for each kind of sender,
 * what the runner did with them, the 200 of POST agui/run, the active-user map, the stale sweep,
 * and a runner that is down. Headers are read from the `http.request` trace events from 'proxy'
 * to 'runner' (masked), from the raw trace tap (exact values), and from the runner side.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { EventBody, EventOf } from '../../src/shared/events'
import type { Engine } from '../../src/main/engine/engine'
import type { TurnSender } from '../../src/shared/sender'
import { DEFAULT_WORLD } from '../../src/main/world/default-world'
import { recordEvents, request, startTestEngine, type TestEngineOptions } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

const RUN_PATH = '/api/projects/demo/agentic-sessions/shared-1/agui/run'
const EVENTS_PATH = '/api/projects/demo/agentic-sessions/shared-1/agui/events'

interface Started {
  engine: Engine
  tokens: Record<string, string>
  botToken: string
  apiKeyToken: string
  events: ReturnType<typeof recordEvents>
  /** The headers of every proxy → runner POST, unmasked, as the proxy built them. */
  rawToRunner: Array<Record<string, string>>
}

async function start(options: TestEngineOptions = {}): Promise<Started> {
  const started = await startTestEngine({ profile: 'merged', ...options })
  engine = started
  const world = await started.world()
  const rawToRunner: Array<Record<string, string>> = []
  started.sim.trace.addRawTap((body: EventBody) => {
    if (body.kind === 'http.request' && body.from === 'proxy' && body.to === 'runner') rawToRunner.push({ ...body.headers })
  })
  return {
    engine: started,
    tokens: Object.fromEntries(world.users.map((u) => [u.id, u.token])),
    botToken: world.sessions.find((s) => s.name === 'shared-1')?.botToken ?? '',
    apiKeyToken: world.apiKeys.find((k) => k.name === 'ci-bot')?.token ?? '',
    events: recordEvents(started),
    rawToRunner
  }
}

function turnOf(e: Engine, sender: TurnSender, message = 'github.whoami'): ReturnType<Engine['sendTurn']> {
  return e.sendTurn({ sender, project: 'demo', session: 'shared-1', message })
}

function proxyToRunner(events: Started['events']): Array<EventOf<'http.request'>> {
  return events.of('http.request').filter((r) => r.from === 'proxy' && r.to === 'runner')
}

function runnerToBackend(events: Started['events']): Array<EventOf<'http.request'>> {
  return events.of('http.request').filter((r) => r.from === 'runner' && r.to === 'backend' && r.url.includes('/credentials/'))
}

function masked(e: Engine, value: string): string {
  return e.sim.redactor.redact(value)
}

function sortedKeys(headers: Record<string, string> | undefined): string[] {
  return Object.keys(headers ?? {}).sort()
}

describe('headers the proxy sends the runner (docs/platform/proxy.md#the-headers-to-the-runner), merged', () => {
  it("a user with Authorization through the front door: ID, name and X-Caller-Token = bob's full Authorization; the runner fetches bob's own credentials with it", async () => {
    const { engine: e, tokens, events, rawToRunner } = await start()
    const outcome = await turnOf(e, { kind: 'user', userId: 'bob' })
    expect(outcome.turn?.status).toBe('finished')
    const [sent] = proxyToRunner(events)
    expect(sortedKeys(sent?.headers)).toEqual(['Accept', 'Content-Type', 'X-Caller-Token', 'X-Current-User-ID', 'X-Current-User-Name'])
    // The name is gin userName, i.e. X-Forwarded-Preferred-Username: the username, not the display name (docs/platform/identity.md#forwardedidentitymiddleware).
    expect(rawToRunner).toEqual([
      {
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
        'X-Current-User-ID': 'bob',
        'X-Current-User-Name': 'bob',
        'X-Caller-Token': `Bearer ${tokens.bob}`
      }
    ])
    // The trace never carries the token itself, only its masked form.
    expect(sent?.headers['X-Caller-Token']).toBe(masked(e, `Bearer ${tokens.bob}`))
    expect(sent?.headers['X-Caller-Token']).not.toContain(tokens.bob)
    // Runner side: the context got bob and the token; every fetch used that token and named bob.
    expect(events.of('runner.step').filter((s) => s.step === 'context-set').map((s) => s.detail)).toEqual(['current user bob, caller token set'])
    const fetches = runnerToBackend(events)
    expect(fetches.length).toBeGreaterThan(0)
    expect(new Set(fetches.map((f) => `${f.headers.Authorization}|${f.headers['X-Runner-Current-User']}`))).toEqual(
      new Set([`${masked(e, `Bearer ${tokens.bob}`)}|bob`])
    )
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob'])
    const pod = e.runner('demo', 'shared-1')
    expect([pod?.context.currentUserId, pod?.context.currentUserName, pod?.context.callerToken]).toEqual(['bob', 'bob', ''])
  })

  it('X-Caller-Token is the Authorization value verbatim, even a raw token without the Bearer prefix', async () => {
    const { engine: e, tokens, rawToRunner } = await start()
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'github.whoami' }] })
    const response = await request(`${e.frontDoor.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: tokens.bob ?? '', 'Content-Type': 'application/json' }, body })
    expect(response.status).toBe(200)
    await e.waitForTurn(String(response.json.runId))
    expect(rawToRunner.map((h) => h['X-Caller-Token'])).toEqual([tokens.bob])
  })

  it("R11: a browser session (only the _oauth_proxy cookie) sends ID and name but no X-Caller-Token, so the runner fetches with BOT_TOKEN and no header and bob's turn gets the owner alice's credentials", async () => {
    const { engine: e, botToken, events, rawToRunner } = await start()
    const outcome = await turnOf(e, { kind: 'user', userId: 'bob', browserSession: true })
    expect(outcome.turn?.status).toBe('finished')
    const [upstream] = events.of('http.request').filter((r) => r.from === 'frontdoor' && r.to === 'backend')
    expect(upstream?.headers).not.toHaveProperty('authorization')
    expect(upstream?.headers).toHaveProperty('x-forwarded-access-token')
    expect(rawToRunner).toEqual([{ 'Content-Type': 'application/json', Accept: 'text/event-stream', 'X-Current-User-ID': 'bob', 'X-Current-User-Name': 'bob' }])
    expect(events.of('runner.step').filter((s) => s.step === 'context-set').map((s) => s.detail)).toEqual(['current user bob, caller token empty'])
    const fetches = runnerToBackend(events)
    expect(new Set(fetches.map((f) => f.headers.Authorization))).toEqual(new Set([masked(e, `Bearer ${botToken}`)]))
    expect(fetches.some((f) => 'X-Runner-Current-User' in f.headers)).toBe(false)
    expect(new Set(events.of('rbac').map((r) => r.effective))).toEqual(new Set(['alice']))
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['alice'])
    expect(events.of('leak').some((l) => l.finding.invariant === 'foreign-credential' && l.finding.owner === 'alice')).toBe(true)
  })

  it("an API key: X-Current-User-ID is the key's creator alice (annotation), no name, and X-Caller-Token is the key's own Authorization", async () => {
    const { engine: e, apiKeyToken, events, rawToRunner } = await start()
    const outcome = await turnOf(e, { kind: 'apikey', key: 'ci-bot' })
    expect(outcome.turn?.status).toBe('finished')
    expect(rawToRunner).toEqual([
      { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'X-Current-User-ID': 'alice', 'X-Caller-Token': `Bearer ${apiKeyToken}` }
    ])
    const [sent] = proxyToRunner(events)
    expect(sortedKeys(sent?.headers)).toEqual(['Accept', 'Content-Type', 'X-Caller-Token', 'X-Current-User-ID'])
    expect(sent?.headers['X-Caller-Token']).toBe(masked(e, `Bearer ${apiKeyToken}`))
    const fetches = runnerToBackend(events)
    expect(new Set(fetches.map((f) => `${f.headers.Authorization}|${f.headers['X-Runner-Current-User']}`))).toEqual(
      new Set([`${masked(e, `Bearer ${apiKeyToken}`)}|alice`])
    )
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['alice'])
    // The turn is the key's creator's: it says so from its first event on.
    expect(events.of('turn.started').map((t) => t.expectedOwner)).toEqual(['alice'])
  })

  it("a scheduled run posts the session's BOT_TOKEN straight to the backend; R6 maps it to the owner, so the runner gets X-Current-User-ID: alice and the BOT_TOKEN as X-Caller-Token", async () => {
    const { engine: e, botToken, events, rawToRunner } = await start()
    const outcome = await turnOf(e, { kind: 'scheduled' })
    expect(outcome.turn?.status).toBe('finished')
    expect(events.of('http.request').filter((r) => r.to === 'frontdoor' || r.from === 'frontdoor')).toEqual([])
    expect(events.of('http.request').filter((r) => r.from === 'client' && r.to === 'backend').map((r) => r.headers.Authorization)).toEqual([
      masked(e, `Bearer ${botToken}`)
    ])
    expect(rawToRunner).toEqual([
      { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'X-Current-User-ID': 'alice', 'X-Caller-Token': `Bearer ${botToken}` }
    ])
    expect(proxyToRunner(events).map((r) => r.headers['X-Caller-Token'])).toEqual([masked(e, `Bearer ${botToken}`)])
    // Runner side: the BOT_TOKEN came back as the caller token and every fetch named alice.
    expect(new Set(runnerToBackend(events).map((f) => `${f.headers.Authorization}|${f.headers['X-Runner-Current-User']}`))).toEqual(
      new Set([`${masked(e, `Bearer ${botToken}`)}|alice`])
    )
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['alice'])
    expect(events.of('turn.started').map((t) => t.expectedOwner)).toEqual(['alice'])
  })

  it('a sender with no userID (an unannotated ServiceAccount) gets neither user header nor X-Caller-Token, and the owner credentials are announced', async () => {
    const world = { ...DEFAULT_WORLD, projects: (DEFAULT_WORLD.projects ?? []).map((p) => ({ ...p, serviceAccounts: [{ name: 'deployer', role: 'edit' as const }] })) }
    const { engine: e, events, rawToRunner } = await start({ world })
    const token = (await e.world()).serviceAccounts.find((sa) => sa.name === 'deployer')?.token ?? ''
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'github.whoami' }] })
    const response = await request(`${e.frontDoor.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
    expect(response.status).toBe(200)
    await e.waitForTurn(String(response.json.runId))
    expect(rawToRunner).toEqual([{ 'Content-Type': 'application/json', Accept: 'text/event-stream' }])
    expect(events.of('log').map((l) => l.text)).toContain('No userID for demo/shared-1 - will use session owner credentials')
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBeUndefined()
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['alice'])
    // Nobody sent it as a person, so nobody's credentials belong in it.
    expect(events.of('turn.started').map((t) => t.expectedOwner)).toEqual([null])
  })

  it('X-Forwarded-Access-Token is never forwarded to the runner, whatever the sender', async () => {
    const { engine: e, events, rawToRunner } = await start()
    const senders: TurnSender[] = [
      { kind: 'user', userId: 'alice' },
      { kind: 'user', userId: 'bob' },
      { kind: 'user', userId: 'bob', browserSession: true },
      { kind: 'apikey', key: 'ci-bot' },
      { kind: 'scheduled' }
    ]
    for (const sender of senders) expect((await turnOf(e, sender, '')).status).toBe(200)
    expect(rawToRunner).toHaveLength(senders.length)
    for (const headers of rawToRunner) expect(Object.keys(headers).map((k) => k.toLowerCase())).not.toContain('x-forwarded-access-token')
    expect(proxyToRunner(events)).toHaveLength(senders.length)
  })
})

describe('hardened contrast for the browser session (spec R11, R20)', () => {
  it("a browser-session sender gets a run-bound caller token instead of nothing, so bob's turn uses bob's credentials", async () => {
    const { engine: e, tokens, events, rawToRunner } = await start({ profile: 'hardened' })
    await turnOf(e, { kind: 'user', userId: 'bob', browserSession: true })
    const [headers] = rawToRunner
    expect(headers?.['X-Current-User-ID']).toBe('bob')
    expect(headers?.['X-Caller-Token']).toMatch(/^Bearer /)
    expect(headers?.['X-Caller-Token']).not.toBe(`Bearer ${tokens.bob}`)
    expect(events.of('tool.result').map((r) => r.actedAs)).toEqual(['bob'])
  })
})

describe('POST agui/run (docs/platform/proxy.md#post-aguirun)', () => {
  it('answers 200 {runId, threadId} before the runner is contacted, with threadId defaulting to the session name and runId a new UUID', async () => {
    const { engine: e, tokens, events } = await start()
    // Hold the proxy at its first gated step after the turn starts: its POST to the runner.
    const unsubscribe = e.sim.trace.subscribe((ev) => {
      if (ev.kind === 'turn.started') e.debugger.pause()
    })
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'github.whoami' }] })
    const response = await request(`${e.frontDoor.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.bob}`, 'Content-Type': 'application/json' }, body })
    unsubscribe()
    expect(response.status).toBe(200)
    expect(Object.keys(response.json).sort()).toEqual(['runId', 'threadId'])
    expect(response.json.threadId).toBe('shared-1')
    const runId = String(response.json.runId)
    expect(runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(e.turns.get(runId)?.status).toBe('running')
    const held = e.debugger.state().held
    expect(held.map((h) => (h.kind === 'http.request' ? `${h.from}->${h.to}` : h.kind))).toEqual(['proxy->runner'])
    expect(events.of('runner.step')).toEqual([])
    e.debugger.resume()
    expect((await e.waitForTurn(runId)).status).toBe('finished')
  })

  it('echoes the runId and threadId the body carries', async () => {
    const { engine: e, tokens } = await start()
    const body = JSON.stringify({ runId: 'run-given', threadId: 'thread-given', messages: [{ role: 'user', content: '' }] })
    const response = await request(`${e.frontDoor.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.bob}`, 'Content-Type': 'application/json' }, body })
    expect(response.json).toEqual({ runId: 'run-given', threadId: 'thread-given' })
    expect((await e.waitForTurn('run-given')).thread).toBe('thread-given')
  })
})

describe('the active-user map (docs/platform/rbac.md#the-active-user-map, R1)', () => {
  /** The map's value for demo/shared-1 at the moment the proxy contacts the runner. */
  function activeAtRunnerCall(e: Engine): unknown[] {
    const seen: unknown[] = []
    e.sim.trace.subscribe((ev) => {
      if (ev.kind === 'http.request' && ev.from === 'proxy' && ev.to === 'runner') seen.push(e.state.activeUsers.get('demo', 'shared-1'))
    })
    return seen
  }

  it("R1 (merged): agui/run sets the sender bob before the runner is called, and bob's entry outlives the turn", async () => {
    const { engine: e, events } = await start()
    const seen = activeAtRunnerCall(e)
    await turnOf(e, { kind: 'user', userId: 'bob' })
    expect(seen).toEqual(['bob'])
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBe('bob')
    expect(events.of('active-user').map((a) => a.op)).toEqual(['set'])
  })

  it("hardened: agui/run sets bob before the runner is called and the entry is cleared when bob's turn ends", async () => {
    const { engine: e, events } = await start({ profile: 'hardened' })
    const seen = activeAtRunnerCall(e)
    await turnOf(e, { kind: 'user', userId: 'bob' })
    expect(seen).toEqual(['bob'])
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBeUndefined()
    expect(events.of('active-user').map((a) => [a.op, a.user])).toEqual([
      ['set', 'bob'],
      ['cleared', 'bob']
    ])
  })

  it('merged: the stale sweep keeps the entry at 60 minutes without agui traffic and clears it by 70 minutes', async () => {
    const { engine: e, events } = await start()
    await turnOf(e, { kind: 'user', userId: 'bob' })
    e.sim.clock.advance(60 * 60_000)
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBe('bob')
    e.sim.clock.advance(10 * 60_000)
    expect(e.state.activeUsers.get('demo', 'shared-1')).toBeUndefined()
    expect(events.of('sweep').flatMap((s) => s.clearedActiveUsers)).toEqual(['demo/shared-1'])
  })
})

describe('a runner that is down (docs/platform/proxy.md#post-aguirun)', () => {
  it('POST agui/run still answers 200, and GET agui/events streams RUN_STARTED then RUN_ERROR "Runner is not available"', async () => {
    const { engine: e, tokens } = await start()
    await e.runner('demo', 'shared-1')?.stop()
    const outcome = await turnOf(e, { kind: 'user', userId: 'bob' })
    expect(outcome.status).toBe(200)
    expect(outcome.turn?.status).toBe('error')
    const controller = new AbortController()
    const response = await fetch(`${e.frontDoor.url}${EVENTS_PATH}`, { headers: { Authorization: `Bearer ${tokens.bob}` }, signal: controller.signal })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const received = await readEventsUntil(response, (ev) => ev.type === 'RUN_ERROR')
    controller.abort()
    const runId = outcome.turn?.turn
    expect(received.map((ev) => [ev.type, ev.runId, ev.message])).toEqual([
      ['RUN_STARTED', runId, undefined],
      ['RUN_ERROR', runId, 'Runner is not available']
    ])
  })
})

interface StreamEvent {
  type: string
  runId?: string
  message?: string
}

/** Reads SSE `data:` events from a response until one matches, without waiting on timers. */
async function readEventsUntil(response: Response, done: (event: StreamEvent) => boolean): Promise<StreamEvent[]> {
  const reader = response.body?.getReader()
  if (!reader) throw new Error('no response body')
  const decoder = new TextDecoder()
  const out: StreamEvent[] = []
  let buffer = ''
  for (;;) {
    const { value, done: ended } = (await reader.read()) as { value?: Uint8Array; done: boolean }
    if (ended) return out
    buffer += decoder.decode(value, { stream: true })
    let index: number
    while ((index = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, index)
      buffer = buffer.slice(index + 2)
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')
      if (!data) continue
      const event = JSON.parse(data) as StreamEvent
      out.push(event)
      if (done(event)) {
        await reader.cancel()
        return out
      }
    }
  }
}
