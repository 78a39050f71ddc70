/**
 * The backend's identity middleware (docs/platform/identity.md#forwardedidentitymiddleware) over real loopback HTTP: where gin's userID comes
 * from (X-Forwarded-User, a run-bound token, a ServiceAccount's created-by annotation), what the
 * trace says about it, and whose credentials the request gets because of it. Engines start per
 * test: Stryker counts coverage only inside a test (README, "Mutation testing").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { ownerOfResponse, request, startTestEngine } from '../support/engine'
import { BACKEND_WORLD, fetchCredential, principalsOf, type Principals, told } from '../support/backend-world'

const ACCESS_DENIED = { error: 'Access denied' }
const KEY_SA = 'demo/ambient-key-ci-bot'
const ANNOTATED = `ServiceAccount ${KEY_SA} annotated ambient-code.io/created-by-user-id`

describe('merged: X-Forwarded-User from a direct caller is trusted (R9)', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ profile: 'merged', world: BACKEND_WORLD })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('a direct caller without X-Forwarded-User gets no userID from the middleware; SelfSubjectReview names it', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.user('bob'), as: 'bob' }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(t.identities).toEqual([{ userID: 'bob', source: 'self-subject-review', isBot: false, detail: 'SelfSubjectReview: bob' }])
  })

  it("X-Forwarded-User wins over a ServiceAccount bearer token: bob with alice's API key still gets bob's credentials", async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.apiKey, as: 'bob', headers: { 'X-Forwarded-User': 'bob' } }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(t.identities).toEqual([{ userID: 'bob', source: 'x-forwarded-user', isBot: false, detail: 'X-Forwarded-User sent by a direct caller and trusted' }])
    expect(t.decisions).toMatchObject([{ row: 10, allow: true, authUser: 'bob', effective: 'bob' }])
  })

  it('sanitizes X-Forwarded-User as SanitizeUserID does before it becomes the userID', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.user('bob'), as: 'bob', headers: { 'X-Forwarded-User': '@bob@' } }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(t.identities.map((i) => [i.source, i.userID])).toEqual([['x-forwarded-user', 'bob']])
  })

  it('names the session owner X-Forwarded-Preferred-Username, else the X-Forwarded-User it accepted', async () => {
    const create = (name: string, headers: Record<string, string>) =>
      request(`${e.backend.url}/api/projects/demo/agentic-sessions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${p.user('alice')}`, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ name })
      })
    const plain = await create('named-by-user', { 'X-Forwarded-User': 'alice' })
    expect(plain.status).toBe(201)
    expect(plain.json.userContext).toEqual({ userId: 'alice', userName: 'alice' })
    const preferred = await create('named-by-preference', { 'X-Forwarded-User': 'alice', 'X-Forwarded-Preferred-Username': 'Alice P.' })
    expect(preferred.status).toBe(201)
    expect(preferred.json.userContext).toEqual({ userId: 'alice', userName: 'Alice P.' })
  })
})

describe('hardened: only the front door sets X-Forwarded-User', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ profile: 'hardened', world: BACKEND_WORLD })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('takes the user from the front door even while SelfSubjectReview is down, and says where it came from', async () => {
    e.sim.cluster.faults.add('self-subject-review')
    const { res, told: t } = await told(e, () => fetchCredential(e, { via: 'frontDoor', token: p.user('alice') }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(t.identities).toEqual([{ userID: 'alice', source: 'x-forwarded-user', isBot: false, detail: 'X-Forwarded-User set by the front door' }])
    expect(t.decisions).toMatchObject([{ row: 6, allow: true, authUser: 'alice' }])
  })

  it('ignores X-Forwarded-User from a direct caller, says so, and resolves the caller by SelfSubjectReview', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.user('bob'), as: 'alice', headers: { 'X-Forwarded-User': 'alice' } }))
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(t.identities).toEqual([
      { userID: '', source: 'none', isBot: false, detail: 'X-Forwarded-User ignored: the request did not come through the front door' },
      { userID: 'bob', source: 'self-subject-review', isBot: false, detail: 'SelfSubjectReview: bob' }
    ])
    expect(t.decisions).toMatchObject([{ row: 9, allow: false, authUser: 'bob' }])
  })

  it("an API key acts as its creator through the created-by annotation: alice's key gets alice's credentials", async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.apiKey }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(t.identities).toEqual([{ userID: 'alice', source: 'sa-annotation', isBot: false, detail: ANNOTATED }])
    expect(t.decisions).toMatchObject([{ row: 6, allow: true, authUser: 'alice', isBot: false }])
  })

  it('reads the bearer scheme case-insensitively, and a token without the scheme is not looked up', async () => {
    const lower = await told(e, () => fetchCredential(e, { headers: { Authorization: `bearer ${p.apiKey}` } }))
    expect(lower.res.status).toBe(200)
    expect(ownerOfResponse(e, lower.res.json)).toBe('alice')
    expect(lower.told.identities.map((i) => i.source)).toEqual(['sa-annotation'])

    // A bare token still reaches the cluster as the caller's token, but never the annotation path:
    // SelfSubjectReview confirms a ServiceAccount that is not this session's, which is refused.
    const bare = await told(e, () => fetchCredential(e, { headers: { Authorization: p.apiKey } }))
    expect(bare.res.status).toBe(403)
    expect(bare.told.identities).toEqual([
      { userID: '', source: 'self-subject-review', isBot: true, detail: `SelfSubjectReview: system:serviceaccount:demo:ambient-key-ci-bot (confirmed BOT token)` }
    ])
    expect(bare.told.decisions).toMatchObject([{ row: null, allow: false, isBot: true }])
  })

  it('gives a ServiceAccount without the annotation no identity', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.rogue }))
    expect(res.status).toBe(403)
    expect(t.identities.map((i) => [i.source, i.userID, i.isBot])).toEqual([['self-subject-review', '', true]])
    expect(t.decisions).toMatchObject([{ row: null, allow: false }])
  })

  it("does not take the session's own BOT_TOKEN for the owner, and says why", async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.botToken }))
    expect(res.status).toBe(403)
    expect(t.identities[0]).toEqual({
      userID: '',
      source: 'none',
      isBot: true,
      detail: 'ambient-session-shared-1 is a session ServiceAccount: its annotation is not an identity'
    })
    expect(t.decisions).toMatchObject([{ row: 1, allow: false, isBot: true }])
  })

  it('logs a failed TokenReview and goes on without the annotation; without a bearer token it asks nothing', async () => {
    e.sim.cluster.faults.add('token-review')
    const key = await told(e, () => fetchCredential(e, { token: p.apiKey }))
    expect(key.res.status).toBe(403)
    expect(key.told.logs[0]).toBe('warning: TokenReview failed: tokenreviews.authentication.k8s.io: etcdserver: request timed out')
    expect(key.told.identities.map((i) => i.source)).toEqual(['self-subject-review'])

    // The OAuth proxy's header alone, sent directly: no bearer token, so no TokenReview.
    const forwarded = await told(e, () => fetchCredential(e, { as: 'bob', headers: { 'X-Forwarded-Access-Token': p.user('bob') } }))
    expect(forwarded.res.status).toBe(200)
    expect(ownerOfResponse(e, forwarded.res.json)).toBe('bob')
    expect(forwarded.told.logs.filter((l) => l.includes('TokenReview'))).toEqual([])

    // Another scheme that merely mentions "bearer" is no bearer token either.
    const other = await told(e, () => fetchCredential(e, { headers: { Authorization: `NotBearer ${p.apiKey}` } }))
    expect(other.res.status).toBe(401)
    expect(other.told.logs.filter((l) => l.includes('TokenReview'))).toEqual([])
  })
})
