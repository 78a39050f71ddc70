import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { WorldSpecInput } from '../../src/main/world/spec'
import type { EventOf } from '../../src/shared/events'
import { type HttpResult, ownerOfResponse, recordEvents, request, startTestEngine } from '../support/engine'

/**
 * The Go tests G1–G17 of `runtime_credentials_test.go` (docs/platform/platform-tests.md#backend-tests), re-expressed against our
 * backend over loopback HTTP. The originals only asserted "not 401/403"; each of these names the
 * user whose canary came back, or shows that none did.
 */

// The fixture's random suffix <n>; each test gets a fresh engine, so a constant is enough.
const N = '4821'
const NAMESPACE = `test-creds-${N}`
const SESSION = `test-session-${N}`
const OWNER = `owner-user-${N}`
const OWNER_EMAIL = `${OWNER}@example.com`

/** The Go fixture: one namespace, one session owned by `owner-user-<n>`, a Role on `*` for the test token. */
const GO_FIXTURE: WorldSpecInput = {
  users: [
    { id: OWNER, name: 'Owner User', email: OWNER_EMAIL },
    { id: 'collaborator-user-abc', name: 'Collaborator Abc' },
    { id: 'collaborator-user-123', name: 'Collaborator 123', email: 'collaborator-123@example.com' },
    { id: 'collaborator-jira', name: 'Collaborator Jira' },
    { id: 'collaborator-google', name: 'Collaborator Google' },
    { id: 'collaborator-gitlab', name: 'Collaborator Gitlab' },
    { id: 'malicious-user-xyz', name: 'Malicious Xyz' },
    { id: 'attacker-user', name: 'Attacker' }
  ],
  projects: [
    {
      name: NAMESPACE,
      members: { [OWNER]: 'admin' },
      sessions: [{ name: SESSION, owner: OWNER }],
      // `test-creds-role` grants every verb on `*`; its token is the fixture's "valid SA test token".
      serviceAccounts: [{ name: 'test-creds-sa', role: 'admin' }]
    }
  ]
}

const ACCESS_DENIED = { error: 'Access denied' }

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Fixture {
  e: Engine
  testToken: string
  botToken: string
}

async function start(): Promise<Fixture> {
  const e = await startTestEngine({ profile: 'merged', world: GO_FIXTURE })
  engine = e
  // The fixture's fake SelfSubjectReview yields an error, which is how its "BOT_TOKEN" is made.
  e.sim.cluster.faults.add('self-subject-review')
  const world = await e.world()
  return {
    e,
    testToken: world.serviceAccounts.find((sa) => sa.name === 'test-creds-sa')!.token,
    botToken: world.sessions.find((s) => s.name === SESSION)!.botToken
  }
}

/**
 * `createCredentialContext(type)`: `Authorization: Bearer <test token>`, gin `userID` set per test.
 * Merged trusts X-Forwarded-User from a direct caller (R9), which is how gin `userID` gets set here;
 * `''` sends no X-Forwarded-User, so the failing SelfSubjectReview classifies the caller as bot.
 */
async function credentialsAs(f: Fixture, provider: string, ginUserID: string, runnerCurrentUser?: string): Promise<HttpResult> {
  const headers: Record<string, string> = { Authorization: `Bearer ${f.testToken}` }
  if (ginUserID) headers['X-Forwarded-User'] = ginUserID
  if (runnerCurrentUser !== undefined) headers['X-Runner-Current-User'] = runnerCurrentUser
  return request(`${f.e.backend.url}/api/projects/${NAMESPACE}/agentic-sessions/${SESSION}/credentials/${provider}`, { headers })
}

function onlyDecision(events: Array<EventOf<'rbac'>>): EventOf<'rbac'> {
  expect(events).toHaveLength(1)
  return events[0]!
}

/** The backend's own call to a provider API (the identity lookup of docs/platform/credential-endpoints.md). */
function providerCalls(events: ReturnType<typeof recordEvents>, url: string): Array<EventOf<'http.request'>> {
  return events.of('http.request').filter((r) => r.from === 'backend' && r.to === 'provider' && r.url === url)
}

/** A stored credential the provider does not accept: another provider's token pasted in. */
async function storeRefusedToken(e: Engine, user: string, slot: 'github' | 'gitlab'): Promise<void> {
  const other = await e.sim.credentials.read(user, slot === 'github' ? 'gitlab' : 'github')
  if (other?.provider !== 'github' && other?.provider !== 'gitlab') throw new Error(`${user} has no token to paste`)
  if (slot === 'github') await e.sim.credentials.write(user, 'github', { provider: 'github', kind: 'pat', token: other.token })
  else await e.sim.credentials.write(user, 'gitlab', { provider: 'gitlab', token: other.token })
}

