import type { DebuggerView } from '../../../../shared/api'
import { guarded, type Slice } from '../slice'
import type { AppStore, DebuggerSlice } from '../types'

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

/** The step-through debugger's state and its actions. */
export const debuggerSlice: Slice<DebuggerSlice> = (set, get) => ({
  debugger: { paused: false, breakpoints: [], held: [], stoppedBy: null },
  async debugAction(action) {
    await debuggerCall(get, set, (a) => a.debugger({ action }))
  },
  async setBreakpoints(kinds) {
    await debuggerCall(get, set, (a) => a.setBreakpoints({ kinds }))
  }
})
