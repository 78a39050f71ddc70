/**
 * What the Session view relies on from the app service: a turn's detail carries its lead-in (the
 * hops before the proxy named the turn), and a breakpoint on a kind of event that is not itself
 * gated (here a foreign credential served by the backend) pauses the live run and says why.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../src/main/control/app-service'
import { Store } from '../../src/main/store/store'
import { MemoryVault } from '../../src/main/vault/vault'
import type { DebuggerView } from '../../src/shared/api'
import { configOf } from '../../src/shared/profiles'

let dir = ''
let app: AppService | null = null
let store: Store | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-session-api-'))
  store = Store.open(join(dir, 'c.db'))
  app = await AppService.start({ vault: new MemoryVault('credscope-test'), store, config: configOf({ profile: 'merged' }), seed: 7, scenariosDir: dir, version: 'test' })
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

describe('getTurn', () => {
  it('returns the lead-in: the sender’s POST through the front door, the checks, the active user, the answer', async () => {
    const a = service()
    const sent = await a.call('sendTurn', { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    const turn = sent.turn?.turn ?? ''
    const detail = await a.call('getTurn', { runId: a.live.runId, turn })
    expect(detail.leadIn.every((e) => e.turn === null)).toBe(true)
    const shape = detail.leadIn.map((e) => (e.kind === 'http.request' ? `${e.from}->${e.to}` : e.kind === 'http.response' ? `${e.to}<-${e.from} ${e.status}` : e.kind))
    expect(shape).toEqual(expect.arrayContaining(['client->frontdoor', 'frontdoor->backend', 'identity', 'active-user', 'client<-frontdoor 200']))
    expect(detail.leadIn[0]?.seq).toBeLessThan(detail.events[0]?.seq ?? 0)
  })

  it('opens a turn of a saved run with the summary stored for it', async () => {
    const a = service()
    const first = await a.call('sendTurn', { sender: { kind: 'user', userId: 'alice' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    const sent = await a.call('sendTurn', { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'mcp.docs.whoami' })
    const savedRun = a.live.runId
    // A restart starts a new live run; the old one is read back from the store only.
    await a.call('restart', { profile: 'merged', flaws: [] })
    expect(a.live.runId).not.toBe(savedRun)
    const detail = await a.call('getTurn', { runId: savedRun, turn: sent.turn?.turn ?? '' })
    expect(detail.summary).toEqual(sent.turn)
    expect(detail.summary).not.toEqual(first.turn)
    expect(detail.events.every((e) => e.turn === sent.turn?.turn)).toBe(true)
    await expect(a.call('getTurn', { runId: savedRun, turn: 'no-such-turn' })).rejects.toThrow(/no turn/)
  })
})

describe('breakpoints', () => {
  it('pause the run after the backend serves the owner’s credential in an editor’s turn (R12), and name the event', async () => {
    const a = service()
    await a.call('setBreakpoints', { kinds: ['foreign-credential'] })
    const paused = new Promise<DebuggerView>((resolve) => {
      const stop = a.subscribe((push) => {
        if (push.type === 'debugger' && push.state.paused && push.state.held.length > 0) {
          stop()
          resolve(push.state)
        }
      })
    })
    const sending = a.call('sendTurn', { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'mcp.docs.whoami' })
    const state = await paused
    expect(state.stoppedBy).toMatchObject({ kind: 'credential.served', owner: 'alice', slot: 'mcp:docs' })
    expect(state.held[0]?.seq).toBeGreaterThan(state.stoppedBy?.seq ?? Infinity)
    await a.call('setBreakpoints', { kinds: [] })
    await a.call('debugger', { action: 'resume' })
    const sent = await sending
    expect(sent.turn?.status).toBe('finished')
    expect((await a.call('debugger', { action: 'get' })).stoppedBy).toBeNull()
  })
})

describe('listRuns', () => {
  it('names a built-in scenario by its place in the library, never by where it is installed', async () => {
    const a = service()
    await mkdir(join(dir, 'flaws'))
    await copyFile(join('resources/scenarios/flaws', 'r12-mcp-credentials-owner-only.yaml'), join(dir, 'flaws/r12-mcp-credentials-owner-only.yaml'))
    const result = await a.call('runScenario', { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { profile: 'hardened', flaws: [] } })
    const listed = (await a.call('listRuns', {})).find((r) => r.id === result.runId)
    expect(listed?.scenario).toBe('flaws/r12-mcp-credentials-owner-only.yaml')
  })
})
