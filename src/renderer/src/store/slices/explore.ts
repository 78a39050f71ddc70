import { DEFAULT_EXPLORE_BUDGET } from '../../../../shared/explore-view'
import { configOfProfile, toRequest } from '../../components/flaw-config'
import { guarded, type Slice } from '../slice'
import type { ExploreSlice } from '../types'

/** The Explorer: one exploration at a time; the engine pushes its count as it goes. */
export const exploreSlice: Slice<ExploreSlice> = (set, get) => ({
  exploreForm: { file: 'flaws/r2-no-turn-lock.yaml', config: configOfProfile('hardened'), strategy: 'dfs', preemptions: 2, budget: DEFAULT_EXPLORE_BUDGET },
  exploreBusy: false,
  exploreProgress: null,
  exploreResult: null,
  setExploreForm(patch) {
    set({ exploreForm: { ...get().exploreForm, ...patch } })
  },
  setExploreProgress(progress) {
    if (get().exploreBusy) set({ exploreProgress: progress })
  },
  async runExplore() {
    const { file, config, strategy, preemptions, budget } = get().exploreForm
    set({ exploreBusy: true, exploreProgress: null, exploreResult: null })
    const result = await guarded(get, (api) => api.exploreScenario({ scenario: { file }, config: toRequest(config), strategy, preemptions, budget }))
    set({ exploreBusy: false, exploreResult: result })
  },
  async stopExplore() {
    await guarded(get, (api) => api.stopExplore({}))
  }
})
