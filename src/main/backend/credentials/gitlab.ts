import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { HOSTS } from '../../net/hosts'
import { callHop } from '../../net/hop-client'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

const INSTANCE_URL = `https://${HOSTS.gitlab}`

/** `GetGitLabTokenForSession` after the prelude (docs/platform/credential-endpoints.md#gitlab). */
export async function serveGitLab(sim: HopContext, allowed: Allowed, res: ServerResponse): Promise<void> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, 'gitlab') : null
  } catch {
    logHandlerFailure(sim, 'GitLab credentials', allowed.effective)
    emitMissing(sim, 'gitlab', allowed.effective, 500, 'Failed to get GitLab credentials')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get GitLab credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'gitlab') {
    emitMissing(sim, 'gitlab', allowed.effective, 404, 'GitLab credentials not configured')
    return sendError(res, 404, 'GitLab credentials not configured')
  }
  emitServed(sim, 'gitlab', user.id, 'stored', refsOf(sim, cred))
  const identity = await fetchGitLabIdentity(sim, cred.token)
  sendJson(res, 200, { token: cred.token, instanceUrl: INSTANCE_URL, userName: identity.userName, email: identity.email, provider: 'gitlab' })
}

/** `GET <instanceUrl>/api/v4/user` with PRIVATE-TOKEN: name, else username. */
async function fetchGitLabIdentity(sim: HopContext, token: string): Promise<{ userName: string; email: string }> {
  try {
    const response = await callHop(sim, 'backend', 'provider', {
      method: 'GET',
      url: `${INSTANCE_URL}/api/v4/user`,
      headers: { 'PRIVATE-TOKEN': token },
      timeoutMs: 10_000
    })
    if (response.status !== 200) return { userName: '', email: '' }
    const user = JSON.parse(response.body) as { name?: string; username?: string; email?: string }
    return { userName: user.name || user.username || '', email: user.email ?? '' }
  } catch {
    return { userName: '', email: '' }
  }
}
