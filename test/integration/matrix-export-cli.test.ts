import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Collection } from 'postman-collection'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrunoCollection } from '../../src/shared/matrix-bruno'
import type { PostmanEnvironment } from '../../src/shared/matrix-postman'
import { runCli as cli } from '../support/cli'
import { brunoCollectionSchema, replayWithNewman } from '../support/api-clients'
import { unmaskedSecrets } from '../support/secrets'
import { startServedApp, type ServedApp } from '../support/serve-process'

// The reviewer's loop in a shell: `credscope matrix --reporter postman --out FILE` writes the
// collection and its environment, `credscope env` gives a running serve's tokens, and newman
// replays the collection against that serve with them; `--reporter bruno` writes Bruno's import.


// newman runs each request's test script in a fresh sandbox: a replay of the whole matrix takes seconds.
const REPLAY_MS = 60_000

let app: ServedApp
let dir: string

beforeAll(async () => {
  app = await startServedApp()
  dir = await mkdtemp(join(tmpdir(), 'credscope-matrix-export-'))
})

afterAll(async () => {
  await app?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** The exports as the shell would read them (single-quoted words). */
function exportsOf(text: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const match of text.matchAll(/^export ([A-Z0-9_]+)='((?:[^']|'\\'')*)'/gm)) vars[match[1] ?? ''] = (match[2] ?? '').replace(/'\\''/g, "'")
  return vars
}

describe('credscope matrix --reporter postman | bruno', () => {
  it("writes the collection and its environment; newman replays it against a running serve with credscope env's tokens and every status test passes", async () => {
    const file = join(dir, 'matrix.postman_collection.json')
    const environmentFile = join(dir, 'matrix.postman_environment.json')
    const ran = await cli(['matrix', '--reporter', 'postman', '--out', file])
    // head as-is has findings, so the exit code is still 1.
    expect(ran.code).toBe(1)
    expect(ran.stderr).toMatch(/^33 violations, 0 broken, \d+ allowed, \d+ denied as expected \(245 requests\); postman report written to /)
    expect(ran.stderr).toContain(`postman report written to ${file}, its environment to ${environmentFile}\n`)
    const collectionText = await readFile(file, 'utf8')
    const environmentText = await readFile(environmentFile, 'utf8')
    expect(unmaskedSecrets(collectionText + environmentText)).toEqual([])

    const collection = new Collection(JSON.parse(collectionText) as object)
    expect(collection.name).toBe('credscope matrix demo/shared-1 (head · as-is with 31 flaws)')
    const environment = JSON.parse(environmentText) as PostmanEnvironment
    // The CLI's own engine is gone when it exits: BACKEND waits for credscope env like the tokens.
    expect(environment.values.map((v) => [v.key, v.value])).toEqual(
      ['BACKEND', 'TOKEN_ALICE', 'TOKEN_BOB', 'TOKEN_CAROL', 'TOKEN_MALLORY', 'BOT_TOKEN', 'TOKEN_APIKEY_CI_BOT'].map((key) => [key, ''])
    )

    // `eval "$(credscope env)"`, then newman with each variable passed as --env-var.
    const env = await cli(['env', '--db', app.db, '--session', 'demo/shared-1'])
    expect(env.code).toBe(0)
    const shell = exportsOf(env.stdout)
    const replay = await replayWithNewman({
      collection: file,
      environment: environmentFile,
      envVar: environment.values.map((v) => ({ key: v.key, value: shell[v.key] ?? '' }))
    })
    expect(replay.requests).toHaveLength(245)
    expect(replay.failures).toEqual([])
    expect(replay.requests.find((r) => r.folder === 'bot' && r.name === 'github · no X-Runner-Current-User · Violation')?.status).toBe(200)
    expect(replay.requests.find((r) => r.folder === 'none' && r.name === 'github · no X-Runner-Current-User · Denied')?.status).toBe(401)
  }, REPLAY_MS)

  it("prints Bruno's collection import on stdout, valid by Bruno's own schema and without a token", async () => {
    const ran = await cli(['matrix', '--profile', 'hardened', '--reporter', 'bruno'])
    expect(ran.code).toBe(0)
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
    const collection = JSON.parse(ran.stdout) as BrunoCollection
    await expect(brunoCollectionSchema.validate(collection)).resolves.toBeTruthy()
    expect(collection.name).toBe('credscope matrix demo shared-1 (head · hardened with 0 flaws)')
    expect(collection.items.flatMap((f) => f.items)).toHaveLength(245)
    expect(collection.environments[0]?.variables.find((v) => v.name === 'TOKEN_BOB')?.value).toBe('{{process.env.TOKEN_BOB}}')
  })

  it('says where the Postman environment goes when the collection goes to stdout', async () => {
    const ran = await cli(['matrix', '--profile', 'hardened', '--reporter', 'postman'])
    expect(ran.code).toBe(0)
    expect((JSON.parse(ran.stdout) as { item: unknown[] }).item).toHaveLength(7)
    expect(ran.stderr).toBe('the Postman environment (every variable the collection uses, tokens empty) is written beside the collection with --out FILE\n')
  })
})
