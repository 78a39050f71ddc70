import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { HOSTS } from '../../net/hosts'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

/** `GetJiraCredentialsForSession` after the prelude (docs/platform/credential-endpoints.md#jira). */
export async function serveJira(sim: HopContext, allowed: Allowed, res: ServerResponse): Promise<void> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, 'jira') : null
    // The `jira-credentials` Secret exists only once someone connected Jira; absent, it is an error.
    if (!cred && !sim.world.users.some((u) => u.credentials.jira)) throw new Error('secret jira-credentials not found')
  } catch {
    logHandlerFailure(sim, 'Jira credentials', allowed.effective)
    emitMissing(sim, 'jira', allowed.effective, 500, 'Failed to get Jira credentials')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get Jira credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'jira') {
    emitMissing(sim, 'jira', allowed.effective, 404, 'Jira credentials not configured')
    return sendError(res, 404, 'Jira credentials not configured')
  }
  emitServed(sim, 'jira', user.id, 'stored', refsOf(sim, cred))
  sendJson(res, 200, { url: `https://${HOSTS.jira}`, email: cred.email, apiToken: cred.apiToken })
}
