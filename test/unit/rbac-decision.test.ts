import { describe, expect, it } from 'vitest'
import { ActiveUserAssertionPanic, decideCredentialAccess, type RbacDecision, type RbacInput } from '../../src/main/backend/rbac'
import type { Caller } from '../../src/main/backend/resolve-user'
import { FlawSet } from '../../src/main/flaws/flaw-set'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { RbacRow } from '../../src/shared/events'
import { configOf } from '../../src/shared/profiles'

// enforceCredentialRBAC (docs/platform/rbac.md#enforcecredentialrbac) as a pure table: O = alice owns demo/shared-1, bob and carol
// are other users. Each row is checked with no flaw on and with the merged profile's flaws on,
// then each flaw that deviates from the table is checked at its row.

const OWNER = 'alice'
const NONE = new FlawSet([])
const MERGED = new FlawSet(configOf({ profile: 'merged' }).flaws)
const only = (...ids: FlawId[]): FlawSet => new FlawSet(ids)

const user = (id: string): Caller => ({ authUser: id, isBot: false, botAccount: null })
/** This session's own BOT_TOKEN, confirmed by SelfSubjectReview. */
const ownBot: Caller = { authUser: '', isBot: true, botAccount: { namespace: 'demo', name: 'ambient-session-shared-1' } }
const otherSessionBot: Caller = { authUser: '', isBot: true, botAccount: { namespace: 'demo', name: 'ambient-session-other' } }
const otherProjectBot: Caller = { authUser: '', isBot: true, botAccount: { namespace: 'elsewhere', name: 'ambient-session-shared-1' } }
const unknownBot: Caller = { authUser: '', isBot: true, botAccount: null }

function decide(flaws: FlawSet, caller: Caller, header: string, active: unknown = undefined): RbacDecision {
  const input: RbacInput = { caller, project: 'demo', session: 'shared-1', owner: OWNER, header, active }
  return decideCredentialAccess(flaws, input)
}

interface Row {
  row: RbacRow
  what: string
  caller: Caller
  header: string
  active?: unknown
  allow: boolean
  effective: string
  /** The trace shows it next to the row, so a reviewer reads why; it must name the right case. */
  reason: string
}

/** The rows of docs/platform/rbac.md#the-table where merged and hardened agree. */
const TABLE: Row[] = [
  { row: 3, what: 'the bot naming the active run user', caller: ownBot, header: 'bob', active: 'bob', allow: true, effective: 'bob', reason: 'BOT_TOKEN for the active run user recorded by the proxy' },
  { row: 4, what: 'the bot naming a user who is not the active run user', caller: ownBot, header: 'bob', active: 'carol', allow: false, effective: 'bob', reason: 'BOT_TOKEN for a non-owner who is not the active run user' },
  { row: 4, what: 'the bot naming a user when no run user is recorded', caller: ownBot, header: 'bob', active: undefined, allow: false, effective: 'bob', reason: 'BOT_TOKEN for a non-owner with no active run user' },
  { row: 4, what: 'the bot naming a user when the map holds a non-string', caller: ownBot, header: 'bob', active: 42, allow: false, effective: 'bob', reason: 'BOT_TOKEN for a non-owner with no active run user' },
  { row: 5, what: 'a caller that could not be identified', caller: user(''), header: '', allow: false, effective: OWNER, reason: 'the caller could not be identified' },
  { row: 5, what: 'a caller that could not be identified, naming a user', caller: user(''), header: 'bob', allow: false, effective: 'bob', reason: 'the caller could not be identified' },
  { row: 6, what: 'the owner without a header', caller: user(OWNER), header: '', allow: true, effective: OWNER, reason: 'the owner, without a header' },
  { row: 7, what: 'a non-owner without a header', caller: user('bob'), header: '', allow: false, effective: OWNER, reason: 'a non-owner calling without X-Runner-Current-User' },
  { row: 8, what: 'the owner naming the owner', caller: user(OWNER), header: OWNER, allow: true, effective: OWNER, reason: 'the owner, naming the owner' },
  { row: 9, what: 'a non-owner naming the owner', caller: user('bob'), header: OWNER, allow: false, effective: OWNER, reason: 'a non-owner naming the owner' },
  { row: 10, what: 'a user naming themselves', caller: user('bob'), header: 'bob', allow: true, effective: 'bob', reason: 'the caller fetches their own credentials' },
  { row: 11, what: 'a user naming someone else', caller: user('carol'), header: 'bob', allow: false, effective: 'bob', reason: 'the caller names someone else' },
  { row: 11, what: 'the owner naming someone else', caller: user(OWNER), header: 'bob', allow: false, effective: 'bob', reason: "the owner cannot fetch another user's credentials" }
]

describe.each([
  ['no flaw on (hardened)', NONE],
  ['the merged flaw set', MERGED]
])('decideCredentialAccess with %s', (_name, flaws) => {
  it.each(TABLE.map((r) => [r.row, r.what, r] as const))('row %i: %s', (_row, _what, r) => {
    expect(decide(flaws, r.caller, r.header, r.active)).toEqual({ allow: r.allow, row: r.row, effective: r.effective, reason: r.reason })
  })

  it('rows 1 and 2: the bot for the owner is allowed while the owner\'s own run is active', () => {
    const reason = flaws === NONE ? 'BOT_TOKEN for the owner during a run the owner (or a schedule) started' : 'BOT_TOKEN for the owner: allowed'
    for (const [header, row] of [['', 1], [OWNER, 2]] as const) {
      expect(decide(flaws, ownBot, header, OWNER)).toEqual({ allow: true, row, effective: OWNER, reason })
    }
  })

  it('treats an empty X-Runner-Current-User as absent', () => {
    expect(decide(flaws, user('bob'), '')).toMatchObject({ row: 7, effective: OWNER })
    expect(decide(flaws, ownBot, '', OWNER)).toMatchObject({ row: 1 })
  })

  it('compares ids exactly: case and sanitised forms are different users', () => {
    expect(decide(flaws, user('Bob'), 'bob')).toMatchObject({ allow: false, row: 11 })
    expect(decide(flaws, user('Alice'), '')).toMatchObject({ allow: false, row: 7 })
  })
})

