import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { AppStore, ConnectionSlice, DebuggerSlice, MatrixSlice, RunSlice, RunsSlice, ScenarioSlice, WorldSlice } from './types'
import type { TurnSummary } from '../../../shared/api'

type Slice<T> = StateCreator<AppStore, [], [], T>

const LIVE_EVENT_LIMIT = 4000

/** Calls the API and turns a failure into the error banner; returns null on failure. */
async function guarded<T>(get: () => AppStore, run: (api: NonNullable<AppStore['api']>) => Promise<T>): Promise<T | null> {
  const api = get().api
  if (!api) return null
  try {
    return await run(api)
  } catch (error) {
    get().setError(error instanceof Error ? error.message : String(error))
    return null
  }
}

function upsertTurn(turns: readonly TurnSummary[], summary: TurnSummary): TurnSummary[] {
  const at = turns.findIndex((t) => t.turn === summary.turn)
  if (at < 0) return [...turns, summary]
  const next = turns.slice()
  next[at] = summary
  return next
}

const connectionSlice: Slice<ConnectionSlice> = (set, get) => ({
  api: null,
  fatal: null,
  error: null,
  state: null,
  view: 'session',
  async connect(api) {
    set({ api })
    const state = await guarded(get, (a) => a.getState({}))
    if (!state) {
      set({ fatal: get().error ?? 'The engine did not answer.' })
      return
    }
    set({ state, debugger: state.debugger, viewedRunId: state.live.runId, viewedIsLive: true })
    api.subscribe((push) => get().applyPush(push))
    await get().viewRun(state.live.runId, true)
  },
  setView(view) {
    set({ view })
  },
  setError(error) {
    set({ error })
  },
  async refreshState() {
    const state = await guarded(get, (a) => a.getState({}))
    if (state) set({ state, debugger: state.debugger })
  },
  async restart(profile, flaws) {
    const state = await guarded(get, (a) => a.restart({ profile, flaws }))
    if (state) {
      set({ state, debugger: state.debugger })
      await get().viewRun(state.live.runId, true)
    }
  },
  applyPush(push) {
    switch (push.type) {
      case 'event': {
        const { viewedIsLive, turnDetail, liveEvents } = get()
        if (!viewedIsLive) return
        const next = liveEvents.length >= LIVE_EVENT_LIMIT ? liveEvents.slice(-LIVE_EVENT_LIMIT / 2) : liveEvents.slice()
        next.push(push.event)
        const detail = turnDetail && push.event.turn === turnDetail.summary.turn ? { ...turnDetail, events: [...turnDetail.events, push.event] } : turnDetail
        set({ liveEvents: next, turnDetail: detail })
        return
      }
      case 'turn':
        if (get().viewedIsLive) set({ turns: upsertTurn(get().turns, push.summary) })
        return
      case 'debugger':
        set({ debugger: push.state })
        return
      case 'restarted':
        set({ state: push.state, debugger: push.state.debugger })
        if (get().viewedIsLive) void get().viewRun(push.state.live.runId, true)
        return
    }
  }
})

const runSlice: Slice<RunSlice> = (set, get) => ({
  viewedRunId: null,
  viewedIsLive: true,
  turns: [],
  liveEvents: [],
  selectedTurn: null,
  turnDetail: null,
  selectedSeq: null,
  async viewRun(runId, live) {
    set({ viewedRunId: runId, viewedIsLive: live, turns: [], liveEvents: [], selectedTurn: null, turnDetail: null, selectedSeq: null })
    const turns = await guarded(get, (a) => a.listTurns({ runId }))
    if (turns && get().viewedRunId === runId) set({ turns })
  },
  async selectTurn(turn) {
    set({ selectedTurn: turn, selectedSeq: null, turnDetail: null })
    const runId = get().viewedRunId
    if (!turn || !runId) return
    const detail = await guarded(get, (a) => a.getTurn({ runId, turn }))
    if (detail && get().selectedTurn === turn) set({ turnDetail: detail })
  },
  selectEvent(seq) {
    set({ selectedSeq: seq })
  },
  async sendTurn(input) {
    const result = await guarded(get, (a) => a.sendTurn(input))
    if (!result) return
    if (!result.turn) {
      get().setError(`agui/run answered ${result.status}: ${result.body}`)
      return
    }
    set({ turns: upsertTurn(get().turns, result.turn) })
    await get().selectTurn(result.turn.turn)
  }
})

