import { senderText } from '../../../../shared/sender-text'
import { selectRunningTurns, selectShownEvents, selectTimeline } from '../session-selectors'
import { guarded, type Slice } from '../slice'
import { loadDetail, upsertTurn } from '../turn-list'
import type { RunSlice } from '../types'

const EMPTY_DRAFT = { sender: 'user:alice', session: 'demo/shared-1', thread: '', message: 'github.whoami\nmcp.docs.whoami', viaCookie: false }

/** The run the Session view shows: its turns, live events, the selection, the composer. */
export const sessionSlice: Slice<RunSlice> = (set, get) => ({
  viewedRunId: null,
  viewedIsLive: true,
  turns: [],
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
  diagramShare: 0.6,
  async viewRun(runId, live) {
    set({ viewedRunId: runId, viewedIsLive: live, turns: [], liveEvents: [], selectedTurn: null, turnDetail: null, selectedSeq: null, pendingSend: null, followLive: live })
    const turns = await guarded(get, (a) => a.listTurns({ runId }))
    if (turns && get().viewedRunId === runId) set({ turns })
  },
  async selectTurn(turn, seq = null) {
    const latestRunning = selectRunningTurns(get()).at(-1)?.turn
    set({ selectedTurn: turn, selectedSeq: seq, turnDetail: null, followLive: turn !== null && turn === latestRunning })
    // A running turn is drawn from live events; its detail is fetched when it ends.
    if (turn && !selectRunningTurns(get()).some((t) => t.turn === turn)) await loadDetail(get, set, turn)
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
    const running = selectRunningTurns(get()).at(-1)
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
  setDiagramShare(share) {
    set({ diagramShare: Math.min(0.8, Math.max(0.25, share)) })
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
    set({ turns: upsertTurn(get().turns, summary) })
    const { selectedTurn, turnDetail } = get()
    if (get().pendingSend?.markSeq === markSeq) set(selectedTurn === null ? { selectedTurn: summary.turn, pendingSend: null } : { pendingSend: null })
    if (get().selectedTurn === summary.turn && turnDetail?.summary.turn !== summary.turn) await loadDetail(get, set, summary.turn)
  }
})
