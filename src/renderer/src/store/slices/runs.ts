import { guarded, type Slice } from '../slice'
import type { RunsSlice } from '../types'

/** The stored runs, their export, files opened into them, and the Runs view's filters (kept across view switches). */
export const runsSlice: Slice<RunsSlice> = (set, get) => ({
  runs: [],
  runsUi: { kind: 'all', text: '', expanded: null, exported: null, picked: [] },
  junitPick: null,
  openNotice: null,
  setRunsUi(patch) {
    set({ runsUi: { ...get().runsUi, ...patch } })
  },
  setOpenNotice(notice) {
    set({ openNotice: notice })
  },
  async loadRuns() {
    const runs = await guarded(get, (a) => a.listRuns({}))
    if (runs) set({ runs })
  },
  exportBundle(runId) {
    return guarded(get, (a) => a.exportBundle({ runId }))
  },
  async renameRun(runId, title) {
    const run = await guarded(get, (a) => a.renameRun({ runId, title }))
    if (run) set({ runs: get().runs.map((r) => (r.id === run.id ? run : r)) })
    return run !== null
  },
  exportReport(runId, format, turn) {
    return guarded(get, (a) => a.exportReport({ runId, format, ...(turn === undefined ? {} : { turn }) }))
  },
  async openFile(name, content, suite) {
    const opened = await guarded(get, (a) => a.openFile({ name, content, ...(suite === undefined ? {} : { suite }) }))
    if (!opened) return null
    switch (opened.kind) {
      case 'scenario':
        set({ junitPick: null })
        get().setScenarioForm({ choice: { kind: 'opened', name: opened.name, source: opened.source }, runError: null })
        get().setView('scenarios')
        break
      case 'run':
        set({ junitPick: null })
        await get().viewRun(opened.runId, false)
        get().setView('session')
        set({ openNotice: opened.note })
        void get().loadRuns()
        break
      case 'junit':
        set({ junitPick: { name, content, suites: opened.suites } })
        get().setView('runs')
        break
    }
    return opened
  }
})
