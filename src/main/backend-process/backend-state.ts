import type { HopContext } from '../sim/hop-context'
import { ActiveUserMap } from './active-users'
import { RunTokens } from './run-tokens'
import { SsarCache } from './ssar-cache'

/**
 * The backend process's in-memory state, shared by its handlers and the AG-UI proxy as in the
 * platform (one Go process): the active-user map, the proxy's session maps, run tokens and (HEAD) the SSAR cache.
 */
export class BackendState {
  readonly activeUsers: ActiveUserMap
  readonly runTokens: RunTokens
  /** HEAD's 30 s cache of the project check's access reviews. */
  readonly ssarCache: SsarCache
  /** sessionLastSeen and sessionProjectMap, keyed as the flaw sites decide. */
  readonly lastSeen = new Map<string, number>()
  readonly projectOf = new Map<string, string>()

  constructor(sim: HopContext) {
    this.activeUsers = new ActiveUserMap(sim)
    this.ssarCache = new SsarCache(sim.clock)
    this.runTokens = new RunTokens(sim.clock, sim.random.fork('run-tokens'), (token, principal) => {
      sim.registry.register(token, { owner: principal, slot: 'bearer', field: 'run-token' })
    })
  }
}
