import type { TraceEvent } from '../../../../shared/events'
import { batchPushes } from '../push-batcher'
import { followHeld, withLiveEvents } from '../live-events'
import { guarded, type Slice } from '../slice'
import { loadDetail, upsertTurn } from '../turn-list'
import type { ConnectionSlice } from '../types'

/** The API, the engine's state, the view shown, and the pushes from the engine. */
export const connectionSlice: Slice<ConnectionSlice> = (set, get) => ({
  api: null,
  fatal: null,
  error: null,
  state: null,
  view: 'session',
  helpTerm: null,
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
    // A notice about an opened file belongs to the view it opened in.
    set(view === get().view ? { view } : { view, openNotice: null })
  },
  openHelp(term) {
    set({ view: 'help', helpTerm: term })
  },
  setError(error) {
    set({ error })
  },
  async refreshState() {
    const state = await guarded(get, (a) => a.getState({}))
    if (state) set({ state, debugger: state.debugger })
  },
  async restart(config) {
    const state = await guarded(get, (a) => a.restart(config))
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
        const { turns, selectedTurn, turnDetail } = get()
        set({ turns: upsertTurn(turns, push.summary) })
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
      case 'explore':
        get().setExploreProgress(push.progress)
        return
    }
  }
})
