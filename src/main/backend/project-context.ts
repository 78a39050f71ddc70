import type { ServerResponse } from 'node:http'
import type { HopContext } from '../sim/hop-context'
import { sendError } from '../net/http-error'
import { KubeError } from '../world/cluster'
import { extractRequestToken, type RequestIdentity, userScopedCaller } from '../backend-process/request-identity'
import { ssoUserClient } from './sso-identity'
import type { BackendState } from '../backend-process/backend-state'
import { SsarCache } from '../backend-process/ssar-cache'

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/**
 * `ValidateProjectContext` (docs/platform/project-context.md#validateprojectcontext) for `/api/projects/:projectName/...`. Answers the error
 * itself and returns false when the request must stop.
 */
export function validateProjectContext(
  sim: HopContext,
  state: BackendState,
  identity: RequestIdentity,
  project: string,
  queryToken: string | null,
  res: ServerResponse
): boolean {
  if (!identity.authorizationHeader && !identity.forwardedAccessToken && queryToken) {
    identity.authorizationHeader = `Bearer ${queryToken}`
  }
  const token = extractRequestToken(identity)
  const stop = (status: number, message: string, reason: string): false => {
    sim.trace.emit('backend', { kind: 'project.checked', project, status, reason })
    sendError(res, status, message)
    return false
  }
  if (!token) return stop(401, 'User token required', 'no Authorization, X-Forwarded-Access-Token or ?token=')
  // SSO mode builds the user-scoped client from the JWT or a TokenReview, or none (docs/platform/identity.md#sso-mode-at-head).
  const runBound = state.runTokens.lookup(token) !== null || state.runTokens.isRunToken(token)
  if (sim.sso && !runBound && !ssoUserClient(sim, identity, token)) return stop(401, 'Invalid or missing token', 'SSO: neither a valid JWT nor a TokenReview identity')
  // Kept as the platform's check, though unreachable here: net/router.ts drops empty segments.
  // Stryker disable next-line all: no request reaches it, see above
  if (!project) return stop(400, 'Project is required in path /api/projects/:projectName or X-OpenShift-Project header', 'empty project')
  if (project.length > 63 || !DNS_1123_LABEL.test(project)) {
    return stop(400, 'Invalid project name format', 'not a DNS-1123 label')
  }
  const { runTokens } = state
  const runToken = runTokens.lookup(token)
  if (runToken) {
    if (runToken.project !== project) return stop(403, 'Unauthorized to access project', 'run-bound token of another project')
    sim.trace.emit('backend', { kind: 'project.checked', project, status: 200, reason: 'run-bound token of this project' })
    return true
  }
  if (runTokens.isRunToken(token)) return stop(401, 'Token expired or invalid', 'run-bound token expired with its run')
  // HEAD caches the review's result for 30 s, keyed by the token in legacy mode (docs/platform/project-context.md#the-ssar-cache-at-head).
  const cacheKey = sim.platform === 'head' ? SsarCache.key(identity.authIdentity || token, project) : null
  const cached = cacheKey === null ? null : state.ssarCache.check(cacheKey)
  if (cached) {
    const age = `cached ${Math.round((sim.clock.now() - cached.at) / 1000)} s ago`
    if (!cached.allowed) return stop(403, 'Unauthorized to access project', `SSAR cache: denied (${age})`)
    sim.trace.emit('backend', { kind: 'project.checked', project, status: 200, reason: `SSAR cache: allowed (${age}); no review made` })
    return true
  }
  let allowed: boolean
  try {
    allowed = sim.cluster.accessReview(userScopedCaller(identity), 'list', project, 'agenticsessions')
  } catch (error) {
    if (error instanceof KubeError && error.reason === 'Unauthorized') {
      return stop(401, 'Token expired or invalid', 'SSAR: Unauthorized')
    }
    return stop(500, 'Failed to perform access review', 'SSAR error')
  }
  if (cacheKey !== null) state.ssarCache.store(cacheKey, allowed)
  if (!allowed) return stop(403, 'Unauthorized to access project', 'SSAR list agenticsessions denied')
  sim.trace.emit('backend', { kind: 'project.checked', project, status: 200, reason: 'SSAR list agenticsessions allowed' })
  return true
}
