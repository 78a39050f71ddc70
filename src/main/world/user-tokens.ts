import type { HopContext } from '../sim/hop-context'

/**
 * A new token for a user, as signing in again gives one: an OpenShift OAuth token living the
 * world's `tokenLifetimeMs`, or in an SSO world a five-minute access JWT
 * (docs/platform/identity.md#sso-mode-at-head). Registered as the user's bearer secret.
 */
export async function issueUserToken(sim: HopContext, userId: string): Promise<string> {
  const user = sim.cluster.users.get(userId)
  if (!user) throw new Error(`no user "${userId}" in this world`)
  if (!sim.sso) return sim.cluster.issueUserToken(userId, sim.world.tokenLifetimeMs)
  const token = await sim.sso.issue(user)
  sim.registry.register(token, { owner: userId, slot: 'bearer', field: 'sso-jwt' })
  return token
}

/** The user's newest token that still works, else the newest: the one a client of theirs sends. */
export function currentUserToken(sim: HopContext, userId: string): string {
  const { cluster } = sim
  if (!cluster.users.get(userId)) throw new Error(`no user "${userId}" in this world`)
  const token = sim.sso ? sim.sso.tokenOf(userId) : newestLiveOAuthToken(sim, userId)
  if (!token) throw new Error(`user "${userId}" has no token`)
  return token
}

/** The user's newest token and its expiry, live or not: what the World view shows. */
export function newestUserToken(sim: HopContext, userId: string): { token: string; expiresAt: number | null } | null {
  if (sim.sso) return sim.sso.newest(userId)
  const record = sim.cluster.tokensOf({ kind: 'user', userId }).at(-1)
  return record ? { token: record.token, expiresAt: record.expiresAt } : null
}

function newestLiveOAuthToken(sim: HopContext, userId: string): string | null {
  const { cluster } = sim
  const tokens = cluster.tokensOf({ kind: 'user', userId })
  return (tokens.filter((t) => cluster.authenticate(t.token)).at(-1) ?? tokens.at(-1))?.token ?? null
}

export type TokenAction = 'issue' | 'expire' | 'revoke'

/**
 * A user's token signs in again, expires or is revoked: the token acted on, or why it cannot be.
 * An SSO access JWT cannot be ended early: the backend validates it offline until its `exp`.
 */
export async function applyTokenAction(sim: HopContext, userId: string, action: TokenAction): Promise<{ token: string } | { error: string }> {
  if (!sim.cluster.users.has(userId)) return { error: `no user "${userId}" in this world` }
  if (action === 'issue') return { token: await issueUserToken(sim, userId) }
  if (sim.sso) return { error: `${action}: an SSO access JWT cannot be ended early, the backend checks it offline until it expires (5 minutes after issue); advance the clock instead` }
  const token = currentUserToken(sim, userId)
  if (action === 'expire') sim.cluster.expire(token)
  else sim.cluster.revoke(token)
  return { token }
}
