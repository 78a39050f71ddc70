import { configOfProfile } from '../../components/flaw-config'
import { guarded, type Slice } from '../slice'
import type { ScenarioSlice } from '../types'

/** The scenario library, the last run's or diff's result, a replay, and the Scenarios view's form. */
export const scenarioSlice: Slice<ScenarioSlice> = (set, get) => ({
  scenarios: [],
  scenarioResult: null,
  scenarioDiff: null,
  scenarioBusy: false,
  scenarioForm: { choice: null, mode: 'run', config: configOfProfile('as-is'), a: configOfProfile('as-is', 'merge'), b: configOfProfile('as-is', 'head'), seed: '', runError: null },
  setScenarioForm(patch) {
    set({ scenarioForm: { ...get().scenarioForm, ...patch } })
  },
  async loadScenarios() {
    const scenarios = await guarded(get, (a) => a.listScenarios({}))
    if (scenarios) set({ scenarios })
  },
  async runScenario(input) {
    set({ scenarioBusy: true, scenarioDiff: null })
    const result = await guarded(get, (a) => a.runScenario(input))
    set({ scenarioBusy: false, ...(result ? { scenarioResult: result } : {}) })
    return result
  },
  async diffScenario(input) {
    set({ scenarioBusy: true })
    const diff = await guarded(get, (a) => a.diffScenario(input))
    set({ scenarioBusy: false, ...(diff ? { scenarioDiff: diff } : {}) })
    return diff
  },
  async replayRun(runId) {
    set({ scenarioBusy: true })
    const result = await guarded(get, (a) => a.replayRun({ runId }))
    set({ scenarioBusy: false, ...(result ? { scenarioResult: result } : {}) })
    return result
  }
})