const debuggerSlice: Slice<DebuggerSlice> = (set, get) => ({
  debugger: { paused: false, breakpoints: [], held: [] },
  async debugAction(action) {
    const state = await guarded(get, (a) => a.debugger({ action }))
    if (state) set({ debugger: state })
  },
  async setBreakpoints(kinds) {
    const state = await guarded(get, (a) => a.setBreakpoints({ kinds }))
    if (state) set({ debugger: state })
  }
})

const worldSlice: Slice<WorldSlice> = (_set, get) => ({
  async advanceClock(by) {
    if (await guarded(get, (a) => a.advanceClock({ by }))) await get().refreshState()
  },
  async tokenAction(user, action) {
    if (await guarded(get, (a) => a.tokenAction({ user, action }))) await get().refreshState()
  },
  async setFault(fault) {
    if (await guarded(get, (a) => a.setFault(fault))) await get().refreshState()
  },
  async credentialAction(user, slot, action) {
    if (await guarded(get, (a) => a.credentialAction({ user, slot, action }))) await get().refreshState()
  }
})

const matrixSlice: Slice<MatrixSlice> = (set, get) => ({
  matrix: null,
  matrixBusy: false,
  async runMatrix(project, session, turn) {
    set({ matrixBusy: true })
    const matrix = await guarded(get, (a) => a.matrix(turn ? { project, session, turn } : { project, session }))
    set({ matrixBusy: false, ...(matrix ? { matrix } : {}) })
  }
})

const scenarioSlice: Slice<ScenarioSlice> = (set, get) => ({
  scenarios: [],
  scenarioResult: null,
  scenarioDiff: null,
  scenarioBusy: false,
  async loadScenarios() {
    const scenarios = await guarded(get, (a) => a.listScenarios({}))
    if (scenarios) set({ scenarios })
  },
  async runScenario(input) {
    set({ scenarioBusy: true, scenarioDiff: null })
    const result = await guarded(get, (a) => a.runScenario(input))
    set({ scenarioBusy: false, ...(result ? { scenarioResult: result } : {}) })
  },
  async diffScenario(input) {
    set({ scenarioBusy: true })
    const diff = await guarded(get, (a) => a.diffScenario(input))
    set({ scenarioBusy: false, ...(diff ? { scenarioDiff: diff } : {}) })
  }
})

const runsSlice: Slice<RunsSlice> = (set, get) => ({
  runs: [],
  async loadRuns() {
    const runs = await guarded(get, (a) => a.listRuns({}))
    if (runs) set({ runs })
  },
  exportBundle(runId) {
    return guarded(get, (a) => a.exportBundle({ runId }))
  },
  async replayRun(runId) {
    set({ scenarioBusy: true })
    const result = await guarded(get, (a) => a.replayRun({ runId }))
    set({ scenarioBusy: false, ...(result ? { scenarioResult: result, view: 'scenarios' as const } : {}) })
  }
})

/** A fresh store; tests make their own, the app makes one. */
export function createAppStore(): StoreApi<AppStore> {
  return createStore<AppStore>()((...a) => ({
    ...connectionSlice(...a),
    ...runSlice(...a),
    ...debuggerSlice(...a),
    ...worldSlice(...a),
    ...matrixSlice(...a),
    ...scenarioSlice(...a),
    ...runsSlice(...a)
  }))
}

export const appStore = createAppStore()

/** Select narrowly: `useApp((s) => s.turns)`. */
export function useApp<T>(selector: (state: AppStore) => T): T {
  return useStore(appStore, selector)
}
