/**
 * Evidence that travels, through the app service as the app calls it: a bundle and a JUnit
 * report of `credscope run` open as stored runs with their diagrams, and any two stored runs
 * compare, whose credential first.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../src/main/control/app-service'
import { makeBundle } from '../../src/main/scenarios/bundle'
import { firstDivergence } from '../../src/main/scenarios/diff'
import { loadScenarioFile } from '../../src/main/scenarios/load'
import { report } from '../../src/main/scenarios/reporters'
import { runScenario } from '../../src/main/scenarios/run'
import { Store } from '../../src/main/store/store'
import { MemoryVault } from '../../src/main/vault/vault'
import type { OpenedFile } from '../../src/shared/api'
import { configOf } from '../../src/shared/profiles'

const LIBRARY = resolve(import.meta.dirname, '../../resources/scenarios')
const OWNER_ONLY = join(LIBRARY, 'flaws/r12-mcp-credentials-owner-only.yaml')

let dir = ''
const opened: Array<{ app: AppService; store: Store }> = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-open-compare-'))
})

afterEach(async () => {
  for (const { app, store } of opened.splice(0)) {
    await app.stop()
    store.close()
  }
  await rm(dir, { recursive: true, force: true })
})

/** An app service over its own run history, as a second machine would have. */
async function appOn(db: string): Promise<{ app: AppService; store: Store }> {
  const store = Store.open(join(dir, db))
  const app = await AppService.start({ vault: new MemoryVault('credscope-test'), store, config: configOf({ platform: 'merge', profile: 'as-is' }), seed: 3, scenariosDir: LIBRARY, version: 'test' })
  opened.push({ app, store })
  return { app, store }
}

function runOf(file: OpenedFile): Extract<OpenedFile, { kind: 'run' }> {
  if (file.kind !== 'run') throw new Error(`opened as ${file.kind}, not as a run`)
  return file
}

describe('compare any two stored runs', () => {
  it("leads with whose credential differs (mcp:docs served as alice's, not bob's), not the first log line that differs", async () => {
    const { app } = await appOn('a.db')
    const asIs = await app.call('runScenario', { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { platform: 'merge', profile: 'as-is', flaws: [] } })
    const hardened = await app.call('runScenario', { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { platform: 'merge', profile: 'hardened', flaws: [] } })
    const diff = await app.call('diffRuns', { a: asIs.runId, b: hardened.runId })
    expect(diff.a.profile).toBe('as-is')
    expect(diff.b.profile).toBe('hardened')
    const credential = diff.divergence.credential
    expect(credential).toMatchObject({ what: 'mcp:docs credential served', a: 'alice', b: 'bob' })
    expect(credential?.atA?.turnNumber).toBe(credential?.atB?.turnNumber)
    // The first differing event is not about credentials (the operator's Secret, a redacted log
    // line); it comes long before the credential one and is what a plain diff would lead with.
    expect(diff.divergence.a).not.toContain('served')
    expect(diff.divergence.index).toBeLessThan(credential?.atA?.index ?? 0)
    // Every difference is listed, aligned on what both runs share: the credential one among them.
    expect(diff.divergence.differenceCount).toBe(diff.divergence.differences.length)
    const served = diff.divergence.differences.flatMap((d) => [...d.a, ...d.b]).filter((e) => e.text.startsWith('served') && e.text.includes('mcp:docs'))
    expect(served.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringContaining("alice's mcp:docs"), expect.stringContaining("bob's mcp:docs")]))
    // The event it points at is in the turn the app opens side by side.
    const turnA = credential?.atA?.turn ?? ''
    const detail = await app.call('getTurn', { runId: asIs.runId, turn: turnA })
    expect(detail.events.some((e) => e.seq === credential?.atA?.seq && e.kind === 'credential.served' && e.owner === 'alice')).toBe(true)
  })

  it('two runs of the same scenario, configuration and seed do not differ', async () => {
    const { app } = await appOn('a.db')
    const request = { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { platform: 'merge' as const, profile: 'hardened' as const, flaws: [] }, seed: 4 }
    const one = await app.call('runScenario', request)
    const two = await app.call('runScenario', request)
    const diff = await app.call('diffRuns', { a: one.runId, b: two.runId })
    expect(diff.divergence).toMatchObject({ index: null, credential: null, differences: [], differenceCount: 0 })
  })

  it('a live run compares with a scenario run: the live turn is in the store like any other', async () => {
    const { app } = await appOn('a.db')
    const state = await app.call('getState', {})
    const live = state.live.runId
    const sent = await app.call('sendTurn', { sender: { kind: 'user', userId: 'bob' }, project: state.world.sessions[0]?.project ?? '', session: state.world.sessions[0]?.name ?? '', message: 'github.whoami' })
    expect(sent.turn?.served.some((s) => s.slot === 'github')).toBe(true)
    const scenario = await app.call('runScenario', { scenario: { file: 'flaws/r12-mcp-credentials-owner-only.yaml' }, config: { platform: 'merge', profile: 'hardened', flaws: [] } })
    const diff = await app.call('diffRuns', { a: live, b: scenario.runId })
    expect(diff.a.kind).toBe('live')
    expect(diff.divergence.index).not.toBeNull()
    expect(diff.divergence.credential).not.toBeNull()
  })
})

