/**
 * Bad HTTP input (docs/platform/harness-bounds.md; the error bodies of docs/platform/project-context.md and docs/platform/proxy.md) against the
 * front door, the backend service and a runner: every answer is a 4xx with a JSON error body,
 * never a 500 and never a dropped connection, and after each the engine still serves a turn.
 * The front door and the backend answer in the platform's `{"error": "..."}` shape. The runner
 * is the platform's FastAPI app, so its own route errors keep FastAPI's `{"detail": ...}`
 * (docs/platform/runner.md#post-); transport-level errors from our listener are `{"error": ...}` there too.
 */
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { recordEvents, request, startTestEngine } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

type TargetName = 'front door' | 'backend' | 'runner'

interface Target {
  name: TargetName
  port: number
  url: string
}

interface Started {
  engine: Engine
  targets: Target[]
  bob: string
  events: ReturnType<typeof recordEvents>
}

async function start(): Promise<Started> {
  const started = await startTestEngine({ profile: 'merged' })
  engine = started
  const runner = started.runner('demo', 'shared-1')
  if (!runner) throw new Error('demo/shared-1 has no runner')
  const world = await started.world()
  return {
    engine: started,
    targets: [
      { name: 'front door', port: started.frontDoor.port, url: started.frontDoor.url },
      { name: 'backend', port: started.backend.port, url: started.backend.url },
      { name: 'runner', port: Number(new URL(runner.url).port), url: runner.url }
    ],
    bob: world.users.find((u) => u.id === 'bob')?.token ?? '',
    events: recordEvents(started)
  }
}

interface RawResponse {
  status: number
  json: Record<string, unknown>
}

/** Sends raw bytes over a TCP socket (no client-side validation) and parses the HTTP answer. */
function rawHttp(port: number, text: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(text, 'latin1')))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8')
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4)
      resolve({ status: status === undefined ? 0 : Number(status), json: parseObject(body) })
    })
  })
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** An error body: `{"error": "<text>"}` with a non-empty text. */
function expectErrorShape(json: Record<string, unknown>, pattern?: RegExp): void {
  expect(Object.keys(json)).toEqual(['error'])
  expect(typeof json.error).toBe('string')
  expect(String(json.error).length).toBeGreaterThan(0)
  if (pattern) expect(String(json.error)).toMatch(pattern)
}

/** gin's answer to a path no route matches: a plain-text 404 (docs/platform/backend.md#routing-gin). */
function expectGinNotFound(response: { status: number; text: string }, what: string): void {
  expect(response.status, what).toBe(404)
  expect(response.text, what).toBe('404 page not found')
}

/** Proves no hop crashed: a full turn by bob still runs with bob's credentials, and /health answers. */
async function expectStillServing(s: Started): Promise<void> {
  const { engine: e, events } = s
  const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
  expect(outcome.status).toBe(200)
  expect(outcome.turn?.status).toBe('finished')
  expect(events.of('tool.result', outcome.turn?.turn ?? '').map((r) => r.actedAs)).toEqual(['bob'])
  for (const target of s.targets.filter((t) => t.name !== 'front door')) {
    expect((await request(`${target.url}/health`)).status, target.name).toBe(200)
  }
  // No listener hit an unexpected error on the way (that would have been a 500).
  expect(events.of('log').filter((l) => l.text.startsWith('unexpected error'))).toEqual([])
}

function runBody(message = 'github.whoami'): string {
  return JSON.stringify({ messages: [{ role: 'user', content: message }] })
}

const RUN_PATH = '/api/projects/demo/agentic-sessions/shared-1/agui/run'

