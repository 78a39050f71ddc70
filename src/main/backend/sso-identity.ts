import { sessionBotResolvesToOwner } from '../flaws/policies'
import type { HopContext } from '../sim/hop-context'
import { KubeError } from '../world/cluster'
import { CREATED_BY_ANNOTATION, sanitizeUserId } from '../world/identity'
import type { RequestIdentity } from '../backend-process/request-identity'
import type { Idp } from '../world/idp'

/**
 * The SSO branch of `forwardedIdentityMiddleware` (docs/platform/identity.md#sso-mode-at-head),
 * for a request with a Bearer token: a valid JWT sets the identity from its claims; an invalid
 * one sets none, and no X-Forwarded-* header is read either way.
 */
export async function ssoBearerIdentity(sim: HopContext, idp: Idp, identity: RequestIdentity, bearer: string, route: string): Promise<void> {
  const validated = await idp.validate(bearer)
  if (!validated.ok) {
    sim.trace.emit('backend', { kind: 'log', level: 'info', text: `SSO: JWT validation failed for ${route}: ${validated.error}` })
    return
  }
  const { claims } = validated
  const original = claims.preferred_username || claims.email || claims.sub
  identity.ssoClaims = claims
  identity.userID = sanitizeUserId(original)
  identity.userName = claims.preferred_username || claims.email
  identity.authIdentity = claims.sub
  identity.source = 'sso-jwt'
  sim.trace.emit('backend', { kind: 'identity', userID: identity.userID, source: identity.source, isBot: false, detail: `SSO JWT of ${original} (sub ${claims.sub})` })
}

/**
 * `getK8sClientsDefault` in SSO mode: the user-scoped client impersonates the JWT's user, else the
 * TokenReview identity, whose ServiceAccount may be mapped to its creator by annotation; that
 * identity also replaces the request's. False when there is neither (the project check's 401).
 */
export function ssoUserClient(sim: HopContext, identity: RequestIdentity, token: string): boolean {
  const claims = identity.ssoClaims
  if (claims) {
    identity.impersonate = claims.preferred_username || claims.email || claims.sub
    return true
  }
  let review: { username: string } | null
  try {
    review = sim.cluster.tokenReview(token)
  } catch (error) {
    review = null
    sim.trace.emit('backend', { kind: 'log', level: 'warning', text: `TokenReview failed: ${error instanceof KubeError ? error.message : 'error'}` })
  }
  if (!review) {
    sim.trace.emit('backend', { kind: 'log', level: 'info', text: 'SSO: token failed both JWT and TokenReview' })
    return false
  }
  const sa = sim.cluster.serviceAccountOfUsername(review.username)
  const creator = sa === null ? '' : (sa.annotations[CREATED_BY_ANNOTATION] ?? '')
  const sessionSa = sa !== null && sa.name.startsWith('ambient-session-')
  // Flaw R6 decides whom the request is (the session's BOT_TOKEN as its owner); flaw site H3
  // decides whom its Kubernetes calls act as: HEAD impersonates the creator, hardened the account.
  const acts = creator && (!sessionSa || sessionBotResolvesToOwner(sim.flaws)) ? creator : review.username
  identity.impersonate = creator && sim.flaws.has('h3-sso-impersonates-creator') ? creator : review.username
  identity.userID = sanitizeUserId(acts)
  identity.userName = acts
  identity.authIdentity = acts
  identity.source = acts === creator ? 'sa-annotation' : 'token-review'
  sim.trace.emit('backend', {
    kind: 'identity',
    userID: identity.userID,
    source: identity.source,
    isBot: false,
    detail: `TokenReview: ${review.username}${acts === creator ? `, annotated ${CREATED_BY_ANNOTATION}` : ''}; Kubernetes calls impersonate ${identity.impersonate}`
  })
  return true
}