describe('Runtime Credentials - Git Identity (G1–G4), through the credential endpoints', () => {
  it("G1: GitHub's GET /user names the user whose token the endpoint returns", async () => {
    const f = await start()
    for (const [user, name, email, header] of [
      [OWNER, 'Owner User', OWNER_EMAIL, undefined],
      ['collaborator-user-123', 'Collaborator 123', 'collaborator-123@example.com', 'collaborator-user-123']
    ] as const) {
      const events = recordEvents(f.e)
      const res = await credentialsAs(f, 'github', user, header)
      expect(res.status).toBe(200)
      expect(ownerOfResponse(f.e, res.json)).toBe(user)
      expect(res.json).toMatchObject({ userName: name, email, provider: 'github' })
      const calls = providerCalls(events, 'https://api.github.com/user')
      expect(calls).toHaveLength(1)
      expect(calls[0]!.headers).toMatchObject({ Accept: 'application/vnd.github+json' })
      expect(calls[0]!.headers.Authorization).toMatch(/^Bearer /)
    }
  })

  it('G2: when GitHub refuses the token, userName and email are empty strings and the token is still the user\'s', async () => {
    const f = await start()
    await storeRefusedToken(f.e, OWNER, 'github')
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', OWNER)
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(res.json).toMatchObject({ userName: '', email: '', provider: 'github' })
    // The lookup happened and was refused: the empty strings are GitHub's answer, not a skipped call.
    expect(providerCalls(events, 'https://api.github.com/user')).toHaveLength(1)
    expect(events.of('http.response').some((r) => r.from === 'provider' && r.status === 401)).toBe(true)
  })

  it("G3: GitLab's /api/v4/user on the default instance names the user whose token the endpoint returns", async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'gitlab', OWNER)
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(res.json).toMatchObject({ instanceUrl: 'https://gitlab.com', userName: 'Owner User', email: OWNER_EMAIL, provider: 'gitlab' })
    const calls = providerCalls(events, 'https://gitlab.com/api/v4/user')
    expect(calls).toHaveLength(1)
    expect(Object.keys(calls[0]!.headers)).toContain('PRIVATE-TOKEN')
  })

  it("G4: when GitLab refuses the token, userName and email are empty strings and the token is still the user's", async () => {
    const f = await start()
    await storeRefusedToken(f.e, OWNER, 'gitlab')
    const res = await credentialsAs(f, 'gitlab', OWNER)
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(res.json).toMatchObject({ userName: '', email: '', provider: 'gitlab' })
  })
})

describe('Runtime Credentials - Shared Session User Resolution (G5–G17)', () => {
  it("G5: the BOT token without X-Runner-Current-User gets the owner's GitHub token", async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', '')
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 1, isBot: true, effective: OWNER })
  })

  it('G6: the BOT token naming a collaborator with no active run gets no GitHub token', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', '', 'collaborator-user-abc')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 4, isBot: true, active: null })
    expect(events.of('credential.served')).toEqual([])
  })

  it("G7: the owner without the header gets the owner's GitHub token", async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', OWNER)
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 6, authUser: OWNER })
  })

  it('G8: a non-owner without the header gets no GitHub token', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', 'malicious-user-xyz')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 7, authUser: 'malicious-user-xyz' })
    expect(events.of('credential.served')).toEqual([])
  })

  it("G9: a collaborator naming themself gets their own GitHub token, not the owner's", async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'github', 'collaborator-user-123', 'collaborator-user-123')
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe('collaborator-user-123')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 10, effective: 'collaborator-user-123' })
  })

  it("G10: the BOT token without the header gets the owner's Jira credentials", async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'jira', '')
    expect(res.status).toBe(200)
    expect(ownerOfResponse(f.e, res.json)).toBe(OWNER)
    expect(res.json.email).toBe(OWNER_EMAIL)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 1, isBot: true })
  })

  it('G11: the BOT token naming a collaborator gets no Jira credentials', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'jira', '', 'collaborator-jira')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 4, slot: 'jira' })
  })

  it('G12: an attacker without the header gets no Jira credentials', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'jira', 'attacker-user')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 7, slot: 'jira', authUser: 'attacker-user' })
  })

  it('G13: an attacker without the header gets no Google credentials', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'google', 'attacker-user')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 7, slot: 'google' })
  })

  it('G14: the BOT token naming a collaborator gets no Google credentials', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'google', '', 'collaborator-google')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 4, slot: 'google' })
  })

  it('G15: an attacker without the header gets no GitLab token', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'gitlab', 'attacker-user')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 7, slot: 'gitlab' })
  })

  it('G16: the BOT token naming a collaborator gets no GitLab token', async () => {
    const f = await start()
    const events = recordEvents(f.e)
    const res = await credentialsAs(f, 'gitlab', '', 'collaborator-gitlab')
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 4, slot: 'gitlab' })
  })

  it("G17: a scheduled session's fetch gets the owner's GitHub token, as the fixture's bot and as the real BOT_TOKEN", async () => {
    const f = await start()
    const asFixture = recordEvents(f.e)
    const fixture = await credentialsAs(f, 'github', '')
    expect(fixture.status).toBe(200)
    expect(ownerOfResponse(f.e, fixture.json)).toBe(OWNER)
    expect(onlyDecision(asFixture.of('rbac'))).toMatchObject({ row: 1, isBot: true })

    // The session's own token is not a bot at all in merged: the SA annotation makes it the owner (R6).
    const asSessionSa = recordEvents(f.e)
    const real = await request(`${f.e.backend.url}/api/projects/${NAMESPACE}/agentic-sessions/${SESSION}/credentials/github`, {
      headers: { Authorization: `Bearer ${f.botToken}` }
    })
    expect(real.status).toBe(200)
    expect(ownerOfResponse(f.e, real.json)).toBe(OWNER)
    expect(onlyDecision(asSessionSa.of('rbac'))).toMatchObject({ row: 6, isBot: false, authUser: OWNER })
  })
})
