import { parseEnvironment, parseRequest, stringifyEnvironment, stringifyRequest } from '@usebruno/filestore'
import { Collection } from 'postman-collection'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMatrix } from '../../src/main/control/matrix'
import type { Engine } from '../../src/main/engine/engine'
import type { WorldView } from '../../src/main/engine/world-view'
import type { MatrixResult } from '../../src/shared/api'
import { BRUNO_ALL_PRINCIPALS, type BrunoCollection, type BrunoRequestItem, matrixBruno } from '../../src/shared/matrix-bruno'
import type { MatrixExportContext } from '../../src/shared/matrix-export'
import { matrixPostman, type PostmanEnvironment, POSTMAN_COLLECTION_SCHEMA } from '../../src/shared/matrix-postman'
import { tokenVariable } from '../../src/shared/token-variables'
import { startTestEngine } from '../support/engine'
import { brunoCollectionSchema, postmanRequest, replayWithNewman } from '../support/api-clients'
import { unmaskedSecrets } from '../support/secrets'

// A reviewer's replay of the matrix outside credscope: the Postman export loads in Postman's own
// SDK and newman runs it against the engine the matrix came from; the Bruno export passes Bruno's
// own schema and turns into the .bru files its import writes. Neither carries a token.

const VARIABLES = ['BACKEND', 'TOKEN_ALICE', 'TOKEN_BOB', 'TOKEN_CAROL', 'TOKEN_MALLORY', 'BOT_TOKEN', 'TOKEN_APIKEY_CI_BOT']
const PATH = '/api/projects/demo/agentic-sessions/shared-1/credentials'

// newman runs each request's test script in a fresh sandbox: a replay of the whole matrix takes seconds.
const REPLAY_MS = 60_000

let engine: Engine
let world: WorldView
let matrix: MatrixResult
let context: MatrixExportContext

beforeAll(async () => {
  engine = await startTestEngine({ profile: 'merged' })
  world = await engine.world()
  matrix = await runMatrix(engine, 'demo', 'shared-1')
  context = { config: 'merge · as-is', backendUrl: world.urls.backend }
})

afterAll(() => engine?.stop())

/** What `eval "$(credscope env)"` would set, for this engine: the values a reviewer pastes. */
function envValues(of: WorldView): Record<string, string> {
  const session = of.sessions.find((s) => s.name === 'shared-1')
  return {
    BACKEND: of.urls.backend,
    ...Object.fromEntries(of.users.map((u) => [tokenVariable(u.id) ?? '', u.token])),
    BOT_TOKEN: session?.botToken ?? '',
    ...Object.fromEntries(of.apiKeys.map((k) => [tokenVariable(`apikey:${k.name}`) ?? '', k.token]))
  }
}

/** The Postman environment with each value pasted in, the way a reviewer fills it in Postman (in memory only). */
function pasted(environment: PostmanEnvironment, values: Record<string, string>): PostmanEnvironment {
  return { ...environment, values: environment.values.map((v) => ({ ...v, value: values[v.key] ?? '' })) }
}

function brunoRequest(collection: BrunoCollection, folder: string, name: string): BrunoRequestItem {
  const found = collection.items.find((f) => f.name === folder)?.items.find((i) => i.name === name)
  if (!found) throw new Error(`no request ${folder} / ${name}`)
  return found
}

