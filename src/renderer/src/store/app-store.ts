import { createStore, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import { connectionSlice } from './slices/connection'
import { debuggerSlice } from './slices/debugger'
import { matrixSlice } from './slices/matrix'
import { runsSlice } from './slices/runs'
import { compareSlice } from './slices/compare'
import { exploreSlice } from './slices/explore'
import { scenarioSlice } from './slices/scenarios'
import { sessionSlice } from './slices/session'
import { worldSlice } from './slices/world'
import type { AppStore } from './types'

/** A fresh store; tests make their own, the app makes one. */
export function createAppStore(): StoreApi<AppStore> {
  return createStore<AppStore>()((...a) => ({
    ...connectionSlice(...a),
    ...sessionSlice(...a),
    ...debuggerSlice(...a),
    ...worldSlice(...a),
    ...matrixSlice(...a),
    ...scenarioSlice(...a),
    ...runsSlice(...a),
    ...compareSlice(...a),
    ...exploreSlice(...a)
  }))
}

export const appStore = createAppStore()

/** Select narrowly: `useApp((s) => s.turns)`. */
export function useApp<T>(selector: (state: AppStore) => T): T {
  return useStore(appStore, selector)
}