describe('the app opens bundles and JUnit reports as runs', () => {
  it('a bundle becomes a stored run with its trace as recorded, whose turns served what the bundle says', async () => {
    const loaded = await loadScenarioFile(OWNER_ONLY)
    const result = await runScenario(loaded, { config: configOf({ platform: 'merge', profile: 'as-is' }), seed: 2 })
    const bundle = makeBundle(result, loaded.source, 'test', 'r12.credscope-bundle.json')
    const { app, store } = await appOn('b.db')
    const run = runOf(await app.call('openFile', { name: 'r12.credscope-bundle.json', content: JSON.stringify(bundle) }))
    expect(run.note).toContain('as recorded in the bundle')
    const stored = store.run(run.runId)
    expect(stored).toMatchObject({ platform: 'merge', profile: 'as-is', seed: 2, status: 'failed' })
    expect(store.events(run.runId).map((e) => e.seq)).toEqual(bundle.trace.map((e) => e.seq))
    const turns = await app.call('listTurns', { runId: run.runId })
    expect(turns.length).toBeGreaterThan(0)
    expect(turns.flatMap((t) => t.served).some((s) => s.slot === 'mcp:docs' && s.owner === 'alice')).toBe(true)
    // Its turns open with their events, as the Session view asks.
    const detail = await app.call('getTurn', { runId: run.runId, turn: turns[0]?.turn ?? '' })
    expect(detail.events.length).toBeGreaterThan(0)
    // Replay works for it: its scenario is stored with it.
    const replayed = await app.call('replayRun', { runId: run.runId })
    expect(replayed).toMatchObject({ scenario: 'r12-mcp-credentials-owner-only', passed: false, seed: 2 })
    expect(replayed.source).toBe(loaded.source)
    // And it compares with its replay event for event.
    const diff = await app.call('diffRuns', { a: run.runId, b: replayed.runId })
    expect([diff.divergence.a, diff.divergence.b]).toEqual([null, null])
    expect(diff.divergence.index).toBeNull()
  })

  it('a bundle edited by hand with a raw token in it goes into the history masked', async () => {
    const loaded = await loadScenarioFile(OWNER_ONLY)
    const result = await runScenario(loaded, { config: configOf({ platform: 'merge', profile: 'hardened' }), seed: 2 })
    const bundle = makeBundle(result, loaded.source, 'test', 'edited.json')
    const raw = `ghp_${'A1b2C3d4E5'.repeat(4)}`
    const edited = { ...bundle, trace: bundle.trace.map((e, i) => (i === 0 ? { ...e, kind: 'log', level: 'info', text: `pasted ${raw}` } : e)), result: { passed: false, failures: [`token ${raw}`] } }
    const { app, store } = await appOn('edited.db')
    const run = runOf(await app.call('openFile', { name: 'edited.json', content: JSON.stringify(edited) }))
    const stored = JSON.stringify([store.events(run.runId), store.run(run.runId)])
    expect(stored).not.toContain(raw)
    expect(stored).toContain('ghp_…')
  })

  it('a bundle whose events the history cannot hold is refused, and the history goes on recording', async () => {
    const loaded = await loadScenarioFile(OWNER_ONLY)
    const result = await runScenario(loaded, { config: configOf({ platform: 'merge', profile: 'hardened' }), seed: 2 })
    const bundle = makeBundle(result, loaded.source, 'test', 'broken.json')
    const { app, store } = await appOn('broken.db')
    const before = store.listRuns().length
    const noSeq = { ...bundle, trace: bundle.trace.map((e, i) => (i === 3 ? { ...e, seq: 'x' } : e)) }
    await expect(app.call('openFile', { name: 'broken.json', content: JSON.stringify(noSeq) })).rejects.toThrow('broken.json: not a credscope bundle: trace.3.seq:')
    const twice = { ...bundle, trace: [...bundle.trace, bundle.trace.at(-1)] }
    await expect(app.call('openFile', { name: 'broken.json', content: JSON.stringify(twice) })).rejects.toThrow('trace: events in increasing seq order')
    const started = bundle.trace.findIndex((e) => e.kind === 'turn.started')
    const noProject = { ...bundle, trace: bundle.trace.map((e, i) => (i === started ? { ...e, project: 7 } : e)) }
    await expect(app.call('openFile', { name: 'broken.json', content: JSON.stringify(noProject) })).rejects.toThrow('a turn.started event names its project, session, thread and senderId')
    expect(store.listRuns().length).toBe(before)
    expect(store.health()).toEqual({ ok: true })
  })

  it('a JUnit report of several scenarios is offered as a list, failures first; one opens as a run re-run here, as CI saw it', async () => {
    const scenarios = await Promise.all(['general-sharing.yaml', 'flaws/r12-mcp-credentials-owner-only.yaml'].map((f) => loadScenarioFile(join(LIBRARY, f)).catch(() => null)))
    const loaded = scenarios.filter((s) => s !== null)
    const results = []
    for (const s of loaded) results.push(await runScenario(s, { config: configOf({ platform: 'merge', profile: 'as-is' }), seed: 5 }))
    const junit = report('junit', results)
    const { app, store } = await appOn('elsewhere.db')
    const first = await app.call('openFile', { name: 'ci.xml', content: junit })
    if (results.length > 1) {
      expect(first.kind).toBe('junit')
      if (first.kind !== 'junit') return
      expect(first.suites[0]).toMatchObject({ name: 'r12-mcp-credentials-owner-only', passed: false, platform: 'merge', profile: 'as-is', seed: 5, openable: true })
      expect(first.suites[0]?.failures[0]).toMatch(/^step \d+, line \d+: /)
    }
    const run = runOf(await app.call('openFile', { name: 'ci.xml', content: junit, suite: 'r12-mcp-credentials-owner-only' }))
    expect(run.note).toBe('ci.xml: r12-mcp-credentials-owner-only re-run here under merge · as-is, seed 5: failed, as in the report')
    expect(store.run(run.runId)).toMatchObject({ profile: 'as-is', seed: 5, status: 'failed' })
    const turns = await app.call('listTurns', { runId: run.runId })
    expect(turns.flatMap((t) => t.served).some((s) => s.slot === 'mcp:docs' && s.owner === 'alice')).toBe(true)
    await expect(app.call('openFile', { name: 'ci.xml', content: junit, suite: 'r12-mcp-credentials-owner-onl' })).rejects.toThrow('did you mean "r12-mcp-credentials-owner-only"?')
  })

  it('a JUnit scenario recorded in this history opens as recorded, without running again', async () => {
    const { app, store } = await appOn('same.db')
    const loaded = await loadScenarioFile(OWNER_ONLY)
    const result = await runScenario(loaded, { config: configOf({ platform: 'merge', profile: 'hardened' }), seed: 1, store })
    const before = store.listRuns().length
    const run = runOf(await app.call('openFile', { name: 'ci.xml', content: report('junit', [result]) }))
    expect(run.runId).toBe(result.runId)
    expect(run.note).toContain('as this history recorded it')
    expect(store.listRuns().length).toBe(before)
  })

  it('a scenario file opens as a scenario; other files are refused saying what the app opens', async () => {
    const { app } = await appOn('c.db')
    const source = await readFile(OWNER_ONLY, 'utf8')
    expect(await app.call('openFile', { name: 'r12.yaml', content: source })).toEqual({ kind: 'scenario', name: 'r12.yaml', source })
    await expect(app.call('openFile', { name: 'x.json', content: '{"format":"other"}' })).rejects.toThrow('the app opens scenarios (.yaml), repro bundles (credscope-bundle/1) and JUnit reports of credscope run')
    const otherTool = '<?xml version="1.0"?>\n<testsuites><testsuite name="jest" tests="1"><testcase name="x"/></testsuite></testsuites>'
    await expect(app.call('openFile', { name: 'jest.xml', content: otherTool })).rejects.toThrow('testsuite "jest" was not written by credscope run')
    await expect(app.call('openFile', { name: 'bad.yaml', content: 'scenario: x\nsteps: [' })).rejects.toThrow(/bad\.yaml:\d+:\d+/)
  })
})

