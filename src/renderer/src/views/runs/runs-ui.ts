import { create } from 'zustand'

/** The Runs view's filters and which row is open, kept across view switches. */
interface RunsUi {
  kind: 'all' | 'scenario' | 'live'
  text: string
  expanded: string | null
  /** The last export, shown beside the row: the file name, or what went wrong. */
  exported: { runId: string; filename: string } | null
  set: (patch: Partial<Omit<RunsUi, 'set'>>) => void
}

export const useRunsUi = create<RunsUi>()((set) => ({
  kind: 'all',
  text: '',
  expanded: null,
  exported: null,
  set: (patch) => set(patch)
}))
