import type { PlatformVersion } from '../../shared/platform-versions'
import type { ControlPlane } from '../world/control-plane'
import type { FlawSet } from '../flaws/flaw-set'
import type { ClusterNet } from '../net/cluster-net'
import type { Clock } from './clock'
import type { Random } from './random'
import type { Scheduler } from './scheduler'
import type { HopTimers } from './timers'
import type { Redactor } from '../trace/redactor'
import type { Trace } from '../trace/trace'
import type { CanaryRegistry } from '../vault/canaries'
import type { CredentialStore } from '../vault/credential-store'
import type { Cluster } from '../world/cluster'
import type { Idp } from '../world/idp'
import type { WorldSpec } from '../world/spec'

/**
 * Everything the hops share: the simulated cluster, the credential store, the trace, virtual
 * time, the scheduler, the switched-on flaws and the cluster network. The turns are not here:
 * only the hops that report to them (the proxy, the runner) are handed them.
 */
export interface HopContext {
  readonly world: WorldSpec
  readonly cluster: Cluster
  /** The SSO world's identity provider; null in a legacy world. The hops' one branch on the mode. */
  readonly sso: Idp | null
  /** The ambient control plane, in a world with sessions it created; null otherwise. */
  readonly controlPlane: ControlPlane | null
  readonly credentials: CredentialStore
  readonly registry: CanaryRegistry
  readonly redactor: Redactor
  readonly trace: Trace
  readonly clock: Clock
  readonly scheduler: Scheduler
  /** The platform version the hops behave as; a hop that differs between versions branches on it once. */
  readonly platform: PlatformVersion
  readonly flaws: FlawSet
  readonly net: ClusterNet
  readonly random: Random
  /** The hops' wall-clock timeouts; they stand still while the debugger holds the run. */
  readonly timers: HopTimers
}
