import type { StateCreator } from 'zustand/vanilla'
import type { AppStore } from './types'

/** One part of the app store; the store is all of them (app-store.ts). */
export type Slice<T> = StateCreator<AppStore, [], [], T>

/** Calls the API and turns a failure into the error banner; returns null on failure. */
export async function guarded<T>(get: () => AppStore, run: (api: NonNullable<AppStore['api']>) => Promise<T>): Promise<T | null> {
  const api = get().api
  if (!api) return null
  try {
    return await run(api)
  } catch (error) {
    get().setError(error instanceof Error ? error.message : String(error))
    return null
  }
}
