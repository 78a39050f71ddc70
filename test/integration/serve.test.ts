import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WorldView } from '../../src/main/engine/world-view'
import { Store } from '../../src/main/store/store'
import type { TraceEvent } from '../../src/shared/events'
import type { ReadyLine } from '../../src/shared/ready-line'

const ROOT = resolve(import.meta.dirname, '../..')
const CLI = join(ROOT, 'out/main/cli.js')

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** One `credscope serve` child: its output so far, its ready line, and its exit. */
interface Served {
  child: ChildProcessWithoutNullStreams
  db: string
  ready: ReadyLine
  stdout(): string
  stderr(): string
  exited: Promise<Exit>
}

const children: ChildProcessWithoutNullStreams[] = []
const dirs: string[] = []

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test builds before testing)`).toBe(true)
})

afterAll(async () => {
  await killAll()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function killAll(): Promise<void> {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    const gone = new Promise((done) => child.once('exit', done))
    child.kill('SIGKILL')
    await gone
  }
}

async function startServe(): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), 'credscope-serve-'))
  dirs.push(dir)
  const db = join(dir, 'c.db')
  // TMPDIR points the runner's workspace into our dir, so even a killed serve leaves nothing behind.
  const child = spawn(process.execPath, [CLI, 'serve', '--vault', 'memory', '--db', db], { cwd: ROOT, env: { ...process.env, TMPDIR: dir }, stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })))
  const ready = await new Promise<ReadyLine>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const newline = stdout.indexOf('\n')
      if (newline < 0) return
      const line = stdout.slice(0, newline)
      const parsed = parseJson(line)
      if (parsed === null) fail(new Error(`the first line on stdout is not JSON: ${line}`))
      else done(parsed as ReadyLine)
    })
    void exited.then((exit) => fail(new Error(`serve exited (${exit.code ?? exit.signal}) before it was ready: ${stderr}`)))
  })
  return { child, db, ready, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Waits for the child to exit; the bound only turns a hang into a failure, it is not a sleep. */
async function exitWithin(served: Served, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_done, fail) => (timer = setTimeout(() => fail(new Error(`serve did not exit within ${ms} ms`)), ms)))
  try {
    return await Promise.race([served.exited, limit])
  } finally {
    clearTimeout(timer)
  }
}

interface Reply {
  status: number
  text: string
  json: unknown
}

/**
 * A raw HTTP request as curl would send it. node:http, not fetch, because fetch may not set the
 * Host header, which is what a DNS-rebinding page controls.
 */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: { 'User-Agent': 'curl/8.5.0', Accept: '*/*', ...init.headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done({ status: res.statusCode ?? 0, text, json: parseJson(text) }))
    })
    req.on('error', fail)
    req.end(init.body)
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function control(served: Served, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return send(`${served.ready.controlUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${served.ready.controlToken}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers }
  })
}

async function world(served: Served): Promise<WorldView> {
  const reply = await control(served, '/world')
  expect(reply.status).toBe(200)
  return reply.json as WorldView
}

/** A turn's persisted events once it has finished, as the README's walkthrough reads them. */
async function turnEvents(served: Served, turn: string): Promise<TraceEvent[]> {
  const reply = await control(served, `/events?turn=${encodeURIComponent(turn)}&wait=1`)
  expect(reply.status).toBe(200)
  const { events } = reply.json as { events: TraceEvent[] }
  expect(events.some((e) => e.kind === 'turn.finished')).toBe(true)
  return events
}

