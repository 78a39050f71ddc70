import type { HopContext } from '../sim/hop-context'
import type { Listener } from '../net/server'
import { startApiServer } from './api-server'
import type { ControlPlane } from '../world/control-plane'
import { startTokenServer } from './token-server'
import type { Turns } from '../turns/turns'
import { kubeconfigYaml } from '../world/kubeconfig'

/** The control plane's sessions, their bindings, and its two listeners: the token server and the api-server. */
export async function startControlPlane(sim: HopContext, cp: ControlPlane, turns: Turns): Promise<Listener[]> {
  for (const session of sim.cluster.sessions.values()) {
    if (session.controlPlane) cp.addSession(`${session.project}/${session.name}`, session.controlPlane.bindings, session.controlPlane.sidecars)
  }
  for (const credential of cp.credentials.values()) {
    if (credential.provider !== 'kubeconfig' || credential.value !== undefined) continue
    // A kubeconfig credential is a kubeconfig for the simulated cluster with a token of its creator's.
    const token = sim.cluster.issueUserToken(credential.owner, sim.world.tokenLifetimeMs, 'kubeconfig')
    credential.value = kubeconfigYaml(sim.cluster.users.get(credential.owner)?.username ?? credential.owner, token)
  }
  return [await startTokenServer(sim, cp), await startApiServer(sim, cp, turns)]
}
