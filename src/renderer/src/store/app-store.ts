import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { AppStore, ConnectionSlice, DebuggerSlice, MatrixSlice, RunSlice, RunsSlice, ScenarioSlice, WorldSlice } from './types'
import type { DebuggerView, TurnSummary } from '../../../shared/api'
import type { EventKind, EventOf, TraceEvent } from '../../../shared/events'
import { senderText } from '../../../shared/sender-text'
import { summarizeTurn } from '../../../shared/turn-summary'
import { batchPushes } from './push-batcher'
import { selectShownEvents, selectTimeline } from './session-selectors'

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

/** Fetches a turn's detail and keeps it if the turn is still the selected one. */
async function loadDetail(get: () => AppStore, set: (patch: Partial<AppStore>) => void, turn: string): Promise<void> {
  const runId = get().viewedRunId
  if (!runId) return
  const detail = await guarded(get, (a) => a.getTurn({ runId, turn }))
  if (detail && get().selectedTurn === turn) set({ turnDetail: detail })
}

function upsertTurn(turns: readonly TurnSummary[], summary: TurnSummary): TurnSummary[] {
  // New and recent turns sit at the end of a possibly long list; search from there.
  let at = -1
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.turn === summary.turn) {
      at = i
      break
    }
  }
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
    api.subscribe(batchPushes((pushes) => get().applyPushes(pushes)))
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
  applyPushes(pushes) {
    // Runs of events become one update; anything else is applied where it falls, in order.
    let events: TraceEvent[] = []
    const applyEvents = (): void => {
      if (events.length > 0 && get().viewedIsLive) set(withLiveEvents(get(), events))
      events = []
    }
    for (const push of pushes) {
      if (push.type === 'event') events.push(push.event)
      else {
        applyEvents()
        get().applyPush(push)
      }
    }
    applyEvents()
  },
  applyPush(push) {
    switch (push.type) {
      case 'event':
        if (get().viewedIsLive) set(withLiveEvents(get(), [push.event]))
        return
      case 'turn': {
        if (!get().viewedIsLive) return
        const { turns, runningTurns, selectedTurn, turnDetail } = get()
        set({ turns: upsertTurn(turns, push.summary), runningTurns: runningTurns.filter((t) => t.turn !== push.summary.turn) })
        // The selected turn just ended: fetch its detail for the server's ledger and lead-in.
        if (selectedTurn === push.summary.turn && turnDetail?.summary.turn !== selectedTurn) void loadDetail(get, set, selectedTurn)
        return
      }
      case 'debugger':
        set({ debugger: push.state, ...(get().viewedIsLive ? followHeld(get(), push.state) : {}) })
        return
      case 'restarted':
        set({ state: push.state, debugger: push.state.debugger })
        if (get().viewedIsLive) void get().viewRun(push.state.live.runId, true)
        return
      case 'store': {
        const state = get().state
        if (state) set({ state: { ...state, store: push.health } })
        return
      }
    }
  }
})

/** Kinds that change a turn's summary (served credentials, denials, tools, leaks, its end). */
const SUMMARY_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['credential.served', 'rbac', 'tool.result', 'leak', 'turn.finished'])

/**
 * The store after a batch of live events (in seq order): the buffer copied once, the selected
 * turn's detail extended once, and each running turn the batch touched summarised once.
 */