describe('the matrix as a Postman collection', () => {
  it('loads in the Postman SDK: a folder per principal, a request per cell with the URL and headers the cell sent, tokens as variables', () => {
    const json = JSON.parse(matrixPostman(matrix, context).collection) as object
    expect(json).toMatchObject({ info: { schema: POSTMAN_COLLECTION_SCHEMA } })
    const collection = new Collection(json)
    expect(collection.name).toBe('credscope matrix demo/shared-1 (merge · as-is)')
    expect(collection.items.map((folder) => folder.name)).toEqual(['alice', 'bob', 'carol', 'mallory', 'bot', 'apikey:ci-bot', 'none'])
    let requests = 0
    collection.forEachItem(() => (requests += 1))
    expect(requests).toBe(matrix.cells.length)

    // The BOT_TOKEN asking for github with no header: what came back and why is in its description.
    const bot = postmanRequest(collection, 'bot', 'github · no X-Runner-Current-User · Violation')
    expect(bot.request.method).toBe('GET')
    expect(bot.request.url.toString()).toBe(`{{BACKEND}}${PATH}/github`)
    expect(bot.request.headers.all().map((h) => [h.key, h.value])).toEqual([['Authorization', 'Bearer {{BOT_TOKEN}}']])
    const described = JSON.stringify(bot.toJSON())
    expect(described).toContain("credential that came back: alice's")
    expect(described).toContain('decided by: RBAC row 6: the owner, without a header')
    expect(bot.getEvents('test')[0]?.script.exec).toEqual(['pm.test("HTTP 200, as credscope recorded (violation)", function () {', '  pm.response.to.have.status(200);', '});'])

    // bob naming alice sends both headers; the anonymous caller sends neither token nor auth helper.
    const bobAsAlice = postmanRequest(collection, 'bob', 'mcp:docs · naming alice · Violation')
    expect(bobAsAlice.request.url.toString()).toBe(`{{BACKEND}}${PATH}/mcp/docs`)
    expect(bobAsAlice.request.headers.all().map((h) => [h.key, h.value])).toEqual([
      ['Authorization', 'Bearer {{TOKEN_BOB}}'],
      ['X-Runner-Current-User', 'alice']
    ])
    const anonymous = postmanRequest(collection, 'none', 'github · naming bob · Denied')
    expect(anonymous.request.headers.all().map((h) => h.key)).toEqual(['X-Runner-Current-User'])
    expect(anonymous.request.auth?.type).toBe('noauth')
  })

  it('has one environment with every variable named as credscope env exports it: tokens empty and secret, BACKEND the live URL', () => {
    const environment = JSON.parse(matrixPostman(matrix, context).environment) as PostmanEnvironment
    expect(environment._postman_variable_scope).toBe('environment')
    expect(environment.values.map((v) => v.key)).toEqual(VARIABLES)
    expect(environment.values.find((v) => v.key === 'BACKEND')).toMatchObject({ value: world.urls.backend, type: 'default' })
    for (const variable of environment.values.filter((v) => v.key !== 'BACKEND')) {
      expect(variable).toMatchObject({ value: '', type: 'secret', enabled: true })
      expect(variable.description).toContain('paste the value of $')
      expect(variable.description).toContain('credscope env --session demo/shared-1')
    }
    // Postman's SDK reads it as the variables a run resolves.
    const collection = new Collection(JSON.parse(matrixPostman(matrix, context).collection) as object, [environment])
    expect(collection.name).toContain('demo/shared-1')
  })

  it('replayed by newman against the engine it came from, with the tokens pasted in, every status test passes', async () => {
    const { collection, environment } = matrixPostman(matrix, context)
    const replay = await replayWithNewman({ collection: JSON.parse(collection) as object, environment: pasted(JSON.parse(environment) as PostmanEnvironment, envValues(world)) })
    expect(replay.requests).toHaveLength(matrix.cells.length)
    expect(replay.assertions).toBe(matrix.cells.length)
    expect(replay.failures).toEqual([])
    expect(replay.requests.find((r) => r.folder === 'bot' && r.name === 'github · no X-Runner-Current-User · Violation')?.status).toBe(200)
  }, REPLAY_MS)

  it('replayed against hardened, fails on exactly the cells where merged gave away a credential', async () => {
    const hardened = await startTestEngine({ profile: 'hardened' })
    try {
      const hardenedWorld = await hardened.world()
      const { collection, environment } = matrixPostman(matrix, { ...context, backendUrl: hardenedWorld.urls.backend })
      const replay = await replayWithNewman({ collection: JSON.parse(collection) as object, environment: pasted(JSON.parse(environment) as PostmanEnvironment, envValues(hardenedWorld)) })
      expect(replay.failures.length).toBeGreaterThan(0)
      // Every failure is a violation credscope saw under merged, and hardened now refuses it.
      expect(replay.failures.every((f) => f.name.endsWith('· Violation'))).toBe(true)
      expect(replay.failures.find((f) => f.folder === 'bot' && f.name === 'github · no X-Runner-Current-User · Violation')).toMatchObject({
        test: 'HTTP 200, as credscope recorded (violation)',
        message: 'expected response to have status code 200 but got 403'
      })
    } finally {
      await hardened.stop()
    }
  }, REPLAY_MS)
})