describe('an explored counterexample, through the app service', () => {
  it('is stored with its schedule: Replay and Export enforce it, and its bundle opened elsewhere keeps it', async () => {
    const { app, store } = await appOn('explore.db')
    const pushed: number[] = []
    app.subscribe((push) => {
      if (push.type === 'explore') pushed.push(push.progress.schedules)
    })
    const explored = await app.call('exploreScenario', {
      scenario: { file: 'flaws/r7-bot-not-bound-to-session.yaml' },
      config: { platform: 'head', profile: 'hardened', flaws: ['r7-bot-not-bound-to-session'] },
      strategy: 'random',
      preemptions: 2,
      budget: '50'
    })
    expect(pushed.length).toBeGreaterThan(0)
    const found = explored.counterexample
    if (!found) throw new Error('no failing schedule')
    const runId = found.result.runId
    expect(store.schedule(runId)).toEqual({ strategy: 'random', deviations: found.schedule, preemptions: found.lanes.preemptions })
    // Replay runs the same schedule: the same trace, event for event.
    const replayed = await app.call('replayRun', { runId })
    expect(replayed.passed).toBe(false)
    expect(firstDivergence(store.events(runId), store.events(replayed.runId)).index).toBeNull()
    expect(store.schedule(replayed.runId)).toEqual(store.schedule(runId))
    // The exported bundle carries it; opened on another machine the run keeps it.
    const bundle = await app.call('exportBundle', { runId })
    expect((JSON.parse(bundle.content) as { schedule?: unknown }).schedule).toEqual(store.schedule(runId))
    const other = await appOn('other.db')
    const opened = runOf(await other.app.call('openFile', { name: bundle.filename, content: bundle.content }))
    expect(other.store.schedule(opened.runId)).toEqual(store.schedule(runId))
    await expect(app.call('stopExplore', {})).resolves.toEqual({ stopping: false })
  })
})
