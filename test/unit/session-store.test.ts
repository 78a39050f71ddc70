import { describe, expect, it } from 'vitest'
import type { AppState, CredscopeApi, DebuggerView, ServerPush, TurnSummary } from '../../src/shared/api'
import type { EventBody, Hop, TraceEvent } from '../../src/shared/events'
import { createAppStore } from '../../src/renderer/src/store/app-store'
import { selectRunningTurns, selectShownEvents, selectTimeline, selectTurnView } from '../../src/renderer/src/store/session-selectors'

// The Session view's store: one bridge (applyPush) turns the engine's pushes into running turns,
// a followed selection and the held event; the selectors give the view one turn to draw.

const RUN = '00000000-0000-4000-8000-000000000001'
const DEBUGGER: DebuggerView = { paused: false, breakpoints: [], held: [], stoppedBy: null }

const STATE = {
  live: { runId: RUN, profile: 'merged', flaws: [] },
  world: {
    users: [],
    projects: [],
    sessions: [{ project: 'demo', name: 'shared-1', owner: 'alice' }],
    apiKeys: [{ project: 'demo', name: 'ci-bot', creator: 'alice', role: 'edit', serviceAccount: 'x', token: 't' }]
  },
  debugger: DEBUGGER,
  faults: []
} as unknown as AppState

function fakeApi(sendTurn: CredscopeApi['sendTurn'] = () => new Promise(() => {})): CredscopeApi {
  const api = {
    getState: () => Promise.resolve(STATE),
    listTurns: () => Promise.resolve([] as TurnSummary[]),
    getTurn: () => Promise.reject(new Error('not in this test')),
    sendTurn,
    subscribe: () => () => {}
  }
  return api as unknown as CredscopeApi
}

let seq = 0
function ev(hop: Hop, turn: string | null, body: EventBody): TraceEvent {
  return { ...body, seq: ++seq, runId: RUN, at: 0, hop, turn }
}
const push = (event: TraceEvent): ServerPush => ({ type: 'event', event })

async function connected(api = fakeApi()): Promise<ReturnType<typeof createAppStore>> {
  const store = createAppStore()
  await store.getState().connect(api)
  return store
}

describe('the session store', () => {
  it('follows a started turn: a running row with the expected owner, served credentials as they come', async () => {
    const store = await connected()
    const s = store.getState()
    s.applyPush(push(ev('proxy', 't1', { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'apikey', key: 'ci-bot' }, senderId: 'alice', expectedOwner: 'alice' })))
    expect(store.getState().selectedTurn).toBe('t1')
    expect(selectTimeline(store.getState()).map((t) => [t.turn, t.status, t.expectedOwner])).toEqual([['t1', 'running', 'alice']])
    s.applyPush(push(ev('backend', 't1', { kind: 'credential.served', slot: 'mcp:docs', owner: 'alice', source: 'stored', credentials: [] })))
    expect(selectRunningTurns(store.getState())[0]?.served).toEqual([{ slot: 'mcp:docs', owner: 'alice' }])
    expect(selectTurnView(store.getState())).toMatchObject({ kind: 'turn', running: true, number: 1 })
  })

  it('selects the event a gate holds while following, and walks events with moveEvent', async () => {
    const store = await connected()
    const s = store.getState()
    const started = ev('proxy', 't2', { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, senderId: 'bob', expectedOwner: 'bob' })
    const step = ev('runner', 't2', { kind: 'runner.step', step: 'populate', detail: 'as bob' })
    s.applyPush(push(started))
    s.applyPush(push(step))
    s.applyPush({ type: 'debugger', state: { ...DEBUGGER, paused: true, held: [step] } })
    expect(store.getState().selectedSeq).toBe(step.seq)
    s.moveEvent(-1)
    expect(store.getState().selectedSeq).toBe(started.seq)
    s.setCompactDiagram(true)
    // A held event stays in the compact diagram even though runner steps are bookkeeping.
    expect(selectShownEvents(store.getState()).map((e) => e.seq)).toEqual([started.seq, step.seq])
  })

  it('keeps a refused send on screen with its answer', async () => {
    const store = await connected(fakeApi(() => Promise.resolve({ status: 403, body: '{"error":"Unauthorized"}', turn: null })))
    await store.getState().sendTurn({ sender: { kind: 'user', userId: 'mallory' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    expect(store.getState().pendingSend).toMatchObject({ status: 'refused', httpStatus: 403, sender: 'mallory' })
    expect(selectTurnView(store.getState()).kind).toBe('attempt')
    expect(store.getState().error).toBeNull()
  })

  it("drops a running turn once the engine's summary of it arrives: running turns are derived, not kept", async () => {
    const store = await connected()
    const s = store.getState()
    const started = ev('proxy', 't3', { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, senderId: 'bob', expectedOwner: 'bob' })
    s.applyPush(push(started))
    expect(selectRunningTurns(store.getState()).map((t) => t.turn)).toEqual(['t3'])
    const summary = { ...selectRunningTurns(store.getState())[0], status: 'finished', finishedAt: 5 } as TurnSummary
    s.applyPush({ type: 'turn', summary })
    expect(selectRunningTurns(store.getState())).toEqual([])
    expect(selectTimeline(store.getState()).map((t) => [t.turn, t.status])).toEqual([['t3', 'finished']])
  })
})

describe('the app store', () => {
  it('gives each store its own view state: matrix, runs and scenario forms and revocations are not shared', () => {
    const one = createAppStore()
    const two = createAppStore()
    one.getState().setMatrixUi({ onlyFindings: true })
    one.getState().setRunsUi({ text: 'r12' })
    one.getState().setScenarioForm({ seed: '7' })
    one.getState().markRevoked('bob', 'sha256~…9f3a')
    expect([one.getState().matrixUi.onlyFindings, one.getState().runsUi.text, one.getState().scenarioForm.seed, one.getState().revokedTokens]).toEqual([true, 'r12', '7', { bob: 'sha256~…9f3a' }])
    expect([two.getState().matrixUi.onlyFindings, two.getState().runsUi.text, two.getState().scenarioForm.seed, two.getState().revokedTokens]).toEqual([false, '', '', {}])
  })

  it('answers an action with its result, or null when the call failed and the banner says why', async () => {
    const matrix = { project: 'demo', session: 'shared-1', rows: [] }
    const api = { ...fakeApi(), matrix: () => Promise.resolve(matrix), replayRun: () => Promise.reject(new Error('no run x')) } as unknown as CredscopeApi
    const store = await connected(api)
    expect(await store.getState().runMatrix('demo', 'shared-1')).toBe(matrix)
    expect(store.getState().matrix).toBe(matrix)
    expect(await store.getState().replayRun(RUN)).toBeNull()
    expect(store.getState().error).toBe('no run x')
    expect(store.getState().view).toBe('session')
  })
})