describe('header values with CR or LF, over a raw socket', () => {
  for (const [label, value] of [
    ['a bare CR', 'evil\rInjected: yes'],
    ['a bare LF', 'evil\nInjected: yes'],
    ['a NUL', 'evil\x00']
  ] as const) {
    it(`a header value with ${label} gets 400 in the error shape from the front door, the backend and the runner, and the engine keeps serving`, async () => {
      const s = await start()
      for (const target of s.targets) {
        const answer = await rawHttp(target.port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Current-User-ID: ${value}\r\nConnection: close\r\n\r\n`)
        expect(answer.status, target.name).toBe(400)
        expectErrorShape(answer.json)
      }
      await expectStillServing(s)
    })
  }
})

describe('header blocks over 16 KiB', () => {
  it('one huge header gets 431 in the error shape from every hop, and the engine keeps serving', async () => {
    const s = await start()
    for (const target of s.targets) {
      const answer = await rawHttp(target.port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\nConnection: close\r\n\r\n`)
      expect(answer.status, target.name).toBe(431)
      expectErrorShape(answer.json, /too large/i)
    }
    await expectStillServing(s)
  })

  it('many small headers adding up to over 16 KiB get 431 too', async () => {
    const s = await start()
    const headers = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(40)}\r\n`).join('')
    for (const target of s.targets) {
      const answer = await rawHttp(target.port, `GET /health HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`)
      expect(answer.status, target.name).toBe(431)
      expectErrorShape(answer.json)
    }
    await expectStillServing(s)
  })
})

describe('malformed HTTP', () => {
  const cases: Array<[string, string]> = [
    ['a garbage request line', 'HELLO THERE\r\n\r\n'],
    ['an invalid method token', 'G@T / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a space inside the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['two different Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['Content-Length together with Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['an HTTP/1.1 request without Host', 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n']
  ]
  for (const [label, text] of cases) {
    it(`${label} gets 400 in the error shape from every hop, and the engine keeps serving`, async () => {
      const s = await start()
      for (const target of s.targets) {
        const answer = await rawHttp(target.port, text)
        expect(answer.status, target.name).toBe(400)
        expectErrorShape(answer.json)
      }
      await expectStillServing(s)
    })
  }
})

describe('a repeated header', () => {
  it('counts by its first value, as Go\'s Header.Get does: bob naming himself twice gets his own credential, not 403', async () => {
    const s = await start()
    const answer = await rawHttp(
      s.targets[1]?.port ?? 0,
      `GET /api/projects/demo/agentic-sessions/shared-1/credentials/github HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.bob}\r\nX-Runner-Current-User: bob\r\nX-Runner-Current-User: bob\r\nConnection: close\r\n\r\n`
    )
    expect(answer.status).toBe(200)
    expect(s.events.of('credential.served').map((e) => e.owner)).toEqual(['bob'])
    // The first value decides, whatever follows.
    const second = await rawHttp(
      s.targets[1]?.port ?? 0,
      `GET /api/projects/demo/agentic-sessions/shared-1/credentials/github HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.bob}\r\nX-Runner-Current-User: alice\r\nX-Runner-Current-User: bob\r\nConnection: close\r\n\r\n`
    )
    expect(second.status).toBe(403)
  })
})

describe('bad bodies for POST agui/run', () => {
  it('a body that is not JSON gets 400 {"error": "invalid input: ..."} from the front door and the backend, starts no turn, and the runner answers 422', async () => {
    const s = await start()
    for (const target of s.targets.filter((t) => t.name !== 'runner')) {
      const response = await request(`${target.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body: '{"messages": [' })
      expect(response.status, target.name).toBe(400)
      expectErrorShape(response.json, /^invalid input: /)
    }
    expect(s.events.of('turn.started')).toEqual([])
    expect(s.events.of('http.request').filter((r) => r.to === 'runner')).toEqual([])
    const runner = await request(`${s.targets[2]?.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"messages": [' })
    expect(runner.status).toBe(422)
    expect(runner.json).toHaveProperty('detail')
    await expectStillServing(s)
  })

  const shapes: Array<[string, string, RegExp]> = [
    ['a JSON array', '[]', /^invalid input: body: /],
    ['JSON null', 'null', /^invalid input: body: /],
    ['a number threadId', '{"threadId": 5, "messages": []}', /^invalid input: threadId: /],
    ['state that is not an object', '{"state": [1], "messages": []}', /^invalid input: state: /],
    ['an empty body', '', /^invalid input: /]
  ]
  for (const [label, body, pattern] of shapes) {
    it(`a body with ${label} gets 400 invalid input naming the field, from the front door and the backend`, async () => {
      const s = await start()
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body })
        expect(response.status, target.name).toBe(400)
        expectErrorShape(response.json, pattern)
      }
      expect(s.events.of('turn.started')).toEqual([])
      await expectStillServing(s)
    })
  }

  // The backend binds messages as raw JSON (docs/platform/proxy.md#post-aguirun): it answers 200 and
  // the runner refuses the body, so the turn ends in RUN_ERROR before any credential is fetched.
  for (const [label, body] of [['messages as a string', '{"messages": "hello"}'], ['no messages at all', '{}']] as const) {
    it(`a body with ${label} is accepted by the backend, refused by the runner (422), and fetches no credential`, async () => {
      const s = await start()
      const response = await request(`${s.targets[1]?.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body })
      expect(response.status).toBe(200)
      const turn = String(response.json.runId)
      const finished = await s.engine.waitForTurn(turn)
      expect(finished).toMatchObject({ status: 'error', error: 'Runner error: HTTP 422' })
      expect(s.events.of('runner.fetch', turn)).toEqual([])
      expect(s.events.of('credential.served', turn)).toEqual([])
      await expectStillServing(s)
    })
  }

  it('a body of the wrong shape sent to the runner gets 422 with a detail, not a run', async () => {
    const s = await start()
    const pod = s.engine.runner('demo', 'shared-1')
    const response = await request(`${pod?.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"messages": "hello"}' })
    expect(response.status).toBe(422)
    expect(response.json).toHaveProperty('detail')
    expect(s.events.of('runner.step')).toEqual([])
    await expectStillServing(s)
  })

  it('a body over 1 MiB gets 413 in the error shape from the front door and the backend (not a reset, not a truncated forward)', async () => {
    const s = await start()
    const huge = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] })
    for (const target of s.targets.filter((t) => t.name !== 'runner')) {
      const response = await request(`${target.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body: huge })
      expect(response.status, target.name).toBe(413)
      expectErrorShape(response.json, /too large/i)
    }
    expect(s.events.of('turn.started')).toEqual([])
    await expectStillServing(s)
  })
})