describe('the matrix as a Bruno collection', () => {
  it("passes Bruno's own collection schema, with a folder per principal and the status credscope recorded as an assertion", async () => {
    const collection = JSON.parse(matrixBruno(matrix, context)) as BrunoCollection
    await expect(brunoCollectionSchema.validate(collection)).resolves.toBeTruthy()
    expect(collection.version).toBe('1')
    expect(collection.items.map((f) => [f.name, f.items.length])).toEqual(matrix.principals.map((p) => [p, matrix.cells.filter((c) => c.principal === p).length]))
    const bot = brunoRequest(collection, 'bot', 'github · no X-Runner-Current-User · Violation')
    expect(bot.request.url).toBe(`{{BACKEND}}${PATH}/github`)
    expect(bot.request.headers.map((h) => [h.name, h.value])).toEqual([['Authorization', 'Bearer {{BOT_TOKEN}}']])
    expect(bot.request.assertions.map((a) => [a.name, a.value])).toEqual([['res.status', 'eq 200']])
    expect(bot.request.docs).toContain('credential that came back: alice')
  })

  it('becomes the .bru files its import writes, keeping URL, headers, assertion and docs', () => {
    const collection = JSON.parse(matrixBruno(matrix, context)) as BrunoCollection
    const item = brunoRequest(collection, 'bob', 'github · naming alice · Denied')
    const bru = stringifyRequest(item, { format: 'bru' })
    expect(bru).toContain(`url: {{BACKEND}}${PATH}/github`)
    const back = parseRequest(bru, { format: 'bru' }) as { request: { url: string; headers: Array<{ name: string; value: string }>; assertions: Array<{ name: string; value: string }>; docs: string } }
    expect(back.request.url).toBe(`{{BACKEND}}${PATH}/github`)
    expect(back.request.headers.map((h) => [h.name, h.value])).toEqual([
      ['Authorization', 'Bearer {{TOKEN_BOB}}'],
      ['X-Runner-Current-User', 'alice']
    ])
    expect(back.request.assertions.map((a) => [a.name, a.value])).toEqual([['res.status', 'eq 403']])
    expect(back.request.docs).toContain('decided by: RBAC row 9: a non-owner naming the owner')
  })

  it("has one environment per principal and one with every principal's, each value a process.env reference credscope env sets", () => {
    const collection = JSON.parse(matrixBruno(matrix, context)) as BrunoCollection
    expect(collection.environments.map((e) => e.name)).toEqual([BRUNO_ALL_PRINCIPALS, 'alice', 'bob', 'carol', 'mallory', 'bot', 'apikey-ci-bot', 'none'])
    const all = collection.environments[0]
    expect(all?.variables.map((v) => [v.name, v.value])).toEqual([
      ['BACKEND', '{{process.env.BACKEND}}'],
      ['TOKEN_ALICE', '{{process.env.TOKEN_ALICE}}'],
      ['TOKEN_BOB', '{{process.env.TOKEN_BOB}}'],
      ['TOKEN_CAROL', '{{process.env.TOKEN_CAROL}}'],
      ['TOKEN_MALLORY', '{{process.env.TOKEN_MALLORY}}'],
      // The session's own BOT token, whichever session `credscope env --session` named.
      ['BOT_TOKEN', '{{process.env.BOT_TOKEN_DEMO_SHARED_1}}'],
      ['TOKEN_APIKEY_CI_BOT', '{{process.env.TOKEN_APIKEY_CI_BOT}}']
    ])
    const bob = collection.environments.find((e) => e.name === 'bob')
    // Bruno writes an environment as environments/bob.bru; none is secret, so the references stay in the file for `bru run --env bob`.
    const bru = stringifyEnvironment(bob, { format: 'bru' })
    const back = parseEnvironment(bru, { format: 'bru' }) as { variables: Array<{ name: string; value: string; secret: boolean }> }
    expect(back.variables.map((v) => [v.name, v.value, v.secret])).toEqual([
      ['BACKEND', '{{process.env.BACKEND}}', false],
      ['TOKEN_BOB', '{{process.env.TOKEN_BOB}}', false]
    ])
  })
})

describe('the exports carry no secret', () => {
  it("contain none of the engine's tokens, and no credential except by whose it was", () => {
    const { collection, environment } = matrixPostman(matrix, context)
    const bruno = matrixBruno(matrix, context)
    const tokens = [...world.users.map((u) => u.token), ...world.sessions.flatMap((s) => [s.botToken, s.aguiToken]), ...world.apiKeys.map((k) => k.token), ...world.serviceAccounts.map((a) => a.token)].filter(Boolean)
    expect(tokens.length).toBeGreaterThan(5)
    for (const text of [collection, environment, bruno]) {
      expect(tokens.filter((token) => text.includes(token))).toEqual([])
      expect(unmaskedSecrets(text)).toEqual([])
    }
  })
})
