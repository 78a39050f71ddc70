import type { FlawSet } from '../flaws/flaw-set'
import type { ClusterNet } from '../net/cluster-net'
import type { Clock } from '../sim/clock'
import type { Random } from '../sim/random'
import type { Scheduler } from '../sim/scheduler'
import type { HopTimers } from '../sim/timers'
import type { Redactor } from '../trace/redactor'
import type { Trace } from '../trace/trace'
import type { Turns } from '../turns/turns'
import type { CanaryRegistry } from '../vault/canaries'
import type { CredentialStore } from '../vault/credential-store'
import type { Cluster } from '../world/cluster'
import type { WorldSpec } from '../world/spec'

/** The cluster names the hops answer to (spec §1.6, §4); traces show these, not loopback ports. */
export const HOSTS = {
  backend: 'backend-service.ambient-code.svc.cluster.local',
  backendPort: 8080,
  backendNamespace: 'ambient-code',
  runnerPort: 8001,
  github: 'api.github.com',
  gitlab: 'gitlab.com',
  jira: 'acme.atlassian.net',
  googleOauth: 'oauth2.googleapis.com',
  googleApi: 'www.googleapis.com'
} as const

export function runnerHost(project: string, session: string): string {
  return `session-${session}.${project}.svc.cluster.local`
}

export const BACKEND_API_URL = `http://${HOSTS.backend}:${HOSTS.backendPort}/api`

/**
 * Everything the hops share: the simulated cluster, the credential store, the trace, virtual
 * time, the scheduler, the switched-on flaws, the cluster network and the turns.
 */
export interface Sim {
  readonly world: WorldSpec
  readonly cluster: Cluster
  readonly credentials: CredentialStore
  readonly registry: CanaryRegistry
  readonly redactor: Redactor
  readonly trace: Trace
  readonly clock: Clock
  readonly scheduler: Scheduler
  readonly flaws: FlawSet
  readonly net: ClusterNet
  readonly random: Random
  /** The owner of every turn's lifecycle: the proxy and the runner report to it, the ledger reads from it. */
  readonly turns: Turns
  /** The hops' wall-clock timeouts; they stand still while the debugger holds the run. */
  readonly timers: HopTimers
}
