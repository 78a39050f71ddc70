import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { BackendState } from '../../backend-process/backend-state'
import type { RequestIdentity } from '../../backend-process/request-identity'
import { enforceCredentialRBAC, getSessionForCaller, logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

const SERVER_NAME = /^[a-zA-Z0-9_-]{1,63}$/

/**
 * `GetMCPCredentialsForSession` (docs/platform/credential-endpoints.md#mcp). At MERGE it has its own check and always
 * serves the owner's credentials (R12); hardened runs it through enforceCredentialRBAC.
 */
export async function serveMcp(
  sim: HopContext,
  state: BackendState,
  identity: RequestIdentity,
  header: string,
  project: string,
  sessionName: string,
  server: string,
  res: ServerResponse
): Promise<void> {
  if (!SERVER_NAME.test(server)) return sendError(res, 400, 'Invalid server name')
  const slot = `mcp:${server}` as const
  let effective: string
  // Flaw site R12: the MCP endpoint ignores the sender and allows an empty userID.
  if (sim.flaws.has('r12-mcp-credentials-owner-only')) {
    const session = getSessionForCaller(sim, identity, project, sessionName, res)
    if (!session) return
    effective = session.userContext.userId
    if (identity.userID && identity.userID !== effective) {
      sim.trace.emit('backend', {
        kind: 'rbac', slot, row: null, allow: false, status: 403, authUser: identity.userID, isBot: false,
        header: header || null, owner: effective, effective, active: null,
        reason: 'MCP endpoint: userID differs from the owner'
      })
      return sendError(res, 403, 'Access denied: session belongs to different user')
    }
    sim.trace.emit('backend', {
      kind: 'rbac', slot, row: null, allow: true, status: 200, authUser: identity.userID, isBot: false,
      header: header || null, owner: effective, effective, active: null,
      reason: identity.userID ? 'MCP endpoint: the owner' : 'MCP endpoint: empty userID allowed; the owner\'s credentials'
    })
  } else {
    const allowed = enforceCredentialRBAC(sim, state, identity, header, project, sessionName, slot, res)
    if (!allowed) return
    effective = allowed.effective
  }
  const user = sim.cluster.userByPlatformId(effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, slot) : null
  } catch {
    logHandlerFailure(sim, `MCP credentials for ${server}`, effective)
    emitMissing(sim, slot, effective, 500, 'Failed to get MCP credentials')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get MCP credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'mcp') {
    emitMissing(sim, slot, effective, 404, `MCP credentials not configured for server ${server}`)
    return sendError(res, 404, `MCP credentials not configured for server ${server}`)
  }
  emitServed(sim, slot, user.id, 'stored', refsOf(sim, cred))
  sendJson(res, 200, { serverName: server, fields: cred.fields })
}
