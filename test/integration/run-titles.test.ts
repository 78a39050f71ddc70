/**
 * Runs are found by what ran: a live run's title names the version, the profile, who sent turns
 * into which session and when it started; any run can be renamed, and a renamed live run keeps
 * the user's title; a scenario run carries its scenario's name for the Runs filter.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../src/main/control/app-service'
import { Store } from '../../src/main/store/store'
import { MemoryVault } from '../../src/main/vault/vault'
import type { RunView } from '../../src/shared/api'
import { API_INPUTS } from '../../src/shared/api'
import { configOf } from '../../src/shared/profiles'

const LIBRARY = resolve(import.meta.dirname, '../../resources/scenarios')

let dir = ''
let app: AppService | null = null
let store: Store | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-run-titles-'))
  store = Store.open(join(dir, 'c.db'))
  app = await AppService.start({ vault: new MemoryVault('credscope-test'), store, config: configOf({ platform: 'merge', profile: 'as-is' }), seed: 7, scenariosDir: LIBRARY, version: 'test' })
})

afterEach(async () => {
  await app?.stop()
  store?.close()
  app = null
  store = null
  await rm(dir, { recursive: true, force: true })
})

function service(): AppService {
  if (!app) throw new Error('no app service')
  return app
}

async function liveRun(a: AppService): Promise<RunView> {
  const run = (await a.call('listRuns', {})).find((r) => r.id === a.live.runId)
  if (!run) throw new Error('the live run is not listed')
  return run
}

const send = (a: AppService, who: { kind: 'user'; userId: string } | { kind: 'apikey'; key: string }, session = 'shared-1') =>
  a.call('sendTurn', { sender: who, project: 'demo', session, message: 'github.whoami' })

describe('a live run’s title', () => {
  it('says the version, profile and start time, then each sender and session as turns come', async () => {
    const a = service()
    expect((await liveRun(a)).title).toMatch(/^Live · merge as-is · \d\d:\d\d$/)
    await send(a, { kind: 'user', userId: 'alice' })
    await send(a, { kind: 'user', userId: 'bob' })
    await send(a, { kind: 'user', userId: 'alice' })
    expect((await liveRun(a)).title).toMatch(/^Live · merge as-is · alice, bob in demo\/shared-1 · \d\d:\d\d$/)
    await send(a, { kind: 'apikey', key: 'ci-bot' })
    expect((await liveRun(a)).title).toMatch(/^Live · merge as-is · alice, bob, API key ci-bot in demo\/shared-1 · \d\d:\d\d$/)

    // A restart with flaws off the profile is a new run that says so.
    await a.call('restart', { platform: 'merge', profile: 'as-is', flaws: ['pr2-owner-can-impersonate'] })
    expect((await liveRun(a)).title).toMatch(/^Live · merge as-is \+ pr2 · \d\d:\d\d$/)
  })

  it('is the user’s once renamed: later turns no longer change it, and a secret typed into it is masked', async () => {
    const a = service()
    await send(a, { kind: 'user', userId: 'alice' })
    const renamed = await a.call('renameRun', { runId: a.live.runId, title: '  R12 repro for the security review  ' })
    expect(renamed.title).toBe('R12 repro for the security review')
    await send(a, { kind: 'user', userId: 'bob' })
    expect((await liveRun(a)).title).toBe('R12 repro for the security review')

    const world = await a.live.world()
    const token = world.users.find((u) => u.id === 'bob')?.token ?? ''
    expect(token.length).toBeGreaterThan(20)
    const masked = await a.call('renameRun', { runId: a.live.runId, title: `pasted ${token} by mistake` })
    expect(masked.title).not.toContain(token)
    expect(masked.title).toMatch(/^pasted \S*…\S* by mistake$/)
  })

  it('refuses an empty title and a run that does not exist', async () => {
    const a = service()
    expect(API_INPUTS.renameRun.safeParse({ runId: a.live.runId, title: '   ' }).success).toBe(false)
    await expect(a.call('renameRun', { runId: '00000000-0000-4000-8000-000000000009', title: 'x' })).rejects.toThrow(/no run/)
  })
})

describe('a scenario run', () => {
  it('carries its scenario’s name, so the Runs filter finds it by the name as well as the file', async () => {
    const a = service()
    const result = await a.call('runScenario', { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { platform: 'merge', profile: 'as-is', flaws: [] } })
    const run = (await a.call('listRuns', {})).find((r) => r.id === result.runId)
    expect(run).toMatchObject({ kind: 'scenario', scenario: 'flaws/r12-mcp-credentials-owner-only.yaml', scenarioName: 'r12-mcp-credentials-owner-only', title: 'MCP credentials of a turn are the sender\'s' })
    const renamed = await a.call('renameRun', { runId: result.runId, title: 'R12 under merge' })
    expect(renamed).toMatchObject({ title: 'R12 under merge', scenarioName: 'r12-mcp-credentials-owner-only' })
    expect((await liveRun(a)).scenarioName).toBeNull()
  })
})