describe('a huge body sent to the runner', () => {
  it('is refused with 413 at credscope\'s body bound (uvicorn has none) and no run; the engine keeps serving', async () => {
    const s = await start()
    const response = await request(`${s.targets[2]?.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) })
    expect(response.status).toBe(413)
    expectErrorShape(response.json, /credscope reads at most 1048576 bytes/)
    expect(s.events.of('runner.step')).toEqual([])
    await expectStillServing(s)
  })
})

describe('paths', () => {
  it('malformed percent-encoding in the path gets 400 "Malformed request path" from the front door and the backend, and 404 from the runner', async () => {
    const s = await start()
    for (const path of ['/api/projects/demo/agentic-sessions/%zz/agui/run', '/api/projects/%E0%A4%A/agentic-sessions/shared-1/credentials/github']) {
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}` }, body: runBody() })
        expect(response.status, `${target.name} ${path}`).toBe(400)
        expectErrorShape(response.json, /Malformed request path/)
      }
    }
    const runner = await request(`${s.targets[2]?.url}/%zz`)
    expect(runner.status).toBe(404)
    expect(runner.json).toEqual({ detail: 'Not Found' })
    await expectStillServing(s)
  })

  it('project names that are not DNS-1123 labels get 400 "Invalid project name format"', async () => {
    const s = await start()
    for (const project of ['Demo', 'demo_1', '-demo', 'demo-', 'de.mo', 'a'.repeat(64), '%F0%9F%98%80']) {
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}/api/projects/${project}/agentic-sessions/shared-1/credentials/github`, { headers: { Authorization: `Bearer ${s.bob}` } })
        expect(response.status, `${target.name} ${project}`).toBe(400)
        expectErrorShape(response.json, /^Invalid project name format$/)
      }
    }
    await expectStillServing(s)
  })

  it('unknown paths and methods get gin\'s plain-text 404, and the runner answers 404 {"detail": "Not Found"}', async () => {
    const s = await start()
    const probes: Array<[string, string]> = [
      ['GET', '/nope'],
      ['GET', '/api/projects/demo/agentic-sessions/shared-1/secrets'],
      ['DELETE', RUN_PATH],
      ['POST', '/api/projects/demo/agentic-sessions/shared-1/agui/events']
    ]
    for (const [method, path] of probes) {
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}${path}`, { method, headers: { Authorization: `Bearer ${s.bob}` } })
        expectGinNotFound(response, `${target.name} ${method} ${path}`)
      }
    }
    const runner = await request(`${s.targets[2]?.url}/nope`)
    expect(runner.status).toBe(404)
    expect(runner.json).toEqual({ detail: 'Not Found' })
    await expectStillServing(s)
  })

  it('unknown providers (and coderabbit and gerrit at the merge) match no route: gin\'s 404 before any check; an invalid MCP server name gets 400 "Invalid server name"', async () => {
    const s = await start()
    for (const target of s.targets.filter((t) => t.name !== 'runner')) {
      for (const provider of ['bitbucket', 'coderabbit', 'gerrit', 'kubeconfig', 'GITHUB']) {
        // At the backend without a token too: the route does not exist, so no middleware asks for
        // one (the front door, an OAuth proxy, asks for a login before it forwards anything).
        const withToken: Record<string, string> = { Authorization: `Bearer ${s.bob}` }
        for (const headers of target.name === 'backend' ? [withToken, {}] : [withToken]) {
          const response = await request(`${target.url}/api/projects/demo/agentic-sessions/shared-1/credentials/${provider}`, { headers })
          expectGinNotFound(response, `${target.name} ${provider}`)
        }
      }
      const mcp = await request(`${target.url}/api/projects/demo/agentic-sessions/shared-1/credentials/mcp/bad.name`, { headers: { Authorization: `Bearer ${s.bob}` } })
      expect(mcp.status, target.name).toBe(400)
      expectErrorShape(mcp.json, /^Invalid server name$/)
    }
    expect(s.events.of('credential.served')).toEqual([])
    await expectStillServing(s)
  })
})