/** Whether a TCP connection to host:port succeeds. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port })
    socket.setTimeout(2_000, () => {
      socket.destroy()
      done(false)
    })
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })
}

function expectErrorShape(reply: Reply): void {
  expect(reply.json).toEqual({ error: expect.any(String) as string })
}

describe('credscope serve, one process attacked over real HTTP', () => {
  let served: Served

  beforeAll(async () => {
    served = await startServe()
  })

  afterAll(async () => {
    served.child.kill('SIGTERM')
    await exitWithin(served, 10_000)
  })

  it('prints exactly one JSON ready line with every URL on 127.0.0.1', () => {
    expect(served.stdout().split('\n')).toEqual([expect.any(String), ''])
    expect(Object.keys(JSON.parse(served.stdout()) as object).sort()).toEqual(['appUrl', 'backendUrl', 'controlToken', 'controlUrl', 'frontDoorUrl', 'ready'])
    const { ready, appUrl, frontDoorUrl, backendUrl, controlUrl, controlToken } = served.ready
    expect(ready).toBe(true)
    for (const url of [appUrl, frontDoorUrl, backendUrl, controlUrl]) {
      expect(new URL(url).protocol).toBe('http:')
      expect(new URL(url).hostname).toBe('127.0.0.1')
      expect(Number(new URL(url).port)).toBeGreaterThan(0)
    }
    expect(controlToken.length).toBeGreaterThanOrEqual(24)
    // The web shell gets the token in the fragment, which a browser never sends to a server.
    expect(new URL(appUrl).hash).toBe(`#token=${controlToken}`)
  })

  it('refuses the control API without the token, with a wrong one, from a foreign Host or a foreign Origin', async () => {
    const url = `${served.ready.controlUrl}/world`
    const port = new URL(url).port
    const good = { Authorization: `Bearer ${served.ready.controlToken}` }

    const none = await send(url)
    expect(none.status).toBe(401)
    expectErrorShape(none)
    // One character off; the replacement must differ from the last character, or this is the token.
    const last = served.ready.controlToken.slice(-1)
    const wrong = await send(url, { headers: { Authorization: `Bearer ${served.ready.controlToken.slice(0, -1)}${last === 'x' ? 'y' : 'x'}` } })
    expect(wrong.status).toBe(401)
    expectErrorShape(wrong)
    const notBearer = await send(url, { headers: { Authorization: served.ready.controlToken } })
    expect(notBearer.status).toBe(401)

    const rebinding = await send(url, { headers: { ...good, Host: `attacker.example:${port}` } })
    expect(rebinding.status).toBe(403)
    expectErrorShape(rebinding)
    const crossSite = await send(url, { headers: { ...good, Origin: 'http://attacker.example' } })
    expect(crossSite.status).toBe(403)
    expectErrorShape(crossSite)
    const otherPort = await send(url, { headers: { ...good, Origin: `http://127.0.0.1:${Number(port) + 1}` } })
    expect(otherPort.status).toBe(403)

    // Our own web shell's origin, with the token, is let in.
    expect((await send(url, { headers: { ...good, Origin: `http://127.0.0.1:${port}` } })).status).toBe(200)
    // What was refused never reached a handler: the secrets stay out of the error bodies.
    for (const reply of [none, wrong, rebinding, crossSite]) expect(reply.text).not.toContain(served.ready.controlToken)
  })

  it('lists the default world on /world: four users with tokens, shared-1 with its sharing and BOT token, the ci-bot API key', async () => {
    const view = await world(served)
    expect(view.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol', 'mallory'])
    for (const user of view.users) expect(user.token.length, user.id).toBeGreaterThan(12)
    expect(new Set(view.users.map((u) => u.token)).size).toBe(4)
    const session = view.sessions.find((s) => s.project === 'demo' && s.name === 'shared-1')
    expect(session).toMatchObject({ owner: 'alice', sharedWith: { bob: 'edit', carol: 'view' }, serviceAccount: 'ambient-session-shared-1' })
    expect(session?.botToken.length).toBeGreaterThan(12)
    expect(new URL(session!.runnerUrl).hostname).toBe('127.0.0.1')
    expect(view.apiKeys).toEqual([expect.objectContaining({ project: 'demo', name: 'ci-bot', creator: 'alice' })])
    expect(view.apiKeys[0]?.token.length).toBeGreaterThan(12)
    expect(view.vault.backend).toBe('memory')
    // Users' provider credentials are shown masked, never whole.
    for (const user of view.users) for (const cred of user.credentials) expect(cred.masked).toContain('…')
  })

  it("runs bob's turn posted to the front door as curl would, with bob's GitHub credential", async () => {
    const view = await world(served)
    const bob = view.users.find((u) => u.id === 'bob')!
    const run = await send(`${served.ready.frontDoorUrl}/api/projects/demo/agentic-sessions/shared-1/agui/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob.token}`, 'Content-Type': 'application/json' },
      body: '{"messages":[{"role":"user","content":"github.whoami"}]}'
    })
    expect(run.status, run.text).toBe(200)
    const { runId } = run.json as { runId: string }
    expect(runId).toEqual(expect.any(String))

    const events = await turnEvents(served, runId)
    const started = events.find((e) => e.kind === 'turn.started')
    expect(started?.kind === 'turn.started' && started.sender).toEqual({ kind: 'user', userId: 'bob' })
    const github = events.flatMap((e) => (e.kind === 'credential.served' && e.slot === 'github' ? [e] : []))
    expect(github.length).toBeGreaterThan(0)
    expect(github.map((e) => e.owner)).toEqual(github.map(() => 'bob'))
    const results = events.flatMap((e) => (e.kind === 'tool.result' ? [e] : []))
    expect(results.map((r) => ({ tool: r.tool, actedAs: r.actedAs }))).toEqual([{ tool: 'github.whoami', actedAs: 'bob' }])
    expect(events.find((e) => e.kind === 'turn.finished')).toMatchObject({ status: 'finished' })
    // The persisted events carry bob's bearer token masked only.
    expect(JSON.stringify(events)).not.toContain(bob.token)
  })

  it('answers events?wait=1 for a turn that does not exist with 404 at once, instead of waiting forever', async () => {
    const reply = await control(served, '/events?turn=no-such-turn&wait=1')
    expect(reply.status).toBe(404)
    expect(reply.json).toEqual({ error: 'No turn no-such-turn in the live run' })
  })

  it('names the owner of a value on /whose', async () => {
    const view = await world(served)
    const bob = view.users.find((u) => u.id === 'bob')!
    const reply = await control(served, `/whose?value=${encodeURIComponent(bob.token)}`)
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({ owner: 'bob', provider: 'bearer' })
    expect(reply.text).not.toContain(bob.token)
    const unknown = await control(served, '/whose?value=not-a-credential-of-anyone')
    expect(unknown.status).toBe(404)
    expectErrorShape(unknown)
  })

  it('sends a turn through POST /control/turns', async () => {
    const reply = await control(served, '/turns', { method: 'POST', body: JSON.stringify({ as: 'bob', message: 'github.whoami' }) })
    expect(reply.status, reply.text).toBe(200)
    const outcome = reply.json as { status: number; turn: { turn: string; status: string; sender: unknown } }
    expect(outcome.status).toBe(200)
    expect(outcome.turn).toMatchObject({ status: 'finished', sender: { kind: 'user', userId: 'bob' } })
    const events = await turnEvents(served, outcome.turn.turn)
    expect(events.flatMap((e) => (e.kind === 'tool.result' ? [e.actedAs] : []))).toEqual(['bob'])

    const bad = await control(served, '/turns', { method: 'POST', body: '{"as":' })
    expect(bad.status).toBe(400)
    expectErrorShape(bad)
  })

  it('answers bad input with a 4xx in the error shape, never a 500', async () => {
    const view = await world(served)
    const bob = { Authorization: `Bearer ${view.users.find((u) => u.id === 'bob')!.token}`, 'Content-Type': 'application/json' }
    const runUrl = `${served.ready.frontDoorUrl}/api/projects/demo/agentic-sessions/shared-1/agui/run`
    const replies: Array<[string, Reply]> = [
      ['truncated JSON', await send(runUrl, { method: 'POST', headers: bob, body: '{"messages":' })],
      ['state not an object', await send(runUrl, { method: 'POST', headers: bob, body: '{"state":"x","messages":[]}' })],
      ['malformed path', await send(`${served.ready.frontDoorUrl}/api/projects/%ZZ/agentic-sessions/shared-1/agui/run`, { method: 'POST', headers: bob, body: '{}' })],
      ['unknown user', await control(served, '/turns', { method: 'POST', body: '{"as":"nobody"}' })],
      ['unknown API key', await control(served, '/turns', { method: 'POST', body: '{"as":"apikey:nope"}' })],
      ['schedule in an unknown session', await control(served, '/turns', { method: 'POST', body: '{"as":"scheduled","session":"nope"}' })],
      ['bad duration', await control(served, '/clock', { method: 'POST', body: '{"advance":"forever"}' })],
      ['token of an unknown user', await control(served, '/tokens', { method: 'POST', body: '{"user":"nobody","action":"expire"}' })]
    ]
    for (const [what, reply] of replies) {
      expect(reply.status, `${what}: ${reply.text}`).toBeGreaterThanOrEqual(400)
      expect(reply.status, `${what}: ${reply.text}`).toBeLessThan(500)
      expectErrorShape(reply)
    }
    expect(served.child.exitCode).toBeNull()
  })

  it('listens on 127.0.0.1 only: the same ports on another local address refuse', async () => {
    const view = await world(served)
    const ports = [served.ready.frontDoorUrl, served.ready.backendUrl, served.ready.controlUrl, view.sessions[0]!.runnerUrl].map((u) => Number(new URL(u).port))
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address)
    // On Linux all of 127/8 is local, so 127.0.0.2 tells a 127.0.0.1 bind from a wildcard one.
    if (process.platform === 'linux') others.push('127.0.0.2')
    for (const port of ports) {
      expect(await canConnect('127.0.0.1', port), `127.0.0.1:${port}`).toBe(true)
      for (const address of others) expect(await canConnect(address, port), `${address}:${port}`).toBe(false)
    }
  })
})

describe('credscope serve shutdown', () => {
  afterEach(async () => {
    await killAll()
  })

  it('exits 0 on SIGTERM, says stopped, and leaves its run marked finished', async () => {
    const served = await startServe()
    const view = await world(served)
    const secrets = [...view.users.map((u) => u.token), ...view.sessions.map((s) => s.botToken), ...view.apiKeys.map((k) => k.token)]
    const turn = await control(served, '/turns', { method: 'POST', body: JSON.stringify({ as: 'bob', message: 'github.whoami' }) })
    expect(turn.json).toMatchObject({ status: 200, turn: { status: 'finished' } })

    served.child.kill('SIGTERM')
    expect(await exitWithin(served, 10_000)).toEqual({ code: 0, signal: null })
    expect(served.stderr()).toMatch(/stopped\n$/)
    // Nothing but the ready line on stdout, and no principal's token in either stream.
    expect(served.stdout().split('\n')).toEqual([expect.any(String), ''])
    for (const secret of secrets) expect(served.stdout() + served.stderr()).not.toContain(secret)

    const store = Store.open(served.db)
    try {
      expect(store.run(view.runId)).toMatchObject({ status: 'finished', turnCount: 1 })
      expect(store.run(view.runId)?.endedAt).not.toBeNull()
    } finally {
      store.close()
    }
  })

  it('leaves a run that the next open of the store marks incomplete when killed', async () => {
    const served = await startServe()
    const view = await world(served)
    served.child.kill('SIGKILL')
    expect(await exitWithin(served, 10_000)).toEqual({ code: null, signal: 'SIGKILL' })
    // The killed runner's pod is left where TMPDIR pointed, not in the shared-memory default.
    expect((await readdir(dirname(served.db))).filter((name) => name.startsWith('credscope-runner-'))).not.toEqual([])

    const store = Store.open(served.db)
    try {
      expect(store.run(view.runId)?.status).toBe('incomplete')
      expect(store.run(view.runId)?.endedAt).not.toBeNull()
    } finally {
      store.close()
    }
  })
})

describe('credscope serve under faults and hostile input', () => {
  afterEach(async () => {
    await killAll()
  })

  it('answers malformed paths on the control listener and the web shell with 400, not 500', async () => {
    const served = await startServe()
    const base = served.ready.controlUrl.replace(/\/control$/, '')
    for (const path of ['/%zz', '/%', '/control/%zz', '/assets/%E0%A4%A']) {
      const reply = await new Promise<Reply>((done, fail) => {
        // Raw bytes: a client library would refuse to send a broken escape.
        const socket = connect(Number(new URL(base).port), '127.0.0.1', () =>
          socket.end(`GET ${path} HTTP/1.1\r\nHost: ${new URL(base).host}\r\nAuthorization: Bearer ${served.ready.controlToken}\r\nConnection: close\r\n\r\n`)
        )
        let text = ''
        socket.on('data', (c: Buffer) => (text += c.toString('utf8')))
        socket.on('error', fail)
        socket.on('close', () => done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, json: parseJson(text.slice(text.indexOf('\r\n\r\n') + 4)) }))
      })
      expect(reply.status, path).toBe(400)
      expectErrorShape(reply)
    }
  })

  it('tells, on stderr, in /control/health and to every recording call, that its store file was removed, and records nothing while pretending to', async () => {
    const served = await startServe()
    expect((await control(served, '/health')).json).toMatchObject({ status: 'ok', store: { ok: true } })
    await rm(served.db)
    const health = await control(served, '/health')
    expect(health.status).toBe(503)
    expect(health.json).toMatchObject({ status: 'failed', store: { ok: false, message: expect.stringContaining('was removed') as string } })
    expect(served.stderr()).toMatch(/credscope serve: The run store .* was removed while credscope was running; nothing is recorded since/)
    const turn = await control(served, '/turns', { method: 'POST', body: JSON.stringify({ as: 'bob', message: 'github.whoami' }) })
    expect(turn.status).toBe(503)
    expect(turn.json).toEqual({ error: expect.stringContaining('was removed') as string })
    const rpc = await control(served, '/rpc/sendTurn', { method: 'POST', body: JSON.stringify({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' }) })
    expect(rpc.status).toBe(503)
    expect(rpc.json).toMatchObject({ code: 'unavailable' })
    const state = await control(served, '/rpc/getState', { method: 'POST', body: '{}' })
    expect(state.json).toMatchObject({ store: { ok: false } })
  })

  it('exits within 5 s of SIGTERM with turns still running, and marks exactly those turns incomplete', async () => {
    const served = await startServe()
    const view = await world(served)
    const bob = view.users.find((u) => u.id === 'bob')!.token
    // Paused, the turns start and are held at their first hop: a backlog that cannot drain.
    await control(served, '/rpc/debugger', { method: 'POST', body: '{"action":"pause"}' })
    const runs: string[] = []
    for (let i = 0; i < 3; i++) {
      const reply = await send(`${served.ready.backendUrl}/api/projects/demo/agentic-sessions/shared-1/agui/run`, { method: 'POST', headers: { Authorization: `Bearer ${bob}`, 'Content-Type': 'application/json' }, body: '{"messages":[{"role":"user","content":"github.whoami"}]}' })
      expect(reply.status).toBe(200)
      runs.push((reply.json as { runId: string }).runId)
    }
    served.child.kill('SIGTERM')
    expect(await exitWithin(served, 5_000), served.stderr()).toEqual({ code: 0, signal: null })
    const store = Store.open(served.db)
    try {
      expect(store.turns(view.runId).filter((t) => runs.includes(t.turn)).map((t) => t.status)).toEqual(['incomplete', 'incomplete', 'incomplete'])
      expect(store.run(view.runId)?.status).toBe('finished')
    } finally {
      store.close()
    }
  })

  it('keeps no token whole in its store, its logs or its exports after a hostile session, known to it or not', async () => {
    const served = await startServe()
    const view = await world(served)
    const bob = view.users.find((u) => u.id === 'bob')!.token
    const strangers = {
      bearer: 'Zq3vN8xKp2LmR7tYw4HcJ9bFd6GsA1eU0oIiVnQkXy',
      github: 'ghp_Zq3vN8xKp2LmR7tYw4HcJ9bFd6GsA1eU0oIi',
      jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLWJ5dGVzLW9mLWEtand0',
      cookie: 'Q3VycmVudFNlc3Npb25WYWx1ZTEyMzQ1Njc4OTA',
      query: 'qUeRyToKeN-2468-aBcD'
    }
    const run = `${served.ready.frontDoorUrl}/api/projects/demo/agentic-sessions/shared-1/agui/run`
    const body = '{"messages":[{"role":"user","content":"github.whoami"}]}'
    for (const value of Object.values(strangers)) await send(run, { method: 'POST', headers: { Authorization: `Bearer ${value}`, 'Content-Type': 'application/json' }, body })
    await send(run, { method: 'POST', headers: { Cookie: `_oauth_proxy=${strangers.cookie}`, 'Content-Type': 'application/json' }, body })
    // The control token sent to the platform's front door by mistake.
    await send(run, { method: 'POST', headers: { Authorization: `Bearer ${served.ready.controlToken}`, 'Content-Type': 'application/json' }, body })
    await send(`${served.ready.backendUrl}/api/projects/demo/agentic-sessions/shared-1?token=${strangers.query}`, { headers: { 'X-Forwarded-Access-Token': strangers.jwt, 'X-Caller-Token': `Bearer ${strangers.bearer}` } })
    await send(`${view.sessions[0]!.runnerUrl}`, { method: 'POST', headers: { 'X-Caller-Token': `Bearer ${strangers.github}`, 'X-Current-User-ID': 'bob', 'Content-Type': 'application/json' }, body })
    const turn = await send(run, { method: 'POST', headers: { Authorization: `Bearer ${bob}`, 'Content-Type': 'application/json' }, body })
    const events = await turnEvents(served, (turn.json as { runId: string }).runId)
    const exported = await control(served, '/rpc/exportBundle', { method: 'POST', body: JSON.stringify({ runId: view.runId }) })
    expect(exported.status).toBe(200)
    const allEvents = await control(served, `/events?run=${view.runId}`)

    served.child.kill('SIGTERM')
    expect(await exitWithin(served, 10_000)).toEqual({ code: 0, signal: null })
    const { readFile } = await import('node:fs/promises')
    const files = await Promise.all([served.db, `${served.db}-wal`].map((p) => readFile(p).then((b) => b.toString('latin1'), () => '')))
    // The ready line hands out the control token by design; everything after it is log.
    const logs = served.stdout().split('\n').slice(1).join('\n') + served.stderr()
    const everything = [...files, logs, allEvents.text, exported.text, JSON.stringify(events)].join('\n')
    const secrets = { ...strangers, control: served.ready.controlToken, bob, bot: view.sessions[0]!.botToken }
    for (const [name, value] of Object.entries(secrets)) expect(everything.includes(value), `${name} stored whole`).toBe(false)
    // The front door's request is on record, masked: the hostile session was recorded, not dropped.
    expect(allEvents.text).toContain('‹credscope control token›')
  })
})
