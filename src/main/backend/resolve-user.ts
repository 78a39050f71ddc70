import type { HopContext } from '../sim/hop-context'
import { KubeError } from '../world/cluster'
import { colonsToDashes, parseSaUsername, sanitizeUserId, sessionSaName } from '../world/identity'
import { extractRequestToken, type RequestIdentity } from '../backend-process/request-identity'

/** Who the credential endpoint thinks is calling (docs/platform/identity.md#resolveauthenticateduser). */
export interface Caller {
  authUser: string
  isBot: boolean
  /** The ServiceAccount a confirmed BOT token belongs to; null when bot-ness was assumed. */
  botAccount: { namespace: string; name: string } | null
}

/**
 * `resolveAuthenticatedUser` (docs/platform/identity.md#resolveauthenticateduser), with the flaw sites of its failure branches. When a
 * branch *assumes* the caller is a BOT_TOKEN, it assumes this session's own bot, as the platform
 * did; only a confirmed SelfSubjectReview names the ServiceAccount for real.
 */
export function resolveAuthenticatedUser(sim: HopContext, identity: RequestIdentity, project: string, session: string): Caller {
  const assumedBot: Caller = { authUser: '', isBot: true, botAccount: { namespace: project, name: sessionSaName(session) } }
  if (identity.userID) return { authUser: identity.userID, isBot: false, botAccount: null }
  if (identity.resolvedUserID) return { authUser: identity.resolvedUserID, isBot: false, botAccount: null }
  // Flaw site PR15: before 591d58238 a direct caller with no userID was taken for the BOT_TOKEN.
  if (sim.flaws.has('pr15-direct-caller-as-bot')) {
    sim.trace.emit('backend', { kind: 'identity', userID: '', source: 'none', isBot: true, detail: 'no userID: treated as BOT_TOKEN without a SelfSubjectReview' })
    return assumedBot
  }
  const token = extractRequestToken(identity)
  let username: string
  try {
    username = sim.cluster.selfSubjectReview(token)
    if (!username) throw new KubeError('InternalError', 'empty username')
  } catch (error) {
    return ssrFailed(sim, identity, error instanceof Error ? error.message : 'error', assumedBot)
  }
  // Flaw site R10: the SSR id only replaces ':' while the middleware uses SanitizeUserID.
  const uid = sim.flaws.has('r10-identity-normalization-mismatch') ? colonsToDashes(username) : sanitizeUserId(username)
  if (uid.startsWith('system-serviceaccount-')) {
    sim.trace.emit('backend', { kind: 'identity', userID: '', source: 'self-subject-review', isBot: true, detail: `SelfSubjectReview: ${username} (confirmed BOT token)` })
    return { authUser: '', isBot: true, botAccount: parseSaUsername(username) }
  }
  identity.resolvedUserID = uid
  sim.trace.emit('backend', { kind: 'identity', userID: uid, source: 'self-subject-review', isBot: false, detail: `SelfSubjectReview: ${username}` })
  return { authUser: uid, isBot: false, botAccount: null }
}

function ssrFailed(sim: HopContext, identity: RequestIdentity, detail: string, assumedBot: Caller): Caller {
  // Flaw site PR16: before 3e0a854fa any resolution failure counted as BOT.
  if (sim.flaws.has('pr16-ssr-failure-always-bot')) {
    sim.trace.emit('backend', { kind: 'log', level: 'warning', text: 'SelfSubjectReview failed — treating as BOT_TOKEN' })
    return assumedBot
  }
  if (!identity.forwardedUser) {
    // Flaw site R8: with no X-Forwarded-User (every direct caller), a failure fails open to BOT.
    if (sim.flaws.has('r8-ssr-failure-fails-open')) {
      sim.trace.emit('backend', { kind: 'log', level: 'warning', text: 'SelfSubjectReview failed and no X-Forwarded-User — treating as BOT_TOKEN' })
      return assumedBot
    }
    sim.trace.emit('backend', { kind: 'log', level: 'warning', text: `SelfSubjectReview failed (${detail}), denying` })
    return { authUser: '', isBot: false, botAccount: null }
  }
  sim.trace.emit('backend', { kind: 'log', level: 'warning', text: 'SelfSubjectReview failed for user request, denying' })
  return { authUser: '', isBot: false, botAccount: null }
}
