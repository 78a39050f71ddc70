import { guarded, type Slice } from '../slice'
import type { RunsSlice } from '../types'

/** The stored runs, their export, and the Runs view's filters (kept across view switches). */
export const runsSlice: Slice<RunsSlice> = (set, get) => ({
  runs: [],
  runsUi: { kind: 'all', text: '', expanded: null, exported: null },
  setRunsUi(patch) {
    set({ runsUi: { ...get().runsUi, ...patch } })
  },
  async loadRuns() {
    const runs = await guarded(get, (a) => a.listRuns({}))
    if (runs) set({ runs })
  },
  exportBundle(runId) {
    return guarded(get, (a) => a.exportBundle({ runId }))
  }
})
