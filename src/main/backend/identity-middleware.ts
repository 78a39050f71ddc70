import { sessionBotResolvesToOwner } from '../flaws/policies'
import type { HopContext } from '../sim/hop-context'
import type { Request } from '../net/router'
import { originOfConnection } from '../net/flow-ports'
import { FRONT_DOOR_ORIGIN } from '../net/hosts'
import { CREATED_BY_ANNOTATION, sanitizeUserId } from '../world/identity'
import { KubeError } from '../world/cluster'
import { emptyIdentity, type RequestIdentity } from '../backend-process/request-identity'
import { bearerValue } from '../net/bearer'
import type { RunTokens } from '../backend-process/run-tokens'
import { ssoBearerIdentity } from './sso-identity'


/**
 * `forwardedIdentityMiddleware` (docs/platform/identity.md#forwardedidentitymiddleware), on every route: in legacy mode identity from
 * X-Forwarded-User, else from the `created-by-user-id` annotation of the token's ServiceAccount.
 * In SSO mode a Bearer token takes the SSO branch instead (docs/platform/identity.md#sso-mode-at-head).
 */
export async function resolveRequestIdentity(sim: HopContext, runTokens: RunTokens, req: Request): Promise<RequestIdentity> {
  const identity = emptyIdentity()
  const forwardedUser = req.header('X-Forwarded-User')
  const fromFrontDoor = originOfConnection(req.raw.socket) === FRONT_DOOR_ORIGIN
  identity.authorizationHeader = req.header('Authorization')
  identity.forwardedAccessToken = req.header('X-Forwarded-Access-Token')
  const bearer = /^bearer\s/i.test(identity.authorizationHeader) ? bearerValue(identity.authorizationHeader) : ''
  // A run-bound token (hardened's own) is told apart before any mode's branch.
  if (sim.sso && bearer && !runTokens.lookup(bearer)) {
    await ssoBearerIdentity(sim, sim.sso, identity, bearer, req.path)
    return identity
  }

  if (forwardedUser) {
    // Flaw site R9: nothing checks that X-Forwarded-User came from the OAuth proxy.
    if (fromFrontDoor || sim.flaws.has('r9-x-forwarded-user-trusted')) {
      identity.forwardedUser = forwardedUser
      identity.userID = sanitizeUserId(forwardedUser)
      identity.source = 'x-forwarded-user'
      sim.trace.emit('backend', {
        kind: 'identity',
        userID: identity.userID,
        source: identity.source,
        isBot: false,
        detail: fromFrontDoor ? 'X-Forwarded-User set by the front door' : 'X-Forwarded-User sent by a direct caller and trusted'
      })
    } else {
      sim.trace.emit('backend', {
        kind: 'identity',
        userID: '',
        source: 'none',
        isBot: false,
        detail: 'X-Forwarded-User ignored: the request did not come through the front door'
      })
    }
  }

  // Display name (docs/platform/identity.md#forwardedidentitymiddleware): Preferred-Username, else the accepted X-Forwarded-User.
  identity.userName = req.header('X-Forwarded-Preferred-Username') || identity.forwardedUser
  if (!identity.userID) {
    // Only the Bearer scheme counts; one blank after it is enough to tell, bearerValue strips them all.
    const runToken = bearer ? runTokens.lookup(bearer) : null
    if (runToken) {
      identity.runToken = runToken
      identity.userID = runToken.principal
      identity.userName = runToken.principal
      identity.source = 'run-token'
      sim.trace.emit('backend', {
        kind: 'identity',
        userID: identity.userID,
        source: identity.source,
        isBot: false,
        detail: `run-bound token of ${runToken.project}/${runToken.session}`
      })
    } else if (bearer) {
      saFallback(sim, identity, bearer)
    }
  }
  return identity
}

/** The ServiceAccount fallback (docs/platform/identity.md#the-serviceaccount-fallback): TokenReview of the bearer token, then the SA's created-by annotation. */
function saFallback(sim: HopContext, identity: RequestIdentity, bearer: string): void {
  let review: { username: string } | null
  try {
    review = sim.cluster.tokenReview(bearer)
  } catch (error) {
    sim.trace.emit('backend', { kind: 'log', level: 'warning', text: `TokenReview failed: ${error instanceof KubeError ? error.message : 'error'}` })
    return
  }
  if (!review) return
  const sa = sim.cluster.serviceAccountOfUsername(review.username)
  const annotation = sa?.annotations[CREATED_BY_ANNOTATION]
  if (!sa || !annotation) return
  const isSessionSa = sa.name.startsWith('ambient-session-')
  // Flaw R6: the operator's annotation makes the session's own BOT_TOKEN resolve to the owner.
  if (isSessionSa && !sessionBotResolvesToOwner(sim.flaws)) {
    sim.trace.emit('backend', {
      kind: 'identity',
      userID: '',
      source: 'none',
      isBot: true,
      detail: `${sa.name} is a session ServiceAccount: its annotation is not an identity`
    })
    return
  }
  identity.userID = annotation
  identity.source = 'sa-annotation'
  sim.trace.emit('backend', {
    kind: 'identity',
    userID: identity.userID,
    source: identity.source,
    isBot: false,
    detail: `ServiceAccount ${sa.namespace}/${sa.name} annotated ${CREATED_BY_ANNOTATION}`
  })
}
