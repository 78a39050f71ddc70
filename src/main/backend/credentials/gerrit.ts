import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

/**
 * `GetGerritCredentialsForSession` after the prelude, HEAD only
 * (docs/platform/credential-endpoints.md#coderabbit-and-gerrit-head-only): every instance in the
 * user's `gerrit-credentials-<E>` Secret, as `{"instances":[…]}`; none is a 404.
 */
export async function serveGerrit(sim: HopContext, allowed: Allowed, res: ServerResponse): Promise<void> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, 'gerrit') : null
  } catch {
    logHandlerFailure(sim, 'Gerrit credentials', allowed.effective)
    emitMissing(sim, 'gerrit', allowed.effective, 500, 'Failed to get Gerrit credentials')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get Gerrit credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'gerrit' || cred.instances.length === 0) {
    emitMissing(sim, 'gerrit', allowed.effective, 404, 'Gerrit credentials not configured')
    return sendError(res, 404, 'Gerrit credentials not configured')
  }
  emitServed(sim, 'gerrit', user.id, 'stored', refsOf(sim, cred))
  sendJson(res, 200, {
    instances: cred.instances.map((i) => ({ instanceName: i.instanceName, url: i.url, authMethod: 'http_basic', username: i.username, httpToken: i.httpToken }))
  })
}
