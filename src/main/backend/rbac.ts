import type { RbacRow } from '../../shared/events'
import type { FlawSet } from '../flaws/flaw-set'
import { sessionSaName } from '../world/identity'
import type { Caller } from './resolve-user'

export interface RbacInput {
  caller: Caller
  project: string
  session: string
  /** O: spec.userContext.userId. */
  owner: string
  /** H: X-Runner-Current-User ('' counts as absent). */
  header: string
  /** M: the active-user map's value for the session. */
  active: unknown
}

export interface RbacDecision {
  allow: boolean
  row: RbacRow | null
  /** E: whose credentials are served when allowed. */
  effective: string
  reason: string
}

/** The unchecked type assertion of PR flaw 22: a non-string map value panics the handler. */
export class ActiveUserAssertionPanic extends Error {}

/**
 * `enforceCredentialRBAC`'s decision (docs/platform/rbac.md#enforcecredentialrbac), as a pure function of its inputs. With every flaw
 * off it is our hardened design; each deviation is one `flaws.has` site.
 */
export function decideCredentialAccess(flaws: FlawSet, input: RbacInput): RbacDecision {
  const { caller, owner: o } = input
  const h = input.header
  const e = h || o
  const m = typeof input.active === 'string' ? input.active : null
  const allow = (row: RbacRow, reason: string): RbacDecision => ({ allow: true, row, effective: e, reason })
  const deny = (row: RbacRow | null, reason: string): RbacDecision => ({ allow: false, row, effective: e, reason })

  if (caller.isBot) {
    // Flaw site R7: bot classification does not check that the SA is this session's own.
    const ownAccount =
      caller.botAccount !== null &&
      caller.botAccount.namespace === input.project &&
      caller.botAccount.name === sessionSaName(input.session)
    if (!ownAccount && !flaws.has('r7-bot-not-bound-to-session')) {
      return deny(null, `BOT token of ${caller.botAccount?.namespace ?? '?'}/${caller.botAccount?.name ?? '?'}, not of this session's ServiceAccount`)
    }
    if (!h || h === o) {
      const row: RbacRow = h ? 2 : 1
      // Flaw site R5: BOT_TOKEN reaches the owner's credentials whether or not the owner's run is active.
      if (flaws.has('r5-bot-token-reaches-owner')) return allow(row, 'BOT_TOKEN for the owner: allowed')
      return m === o
        ? allow(row, 'BOT_TOKEN for the owner during a run the owner (or a schedule) started')
        : deny(row, 'BOT_TOKEN is bound to the current run\'s sender, and no run of the owner is active')
    }
    // Flaw site PR3: before 47c293061 an empty identity was trusted for any effective user.
    if (flaws.has('pr3-bot-trusted-for-any-user')) return allow(3, 'BOT_TOKEN trusted for any X-Runner-Current-User')
    if (input.active !== undefined && typeof input.active !== 'string' && flaws.has('pr22-unchecked-type-assertion')) {
      throw new ActiveUserAssertionPanic('interface conversion: interface {} is not string')
    }
    return m === h
      ? allow(3, 'BOT_TOKEN for the active run user recorded by the proxy')
      : deny(4, m === null ? 'BOT_TOKEN for a non-owner with no active run user' : 'BOT_TOKEN for a non-owner who is not the active run user')
  }
  const a = caller.authUser
  if (!a) return deny(5, 'the caller could not be identified')
  if (!h) return a === o ? allow(6, 'the owner, without a header') : deny(7, 'a non-owner calling without X-Runner-Current-User')
  if (h === o) return a === o ? allow(8, 'the owner, naming the owner') : deny(9, 'a non-owner naming the owner')
  if (a === h) return allow(10, 'the caller fetches their own credentials')
  // Flaw site PR2: 5ee5ce396 allowed A == O || A == E, so the owner could name anyone.
  if (flaws.has('pr2-owner-can-impersonate') && a === o) return allow(11, 'the owner may name any user')
  return deny(11, a === o ? 'the owner cannot fetch another user\'s credentials' : 'the caller names someone else')
}
