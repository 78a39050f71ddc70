import { existsSync } from 'node:fs'
import { nearest } from '../../shared/nearest'
import type { RunRow } from '../store/rows'
import { Store } from '../store/store'
import { UsageError } from './usage-error'

/** A bundle is a file: one that exists, or anything that reads like a path (`.json`, a slash); else a run id. */
export function isBundleRef(ref: string): boolean {
  return existsSync(ref) || /\.json$/i.test(ref) || ref.includes('/')
}

/** The run history a run id is looked up in. Opening a store creates it: a mistyped --db must not leave an empty history behind. */
export function openHistory(db: string, ref: string): Store {
  if (!existsSync(db)) throw new UsageError(`no run history at ${db}, so no run ${ref} (name the history with --db, or give a bundle file)`)
  return Store.open(db)
}

/** How many runs of the history a run id is looked up among (the newest first). */
const LOOKED_UP = 100_000

/**
 * A run of the history named by its id or the start of it (as the app's Runs view and
 * `live-<id>` names show it). An unknown one is bad input, with the id it most likely meant.
 */
export function findRun(store: Store, ref: string): RunRow {
  const wanted = ref.trim().toLowerCase().replace(/^live-/, '')
  const runs = store.listRuns(LOOKED_UP)
  const exact = runs.find((r) => r.id === wanted)
  if (exact) return exact
  const started = wanted.length >= 4 ? runs.filter((r) => r.id.startsWith(wanted)) : []
  if (started.length === 1 && started[0]) return started[0]
  if (started.length > 1) throw new UsageError(`${ref} is the start of ${started.length} run ids in ${store.path}; give more of it`)
  const near = nearest(wanted, runs.map((r) => r.id)) ?? nearest(wanted, runs.map((r) => r.id.slice(0, wanted.length)))
  const meant = near ? runs.find((r) => r.id === near || r.id.startsWith(near)) : undefined
  throw new UsageError(
    `no run ${ref} in the run history ${store.path}${meant ? `; did you mean ${meant.id} (${meant.title})?` : ''} (run ids are in the app's Runs view; --db names another history; a bundle is a .json file)`
  )
}
