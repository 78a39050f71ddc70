import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

/**
 * `GetCodeRabbitCredentialsForSession` after the prelude, HEAD only
 * (docs/platform/credential-endpoints.md#coderabbit-and-gerrit-head-only): one `coderabbit-credentials`
 * Secret keyed by user; a missing Secret is NotFound, so 404, not 500.
 */
export async function serveCodeRabbit(sim: HopContext, allowed: Allowed, res: ServerResponse): Promise<void> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, 'coderabbit') : null
  } catch {
    logHandlerFailure(sim, 'CodeRabbit credentials', allowed.effective)
    emitMissing(sim, 'coderabbit', allowed.effective, 500, 'Failed to get CodeRabbit credentials')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get CodeRabbit credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'coderabbit') {
    emitMissing(sim, 'coderabbit', allowed.effective, 404, 'CodeRabbit credentials not configured')
    return sendError(res, 404, 'CodeRabbit credentials not configured')
  }
  emitServed(sim, 'coderabbit', user.id, 'stored', refsOf(sim, cred))
  sendJson(res, 200, { apiKey: cred.apiKey })
}