describe('credentials in odd shapes', () => {
  it('a browser cookie with a malformed percent-escape is an invalid token (401), not a 500', async () => {
    const s = await start()
    const response = await request(`${s.targets[0]?.url}${RUN_PATH}`, { method: 'POST', headers: { Cookie: '_oauth_proxy=%zz', 'Content-Type': 'application/json' }, body: runBody() })
    expect(response.status).toBe(401)
    expectErrorShape(response.json)
    await expectStillServing(s)
  })

  it('empty, prefix-only and unknown Authorization values get 401 in the error shape from the front door and the backend', async () => {
    const s = await start()
    for (const authorization of ['Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'not-a-token']) {
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/json' }, body: runBody() })
        expect(response.status, `${target.name} ${authorization}`).toBe(401)
        expectErrorShape(response.json)
      }
    }
    expect(s.events.of('turn.started')).toEqual([])
    await expectStillServing(s)
  })

  it("a session the caller may not get is the platform's 500 \"Failed to get session\" (docs/platform/credential-endpoints.md#the-common-prelude: Forbidden on the CR GET), still in the error shape, and nothing crashes", async () => {
    const s = await start()
    // Documented exception to "never a 500": the platform itself answers 500 here, not 403.
    const response = await request(`${s.targets[1]?.url}/api/projects/demo/agentic-sessions/not-shared/credentials/github`, { headers: { Authorization: `Bearer ${s.bob}` } })
    expect(response.status).toBe(500)
    expect(response.json).toEqual({ error: 'Failed to get session' })
    await expectStillServing(s)
  })
})