describe('rows 1 and 2 under the two flaw sets (R5)', () => {
  it('hardened denies the bot the owner\'s credentials when no run of the owner is active', () => {
    const reason = 'BOT_TOKEN is bound to the current run\'s sender, and no run of the owner is active'
    for (const active of [undefined, 'bob', 42]) {
      expect(decide(NONE, ownBot, '', active)).toEqual({ allow: false, row: 1, effective: OWNER, reason })
      expect(decide(NONE, ownBot, OWNER, active)).toEqual({ allow: false, row: 2, effective: OWNER, reason })
    }
  })

  it('merged (r5-bot-token-reaches-owner) gives the bot the owner\'s credentials whoever\'s run is active', () => {
    for (const flaws of [MERGED, only('r5-bot-token-reaches-owner')]) {
      for (const active of [undefined, 'bob', 42]) {
        expect(decide(flaws, ownBot, '', active)).toMatchObject({ allow: true, row: 1, effective: OWNER })
        expect(decide(flaws, ownBot, OWNER, active)).toMatchObject({ allow: true, row: 2, effective: OWNER })
      }
    }
  })
})

describe('the bot must be this session\'s own ServiceAccount (R7)', () => {
  it.each([
    ['another session\'s bot', otherSessionBot],
    ['a bot of another project', otherProjectBot],
    ['a bot whose account is unknown', unknownBot]
  ])('hardened denies %s before the table', (_name, caller) => {
    for (const header of ['', OWNER, 'bob']) expect(decide(NONE, caller, header, 'bob')).toMatchObject({ allow: false, row: null })
  })

  it('names the ServiceAccount it refused, or says it is unknown', () => {
    const reasonFor = (caller: Caller): string => decide(NONE, caller, '', OWNER).reason
    expect(reasonFor(otherSessionBot)).toBe("BOT token of demo/ambient-session-other, not of this session's ServiceAccount")
    expect(reasonFor(otherProjectBot)).toBe("BOT token of elsewhere/ambient-session-shared-1, not of this session's ServiceAccount")
    expect(reasonFor(unknownBot)).toBe("BOT token of ?/?, not of this session's ServiceAccount")
  })

  it('r7-bot-not-bound-to-session lets another session\'s bot into the table as if it were this one\'s', () => {
    for (const flaws of [only('r7-bot-not-bound-to-session'), MERGED]) {
      expect(decide(flaws, otherSessionBot, 'bob', 'bob')).toMatchObject({ allow: true, row: 3, effective: 'bob' })
      expect(decide(flaws, otherSessionBot, 'bob', 'carol')).toMatchObject({ allow: false, row: 4 })
    }
    expect(decide(only('r7-bot-not-bound-to-session'), otherProjectBot, '', OWNER)).toMatchObject({ allow: true, row: 1, effective: OWNER })
  })
})

describe('flaws raised during the PR', () => {
  it('pr2-owner-can-impersonate lets the owner name any user at row 11, and only the owner', () => {
    const flaws = only('pr2-owner-can-impersonate')
    expect(decide(flaws, user(OWNER), 'bob')).toEqual({ allow: true, row: 11, effective: 'bob', reason: 'the owner may name any user' })
    expect(decide(flaws, user('carol'), 'bob')).toMatchObject({ allow: false, row: 11 })
    expect(decide(NONE, user(OWNER), 'bob')).toMatchObject({ allow: false, row: 11 })
  })

  it('pr3-bot-trusted-for-any-user lets the bot name anyone at row 3, whoever is active', () => {
    const flaws = only('pr3-bot-trusted-for-any-user')
    for (const active of [undefined, 'carol', 42]) {
      expect(decide(flaws, ownBot, 'bob', active)).toEqual({ allow: true, row: 3, effective: 'bob', reason: 'BOT_TOKEN trusted for any X-Runner-Current-User' })
    }
    expect(decide(NONE, ownBot, 'bob', 'carol')).toMatchObject({ allow: false, row: 4 })
  })

  it('pr22-unchecked-type-assertion panics on a non-string active user instead of denying', () => {
    const flaws = only('pr22-unchecked-type-assertion')
    expect(() => decide(flaws, ownBot, 'bob', 42)).toThrow(ActiveUserAssertionPanic)
    expect(() => decide(flaws, ownBot, 'bob', { user: 'bob' })).toThrow('interface conversion')
    expect(decide(flaws, ownBot, 'bob', 'bob')).toMatchObject({ allow: true, row: 3 })
    expect(decide(flaws, ownBot, 'bob', undefined)).toMatchObject({ allow: false, row: 4 })
    expect(decide(NONE, ownBot, 'bob', 42)).toMatchObject({ allow: false, row: 4 })
  })

  it('with pr3 and pr22 both on, pr3 allows before the unchecked assertion is reached', () => {
    expect(decide(only('pr3-bot-trusted-for-any-user', 'pr22-unchecked-type-assertion'), ownBot, 'bob', 42)).toMatchObject({ allow: true, row: 3 })
  })
})