function withLiveEvents(s: AppStore, batch: readonly TraceEvent[]): Partial<AppStore> {
  const joined = s.liveEvents.concat(batch)
  const liveEvents = joined.length > LIVE_EVENT_LIMIT ? joined.slice(-LIVE_EVENT_LIMIT / 2) : joined
  const patch: Partial<AppStore> = { liveEvents }
  const detail = s.turnDetail
  if (detail) {
    const last = detail.events.at(-1)?.seq ?? 0
    const more = batch.filter((e) => e.turn === detail.summary.turn && e.seq > last)
    if (more.length > 0) patch.turnDetail = { ...detail, events: [...detail.events, ...more] }
  }
  let runningTurns = s.runningTurns
  /** Running turns whose summary the batch changed, with their turn.finished if it came. */
  const touched = new Map<string, EventOf<'turn.finished'> | null>()
  for (const event of batch) {
    if (event.kind === 'turn.started' && event.turn) {
      runningTurns = [...runningTurns, startedSummary(event)]
      if (s.followLive) {
        // The turn the user just sent (or the next one to start) takes over the view.
        const held = s.debugger.held[0]
        Object.assign(patch, { selectedTurn: event.turn, turnDetail: null, pendingSend: null, selectedSeq: held && held.turn === event.turn ? held.seq : null })
      }
    } else if (event.turn && SUMMARY_KINDS.has(event.kind)) {
      touched.set(event.turn, event.kind === 'turn.finished' ? event : (touched.get(event.turn) ?? null))
    }
  }
  if (touched.size > 0) {
    const own = new Map<string, TraceEvent[]>()
    for (const e of liveEvents) {
      if (e.turn === null || !touched.has(e.turn)) continue
      const list = own.get(e.turn)
      if (list) list.push(e)
      else own.set(e.turn, [e])
    }
    runningTurns = runningTurns.map((current) => {
      if (!touched.has(current.turn)) return current
      const finished = touched.get(current.turn) ?? null
      return summarizeTurn(
        {
          ...current,
          senderPlatformId: current.senderId,
          finishedAt: finished ? finished.at : current.finishedAt,
          status: finished ? finished.status : current.status
        },
        own.get(current.turn) ?? []
      )
    })
  }
  if (runningTurns !== s.runningTurns) patch.runningTurns = runningTurns
  return patch
}

/** A running turn's summary from its turn.started, with the owner the proxy expects. */
function startedSummary(event: EventOf<'turn.started'>): TurnSummary {
  return summarizeTurn(
    {
      turn: event.turn ?? '',
      project: event.project,
      session: event.session,
      thread: event.thread,
      sender: event.sender,
      senderPlatformId: event.senderId,
      expectedOwner: event.expectedOwner,
      startedAt: event.at,
      finishedAt: null,
      status: 'running'
    },
    []
  )
}

/** While following, the event a gate holds becomes the selection, like a debugger's current line. */
function followHeld(s: AppStore, state: DebuggerView): Partial<AppStore> {
  const held = state.held[0]
  if (!held) return {}
  if (held.turn !== null && held.turn === s.selectedTurn) return { selectedSeq: held.seq }
  if (!s.followLive) return {}
  if (held.turn === null) return s.selectedTurn === null ? { selectedSeq: held.seq } : {}
  if (s.runningTurns.some((t) => t.turn === held.turn)) return { selectedTurn: held.turn, turnDetail: null, pendingSend: null, selectedSeq: held.seq }
  return {}
}

const EMPTY_DRAFT = { sender: 'user:alice', session: 'demo/shared-1', thread: '', message: 'github.whoami\nmcp.docs.whoami', viaCookie: false }