describe('one request must not stop the engine', () => {
  const deepState = (depth: number): string => `{"messages":[{"role":"user","content":"x"}],"state":${'['.repeat(depth)}${']'.repeat(depth)}}`

  it('state nested 20,000 deep (about 40 KB) gets Go\'s 400 "invalid input: exceeded max depth" from the front door, starts no turn, and every listener keeps serving', async () => {
    const s = await start()
    const response = await request(`${s.targets[0]?.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body: deepState(20_000) })
    expect(response.status).toBe(400)
    expect(response.json).toEqual({ error: 'invalid input: exceeded max depth' })
    expect(s.events.of('turn.started')).toEqual([])
    await expectStillServing(s)
  })

  it('state nested 9,500 deep binds as in Go, is forwarded whole, and the runner (Python) refuses it: the turn ends "Runner error: HTTP 400", nothing crashes', async () => {
    const s = await start()
    const response = await request(`${s.targets[0]?.url}${RUN_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${s.bob}`, 'Content-Type': 'application/json' }, body: `{"messages":[{"role":"user","content":"x"}],"state":{"s":${'['.repeat(9500)}${']'.repeat(9500)}}}` })
    expect(response.status).toBe(200)
    const turn = await s.engine.waitForTurn(String(response.json.runId))
    expect(turn).toMatchObject({ status: 'error', error: 'Runner error: HTTP 400' })
    // The runner refused the body before any step: nothing of the turn ran in the pod.
    expect(s.events.of('runner.step', turn.turn)).toEqual([])
    await expectStillServing(s)
  })
})

describe('paths as gin matches them (docs/platform/backend.md#routing-gin)', () => {
  it('a session name with an encoded slash is two segments, so no route: 404 from the front door and the backend', async () => {
    const s = await start()
    for (const name of ['..%2fshared-1', 'a%2fb', '..%2Fshared-1']) {
      for (const target of s.targets.filter((t) => t.name !== 'runner')) {
        const response = await request(`${target.url}/api/projects/demo/agentic-sessions/${name}/credentials/github`, { headers: { Authorization: `Bearer ${s.bob}` } })
        expectGinNotFound(response, `${target.name} ${name}`)
      }
    }
    await expectStillServing(s)
  })

  it('a session named `..` (%2E%2E) reaches the handler, as in gin, and gets the platform\'s own 500 "Failed to get session", named on the trace as the platform\'s', async () => {
    const s = await start()
    // Over a raw socket: fetch would resolve the dot segment before sending, as browsers do.
    const response = await rawHttp(s.targets[1]?.port ?? 0, `GET /api/projects/demo/agentic-sessions/%2E%2E/credentials/github HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.bob}\r\nConnection: close\r\n\r\n`)
    expect(response.status).toBe(500)
    expect(response.json).toEqual({ error: 'Failed to get session' })
    expect(s.events.of('note').map((n) => n.text)).toContainEqual(expect.stringMatching(/^Platform behavior: reading the session CR with the caller's token failed \(Forbidden\)/))
    await expectStillServing(s)
  })
})

describe('bodies past the bound on the fake providers and the collectors', () => {
  it('get 413 in the error shape, without being kept: no token is needed to send one', async () => {
    const s = await start()
    const big = 'x'.repeat(2 * 1024 * 1024)
    for (const host of ['oauth2.googleapis.com', 'collector.example.com']) {
      const response = await new Promise<RawResponse>((resolve, reject) => {
        const socket = connect(s.engine.providers.port, '127.0.0.1', () => {
          socket.write(`POST ${host === 'collector.example.com' ? '/collect' : '/token'} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${big.length}\r\nConnection: close\r\n\r\n`)
          socket.end(big)
        })
        const chunks: Buffer[] = []
        socket.on('data', (c: Buffer) => chunks.push(c))
        socket.on('error', reject)
        socket.on('close', () => {
          const answer = Buffer.concat(chunks).toString('utf8')
          resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), json: parseObject(answer.slice(answer.indexOf('\r\n\r\n') + 4)) })
        })
      })
      expect(response.status, host).toBe(413)
      expectErrorShape(response.json, /credscope reads at most 1048576 bytes/)
    }
    await expectStillServing(s)
  })
})
