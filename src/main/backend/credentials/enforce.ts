import type { ServerResponse } from 'node:http'
import type { CredentialSlot } from '../../../shared/providers'
import type { HopContext } from '../../sim/hop-context'
import { sendError } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import { loggedUser } from '../../trace/logged-user'
import { KubeError, type SessionRecord } from '../../world/cluster'
import type { BackendState } from '../../backend-process/backend-state'
import { decideCredentialAccess } from '../rbac'
import { type RequestIdentity, userScopedCaller } from '../../backend-process/request-identity'
import { resolveAuthenticatedUser } from '../resolve-user'
import type { RunToken } from '../../backend-process/run-tokens'

export interface Allowed {
  session: SessionRecord
  owner: string
  effective: string
}

/**
 * Reads the session CR with the caller's client: 404 when it does not exist, 500 for any other
 * error (a Forbidden included, docs/platform/credential-endpoints.md#the-common-prelude), 500 when it has no owner.
 */
export function getSessionForCaller(
  sim: HopContext,
  identity: RequestIdentity,
  project: string,
  sessionName: string,
  res: ServerResponse
): SessionRecord | null {
  try {
    const session = identity.runToken
      ? runTokenSession(sim, identity.runToken, project, sessionName)
      : sim.cluster.getSessionAs(userScopedCaller(identity), project, sessionName)
    if (!session.userContext.userId) {
      sendPlatformError(sim, 'backend', res, 500, 'User ID not found in session', 'the session CR names no owner (spec.userContext.userId is empty)')
      return null
    }
    return session
  } catch (error) {
    if (error instanceof KubeError && error.reason === 'NotFound') sendError(res, 404, 'Session not found')
    else sendPlatformError(sim, 'backend', res, 500, 'Failed to get session', `reading the session CR with the caller's token failed (${error instanceof KubeError ? error.reason : 'error'}), and only NotFound is told apart`)
    return null
  }
}

/** A run-bound token reads exactly its own session (hardened). */
function runTokenSession(sim: HopContext, bound: RunToken, project: string, sessionName: string): SessionRecord {
  if (bound.session !== sessionName) throw new KubeError('Forbidden', 'run-bound token of another session')
  // Unreachable over HTTP (ValidateProjectContext answers 403 first); kept so this read is safe alone.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: see above
  if (bound.project !== project) throw new KubeError('Forbidden', 'run-bound token of another project')
  const session = sim.cluster.session(project, sessionName)
  if (!session) throw new KubeError('NotFound', 'not found')
  return session
}

/**
 * `enforceCredentialRBAC` (docs/platform/rbac.md#enforcecredentialrbac) around the pure decision: the CR read, the decision event,
 * the RBAC-violation log line or the CREDENTIAL_ACCESS audit line, and the 403.
 */
export function enforceCredentialRBAC(
  sim: HopContext,
  state: BackendState,
  identity: RequestIdentity,
  header: string,
  project: string,
  sessionName: string,
  slot: CredentialSlot,
  res: ServerResponse
): Allowed | null {
  const session = getSessionForCaller(sim, identity, project, sessionName, res)
  if (!session) return null
  const owner = session.userContext.userId
  const caller = resolveAuthenticatedUser(sim, identity, project, sessionName)
  const active = state.activeUsers.get(project, sessionName)
  const decision = decideCredentialAccess(sim.flaws, { caller, project, session: sessionName, owner, header, active })
  sim.trace.emit('backend', {
    kind: 'rbac',
    slot,
    row: decision.row,
    allow: decision.allow,
    status: decision.allow ? 200 : 403,
    authUser: caller.authUser,
    isBot: caller.isBot,
    header: header || null,
    owner,
    effective: decision.effective,
    active: typeof active === 'string' ? active : null,
    reason: decision.reason
  })
  if (!decision.allow) {
    const user = (id: string): string => loggedUser(sim.flaws, id)
    sim.trace.emit('backend', {
      kind: 'log',
      level: 'warning',
      text: `RBAC violation: user ${user(caller.authUser)} attempted access (owner=${user(owner)}, current=${user(decision.effective)})`
    })
    sendError(res, 403, 'Access denied')
    return null
  }
  // Flaw site PR7: before 58f46edc5 the audit line carried user IDs.
  sim.trace.emit('backend', {
    kind: 'audit',
    text: sim.flaws.has('pr7-user-ids-in-credential-access-log')
      ? `CREDENTIAL_ACCESS: user=${caller.authUser} effective=${decision.effective} owner=${owner} session=${project}/${sessionName}`
      : `CREDENTIAL_ACCESS: session=${project}/${sessionName} same_as_owner=${decision.effective === owner}`
  })
  return { session, owner, effective: decision.effective }
}

/** The handler failure lines of docs/platform/proxy.md#logging ("Failed to get GitHub token for user <E>"). */
export function logHandlerFailure(sim: HopContext, what: string, effective: string): void {
  sim.trace.emit('backend', {
    kind: 'log',
    level: 'error',
    text: `Failed to get ${what} for user ${loggedUser(sim.flaws, effective)}`
  })
}
