import type { HopContext } from '../sim/hop-context'
import type { Listener } from '../net/server'
import { startApiServer } from './api-server'
import type { ControlPlane } from '../world/control-plane'
import { startTokenServer } from './token-server'
import type { Turns } from '../turns/turns'

/** The control plane's sessions, their bindings, and its two listeners: the token server and the api-server. */
export async function startControlPlane(sim: HopContext, cp: ControlPlane, turns: Turns): Promise<Listener[]> {
  for (const session of sim.cluster.sessions.values()) {
    if (session.controlPlane) cp.addSession(`${session.project}/${session.name}`, session.controlPlane.bindings, session.controlPlane.sidecars)
  }
  return [await startTokenServer(sim, cp), await startApiServer(sim, cp, turns)]
}
