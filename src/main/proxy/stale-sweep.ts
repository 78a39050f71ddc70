import type { BackendState } from '../backend-process/backend-state'
import type { HopContext } from '../sim/hop-context'

export const SWEEP_INTERVAL_MS = 10 * 60_000
export const STALE_AFTER_MS = 60 * 60_000

/**
 * `cleanupStaleSessions` (docs/platform/proxy.md#the-stale-sweep): every 10 minutes of virtual time, forget sessions not seen
 * for over an hour and clear their active-user entry, via the project the proxy recorded.
 */
export function startStaleSweep(sim: HopContext, state: BackendState): () => void {
  return sim.clock.every(SWEEP_INTERVAL_MS, (now) => {
    const stale: string[] = []
    const cleared: string[] = []
    for (const [key, seen] of [...state.lastSeen]) {
      if (now - seen <= STALE_AFTER_MS) continue
      stale.push(key)
      state.lastSeen.delete(key)
      const project = state.projectOf.get(key)
      if (project !== undefined) {
        const session = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key
        state.activeUsers.clear(project, session, 'stale session sweep (no /agui/run or /agui/events for over an hour)')
        cleared.push(`${project}/${session}`)
      }
      state.projectOf.delete(key)
    }
    if (stale.length > 0) sim.trace.emit('proxy', { kind: 'sweep', stale, clearedActiveUsers: cleared }, null)
  })
}
