import type { HopContext } from '../sim/hop-context'
import type { ControlPlane } from '../world/control-plane'

/** Who a bearer token is to the api-server's RBAC (docs/platform/control-plane.md#the-api-servers-credential-tokens). */
export type Caller = { kind: 'service' } | { kind: 'session'; session: string } | { kind: 'user'; userId: string }

/** The control plane's own token, a token it minted for one session (hardened), or a user's SSO JWT; null for anything else. */
export async function callerOf(sim: HopContext, cp: ControlPlane, token: string): Promise<Caller | null> {
  if (!token) return null
  if (token === cp.apiToken) return { kind: 'service' }
  const session = cp.sessionTokens.get(token)
  if (session) return { kind: 'session', session }
  if (!sim.sso || !(await sim.sso.validate(token)).ok) return null
  const userId = sim.sso.ownerOf(token)
  return userId ? { kind: 'user', userId } : null
}
