import type { IdentitySource } from '../../shared/events'
import { bearerValue } from '../net/bearer'
import type { KubeCaller } from '../world/cluster'
import type { SsoClaims } from '../world/idp'
import type { RunToken } from './run-tokens'

/**
 * What gin's context holds about the caller after the identity middleware (docs/platform/identity.md#forwardedidentitymiddleware), as far as
 * anything here reads it: the email and groups the platform also keeps decide nothing in credscope.
 */
export interface RequestIdentity {
  userID: string
  userName: string
  /** The X-Forwarded-User value the middleware accepted ('' when absent or refused). */
  forwardedUser: string
  authorizationHeader: string
  forwardedAccessToken: string
  /** Per-request cache of the SelfSubjectReview result (docs/platform/identity.md#resolveauthenticateduser). */
  resolvedUserID: string
  source: IdentitySource
  /** The run-bound token the caller presented, when it is one (hardened only). */
  runToken: RunToken | null
  /** SSO mode: the claims of the validated Bearer JWT (`ssoValidatedClaims`). */
  ssoClaims: SsoClaims | null
  /** SSO mode: the identity the SSAR cache keys on (`authIdentity`); '' means the token. */
  authIdentity: string
  /** SSO mode: the user the user-scoped client impersonates; null means it uses the token. */
  impersonate: string | null
}

export function emptyIdentity(): RequestIdentity {
  return {
    userID: '',
    userName: '',
    forwardedUser: '',
    authorizationHeader: '',
    forwardedAccessToken: '',
    resolvedUserID: '',
    source: 'none',
    runToken: null,
    ssoClaims: null,
    authIdentity: '',
    impersonate: null
  }
}

/** The token of the user-scoped client: X-Forwarded-Access-Token first, else Authorization. */
export function extractRequestToken(identity: RequestIdentity): string {
  if (identity.forwardedAccessToken) return identity.forwardedAccessToken.trim()
  return bearerValue(identity.authorizationHeader)
}

/** Who the user-scoped Kubernetes client acts as: the user it impersonates (SSO), else the request's token. */
export function userScopedCaller(identity: RequestIdentity): KubeCaller {
  return identity.impersonate !== null ? { impersonate: identity.impersonate } : extractRequestToken(identity)
}
