/**
 * `enforceCredentialRBAC` around the pure table (docs/platform/rbac.md#enforcecredentialrbac): the decision event as the trace shows
 * it, the RBAC-violation log line, the CREDENTIAL_ACCESS audit line, the session read before the
 * table with the platform's own 500s, and the handler failure line after it. Engines start per
 * test: Stryker counts coverage only inside a test (README, "Mutation testing").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { WorldSpecInput } from '../../src/main/world/spec'
import { ownerOfResponse, startTestEngine } from '../support/engine'
import { BACKEND_WORLD, fetchCredential, principalsOf, type Principals, told } from '../support/backend-world'

/** BACKEND_WORLD where carol has no credentials at all, so a handler fails after an allow. */
const WORLD: WorldSpecInput = {
  ...BACKEND_WORLD,
  users: (BACKEND_WORLD.users ?? []).map((u) =>
    u.id === 'carol' ? { ...u, credentials: { github: false, gitlab: false, jira: false, google: false, mcp: [] } } : u
  )
}

describe('merged: user IDs in the log lines (R19)', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ world: WORLD, profile: 'merged' })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('emits the whole decision on an allow, and an audit line without user IDs', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('bob'), as: 'bob' }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(t.decisions).toEqual([
      expect.objectContaining({
        hop: 'backend',
        slot: 'jira',
        row: 10,
        allow: true,
        status: 200,
        authUser: 'bob',
        isBot: false,
        header: 'bob',
        owner: 'alice',
        effective: 'bob',
        active: null,
        reason: 'the caller fetches their own credentials'
      })
    ])
    expect(t.audits).toEqual(['CREDENTIAL_ACCESS: session=demo/shared-1 same_as_owner=false'])
    expect(t.logs).toEqual([])
  })

  it("says same_as_owner=true when the owner's credentials are served", async () => {
    const { told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(t.decisions).toMatchObject([{ row: 6, status: 200, header: null, effective: 'alice' }])
    expect(t.audits).toEqual(['CREDENTIAL_ACCESS: session=demo/shared-1 same_as_owner=true'])
  })

  it('answers a denial 403 with the RBAC violation line naming the users, and no audit line', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('bob'), as: 'carol' }))
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: 'Access denied' })
    expect(t.decisions).toMatchObject([{ row: 11, allow: false, status: 403, effective: 'carol' }])
    expect(t.logs).toEqual(['warning: RBAC violation: user bob attempted access (owner=alice, current=carol)'])
    expect(t.audits).toEqual([])
  })

  it('logs the handler failure naming the effective user when an allowed user has no credential', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'github', token: p.user('carol'), as: 'carol' }))
    expect(res.status).toBe(404)
    expect(t.decisions).toMatchObject([{ row: 10, allow: true, effective: 'carol' }])
    expect(t.logs).toEqual(['error: Failed to get GitHub token for user carol'])
  })

  it('answers 500 "User ID not found in session" for a CR without an owner, and says it is the platform\'s answer', async () => {
    e.sim.cluster.session('demo', 'shared-1')!.userContext.userId = ''
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ error: 'User ID not found in session' })
    expect(t.notes).toEqual([
      'Platform behavior: the session CR names no owner (spec.userContext.userId is empty); the platform answers 500 "User ID not found in session" here.'
    ])
    expect(t.decisions).toEqual([])
  })

  it('answers 500 "Failed to get session" to a Forbidden read, naming the reason on the trace', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('bob'), as: 'bob', session: 'solo' }))
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ error: 'Failed to get session' })
    expect(t.notes).toEqual([
      'Platform behavior: reading the session CR with the caller\'s token failed (Forbidden), and only NotFound is told apart; the platform answers 500 "Failed to get session" here.'
    ])
    expect(t.decisions).toEqual([])
  })
})

describe('hardened: log lines without user IDs', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ world: WORLD, profile: 'hardened' })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('redacts the users in the RBAC violation line', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('bob'), as: 'alice' }))
    expect(res.status).toBe(403)
    expect(t.decisions).toMatchObject([{ row: 9, allow: false }])
    expect(t.logs).toEqual(['warning: RBAC violation: user [redacted] attempted access (owner=[redacted], current=[redacted])'])
  })

  it('redacts the user in the handler failure line', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'github', token: p.user('carol'), as: 'carol' }))
    expect(res.status).toBe(404)
    expect(t.logs).toEqual(['error: Failed to get GitHub token for user [redacted]'])
  })
})

describe('pre-fix audit line (PR7)', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ world: WORLD, profile: 'hardened', flaws: ['pr7-user-ids-in-credential-access-log'] })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('carries the user IDs', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('bob'), as: 'bob' }))
    expect(res.status).toBe(200)
    expect(t.audits).toEqual(['CREDENTIAL_ACCESS: user=bob effective=bob owner=alice session=demo/shared-1'])
  })
})