const runSlice: Slice<RunSlice> = (set, get) => ({
  viewedRunId: null,
  viewedIsLive: true,
  turns: [],
  runningTurns: [],
  liveEvents: [],
  selectedTurn: null,
  turnDetail: null,
  selectedSeq: null,
  followLive: true,
  pendingSend: null,
  sendsInFlight: 0,
  draft: EMPTY_DRAFT,
  inspectorTab: 'event',
  compactDiagram: false,
  async viewRun(runId, live) {
    set({ viewedRunId: runId, viewedIsLive: live, turns: [], runningTurns: [], liveEvents: [], selectedTurn: null, turnDetail: null, selectedSeq: null, pendingSend: null, followLive: live })
    const turns = await guarded(get, (a) => a.listTurns({ runId }))
    if (turns && get().viewedRunId === runId) set({ turns })
  },
  async selectTurn(turn, seq = null) {
    const latestRunning = get().runningTurns.at(-1)?.turn
    set({ selectedTurn: turn, selectedSeq: seq, turnDetail: null, followLive: turn !== null && turn === latestRunning })
    // A running turn is drawn from live events; its detail is fetched when it ends.
    if (turn && !get().runningTurns.some((t) => t.turn === turn)) await loadDetail(get, set, turn)
  },
  selectEvent(seq) {
    set(seq === null ? { selectedSeq: null } : { selectedSeq: seq, inspectorTab: 'event' })
  },
  moveEvent(delta) {
    const events = selectShownEvents(get())
    if (events.length === 0) return
    const at = events.findIndex((e) => e.seq === get().selectedSeq)
    const next = at < 0 ? (delta > 0 ? 0 : events.length - 1) : Math.min(events.length - 1, Math.max(0, at + delta))
    get().selectEvent(events[next]?.seq ?? null)
  },
  moveTurn(delta) {
    const timeline = selectTimeline(get())
    if (timeline.length === 0) return
    const current = get().selectedTurn
    let at = -1
    for (let i = timeline.length - 1; i >= 0 && current !== null; i--) if (timeline[i]?.turn === current) at = i
    const next = at < 0 ? (delta > 0 ? 0 : timeline.length - 1) : Math.min(timeline.length - 1, Math.max(0, at + delta))
    const turn = timeline[next]?.turn
    if (turn && turn !== current) void get().selectTurn(turn)
  },
  followLatest() {
    const running = get().runningTurns.at(-1)
    const latest = running ?? get().turns.at(-1)
    if (!latest) {
      set({ followLive: true })
      return
    }
    void get().selectTurn(latest.turn, running ? (get().debugger.held.find((h) => h.turn === running.turn)?.seq ?? null) : null)
    set({ followLive: get().viewedIsLive })
  },
  revealEvent(event) {
    if (event.turn && event.turn !== get().selectedTurn) void get().selectTurn(event.turn, event.seq)
    else get().selectEvent(event.seq)
  },
  setDraft(patch) {
    set({ draft: { ...get().draft, ...patch } })
  },
  setInspectorTab(tab) {
    set({ inspectorTab: tab })
  },
  setCompactDiagram(compact) {
    set({ compactDiagram: compact })
  },
  async sendTurn(input) {
    const markSeq = get().liveEvents.at(-1)?.seq ?? 0
    const sender = senderText(input.sender)
    set({
      followLive: true,
      selectedTurn: null,
      turnDetail: null,
      selectedSeq: null,
      pendingSend: { markSeq, sender, status: 'sending', httpStatus: null, body: null },
      sendsInFlight: get().sendsInFlight + 1
    })
    const result = await guarded(get, (a) => a.sendTurn(input))
    set({ sendsInFlight: Math.max(0, get().sendsInFlight - 1) })
    const pending = get().pendingSend
    if (!result) {
      if (pending?.markSeq === markSeq) set({ pendingSend: null })
      return
    }
    if (!result.turn) {
      // Refused at /agui/run: keep its way in on screen, with the answer.
      if (pending?.markSeq === markSeq) set({ pendingSend: { ...pending, status: 'refused', httpStatus: result.status, body: result.body } })
      return
    }
    const summary = result.turn
    set({ turns: upsertTurn(get().turns, summary), runningTurns: get().runningTurns.filter((t) => t.turn !== summary.turn) })
    const { selectedTurn, turnDetail } = get()
    if (get().pendingSend?.markSeq === markSeq) set(selectedTurn === null ? { selectedTurn: summary.turn, pendingSend: null } : { pendingSend: null })
    if (get().selectedTurn === summary.turn && turnDetail?.summary.turn !== summary.turn) await loadDetail(get, set, summary.turn)
  }
})

/**
 * The answer to a debugger call is the state just after it; a push that arrived meanwhile may be
 * newer (a step releases an event, and the next gate holds another before the answer lands), and
 * the engine pushes every change in order. So the answer counts only when no push came first.
 */
async function debuggerCall(get: () => AppStore, set: (patch: Partial<AppStore>) => void, call: (api: NonNullable<AppStore['api']>) => Promise<DebuggerView>): Promise<void> {
  const before = get().debugger
  const state = await guarded(get, call)
  if (state && get().debugger === before) set({ debugger: state })
}

const debuggerSlice: Slice<DebuggerSlice> = (set, get) => ({
  debugger: { paused: false, breakpoints: [], held: [], stoppedBy: null },
  async debugAction(action) {
    await debuggerCall(get, set, (a) => a.debugger({ action }))
  },
  async setBreakpoints(kinds) {
    await debuggerCall(get, set, (a) => a.setBreakpoints({ kinds }))
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
