/**
 * `ValidateProjectContext` (docs/platform/project-context.md#validateprojectcontext) over real loopback HTTP: which token it checks, the project
 * name it accepts, and the answer and trace reason of each way it stops a request. Engines start
 * per test: Stryker counts coverage only inside a test (README, "Mutation testing").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { ownerOfResponse, request, startTestEngine } from '../support/engine'
import { BACKEND_WORLD, fetchCredential, principalsOf, type Principals, told } from '../support/backend-world'

const NOT_IN_PROJECT = { error: 'Unauthorized to access project' }

describe('ValidateProjectContext', () => {
  let e: Engine
  let p: Principals
  beforeEach(async () => {
    e = await startTestEngine({ profile: 'merged', world: BACKEND_WORLD })
    p = await principalsOf(e)
  })
  afterEach(() => e.stop())

  it('lets a project member through on SSAR list agenticsessions, and says so', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(res.status).toBe(200)
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 200, reason: 'SSAR list agenticsessions allowed' }])
  })

  it('stops a caller the SSAR denies with 403 before the session is read', async () => {
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.user('mallory'), as: 'mallory' }))
    expect(res.status).toBe(403)
    expect(res.json).toEqual(NOT_IN_PROJECT)
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 403, reason: 'SSAR list agenticsessions denied' }])
    expect(t.decisions).toEqual([])
  })

  it('answers 401 without any token, and 401 for a token the cluster no longer knows', async () => {
    const none = await told(e, () => fetchCredential(e, { as: 'alice' }))
    expect(none.res.status).toBe(401)
    expect(none.res.json).toEqual({ error: 'User token required' })
    expect(none.told.projectChecks).toEqual([{ project: 'demo', status: 401, reason: 'no Authorization, X-Forwarded-Access-Token or ?token=' }])
    // A stopped request goes no further: the session is not read.
    expect(none.told.notes).toEqual([])

    const unknown = await told(e, () => fetchCredential(e, { token: 'not-a-token-of-this-cluster' }))
    expect(unknown.res.status).toBe(401)
    expect(unknown.res.json).toEqual({ error: 'Token expired or invalid' })
    expect(unknown.told.projectChecks).toEqual([{ project: 'demo', status: 401, reason: 'SSAR: Unauthorized' }])
  })

  it('answers 500 when the access review itself fails, not 401 or 403', async () => {
    e.sim.cluster.faults.add('access-review')
    const { res, told: t } = await told(e, () => fetchCredential(e, { token: p.user('alice') }))
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ error: 'Failed to perform access review' })
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 500, reason: 'SSAR error' }])
    expect(t.decisions).toEqual([])
  })

  it('takes ?token= only when no header carries a token: it never replaces Authorization', async () => {
    const url = (token: string) => `${e.backend.url}/api/projects/demo/agentic-sessions/shared-1/credentials/jira?token=${encodeURIComponent(token)}`
    const query = await request(url(p.user('alice')))
    expect(query.status).toBe(200)
    expect(ownerOfResponse(e, query.json)).toBe('alice')

    // bob's Authorization with alice's token in the query: bob, who may not have alice's (row 7).
    const both = await told(e, () => request(url(p.user('alice')), { headers: { Authorization: `Bearer ${p.user('bob')}` } }))
    expect(both.res.status).toBe(403)
    expect(both.told.decisions).toMatchObject([{ row: 7, authUser: 'bob' }])
  })

  it('accepts exactly the DNS-1123 labels of at most 63 characters as project names', async () => {
    // A valid name of a project that does not exist passes the name check and is denied by SSAR
    // (403); an invalid one stops at the name check (400).
    const cases: Array<[string, number]> = [
      ['a', 403],
      ['7', 403],
      ['de-mo', 403],
      ['a1-b2-c3', 403],
      [`p${'x'.repeat(61)}q`, 403],
      [`p${'x'.repeat(62)}q`, 400],
      ['Demo', 400],
      ['-demo', 400],
      ['demo-', 400],
      ['_demo', 400],
      ['demo_', 400],
      ['de.mo', 400],
      ['de_mo', 400]
    ]
    const answers: Array<[string, number]> = []
    for (const [project] of cases) {
      const { res } = await told(e, () => fetchCredential(e, { token: p.user('alice'), project }))
      answers.push([project, res.status])
      if (res.status === 400) expect(res.json, project).toEqual({ error: 'Invalid project name format' })
      else expect(res.json, project).toEqual(NOT_IN_PROJECT)
    }
    expect(answers).toEqual(cases)
  })

  it('tells the trace why a name was refused', async () => {
    const { told: t } = await told(e, () => fetchCredential(e, { token: p.user('alice'), project: 'Demo' }))
    expect(t.projectChecks).toEqual([{ project: 'Demo', status: 400, reason: 'not a DNS-1123 label' }])
  })
})

describe('the SSAR cache at HEAD (docs/platform/project-context.md#the-ssar-cache-at-head)', () => {
  let e: Engine
  let p: Principals
  afterEach(() => e.stop())
  const start = async (platform: 'merge' | 'head'): Promise<void> => {
    e = await startTestEngine({ platform, profile: 'as-is', world: BACKEND_WORLD })
    p = await principalsOf(e)
  }

  it('answers a token checked less than 30 s ago from the cache, making no review, and reviews again after 30 s', async () => {
    await start('head')
    expect((await fetchCredential(e, { provider: 'jira', token: p.user('alice') })).status).toBe(200)
    e.sim.cluster.faults.add('access-review')
    const cached = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(cached.res.status).toBe(200)
    expect(cached.told.projectChecks).toEqual([{ project: 'demo', status: 200, reason: 'SSAR cache: allowed (cached 0 s ago); no review made' }])
    e.sim.clock.advance(30_000)
    const atTtl = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(atTtl.told.projectChecks).toEqual([{ project: 'demo', status: 200, reason: 'SSAR cache: allowed (cached 30 s ago); no review made' }])
    e.sim.clock.advance(1)
    const expired = await told(e, () => fetchCredential(e, { provider: 'jira', token: p.user('alice') }))
    expect(expired.res.status).toBe(500)
    expect(expired.told.projectChecks).toEqual([{ project: 'demo', status: 500, reason: 'SSAR error' }])
  })

  it('caches a denial too, per token and per project', async () => {
    await start('head')
    await fetchCredential(e, { token: p.user('mallory'), as: 'mallory' })
    const denied = await told(e, () => fetchCredential(e, { token: p.user('mallory'), as: 'mallory' }))
    expect(denied.res.status).toBe(403)
    expect(denied.res.json).toEqual(NOT_IN_PROJECT)
    expect(denied.told.projectChecks).toEqual([{ project: 'demo', status: 403, reason: 'SSAR cache: denied (cached 0 s ago)' }])
    const otherProject = await told(e, () => fetchCredential(e, { token: p.user('mallory'), as: 'mallory', project: 'other' }))
    expect(otherProject.told.projectChecks).toEqual([{ project: 'other', status: 403, reason: 'SSAR list agenticsessions denied' }])
    const otherToken = await told(e, () => fetchCredential(e, { token: p.user('bob') }))
    expect(otherToken.told.projectChecks[0]?.reason).toBe('SSAR list agenticsessions allowed')
  })

  it('lets a token revoked within 30 s of its last check past the project check, to a 500 at the session read; 401 after', async () => {
    await start('head')
    const bob = p.user('bob')
    expect((await fetchCredential(e, { token: bob, as: 'bob' })).status).toBe(200)
    e.sim.cluster.revoke(bob)
    const within = await fetchCredential(e, { token: bob, as: 'bob' })
    expect([within.status, within.json]).toEqual([500, { error: 'Failed to get session' }])
    e.sim.clock.advance(30_001)
    const after = await fetchCredential(e, { token: bob, as: 'bob' })
    expect([after.status, after.json]).toEqual([401, { error: 'Token expired or invalid' }])
  })

  it('does not exist at the merge: every request is reviewed', async () => {
    await start('merge')
    expect((await fetchCredential(e, { provider: 'jira', token: p.user('alice') })).status).toBe(200)
    e.sim.cluster.faults.add('access-review')
    expect((await fetchCredential(e, { provider: 'jira', token: p.user('alice') })).status).toBe(500)
  })
})
