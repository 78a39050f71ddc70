import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { WorldSpecInput } from '../../src/main/world/spec'
import type { EventOf } from '../../src/shared/events'
import type { ProfileInput } from '../../src/shared/profiles'
import { type HttpResult, ownerOfResponse, recordEvents, request, startTestEngine } from '../support/engine'

/**
 * The default world plus what the table's rows need: `solo`, a session of alice's that is shared
 * with nobody (the 500 prelude), and `rogue`, a ServiceAccount without the created-by annotation
 * (the bot rows under R7).
 */
const WORLD: WorldSpecInput = {
  users: [
    { id: 'alice', name: 'Alice Owner', email: 'alice@example.com' },
    { id: 'bob', name: 'Bob Editor', email: 'bob@example.com' },
    { id: 'carol', name: 'Carol Viewer', email: 'carol@example.com' },
    { id: 'mallory', name: 'Mallory Outsider', email: 'mallory@example.com' }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' },
      sessions: [
        { name: 'shared-1', owner: 'alice', sharedWith: { bob: 'edit', carol: 'view' } },
        { name: 'solo', owner: 'alice' }
      ],
      apiKeys: [{ name: 'ci-bot', creator: 'alice', role: 'edit' }],
      serviceAccounts: [{ name: 'rogue', role: 'edit' }]
    }
  ]
}

const ACCESS_DENIED = { error: 'Access denied' }

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Principals {
  user(id: string): string
  botToken: string
  rogue: string
}

async function start(profile: ProfileInput = 'merged'): Promise<{ e: Engine; tokens: Principals }> {
  const e = await startTestEngine({ profile, world: WORLD })
  engine = e
  const world = await e.world()
  const tokens: Principals = {
    user: (id) => world.users.find((u) => u.id === id)!.token,
    botToken: world.sessions.find((s) => s.project === 'demo' && s.name === 'shared-1')!.botToken,
    rogue: world.serviceAccounts.find((sa) => sa.name === 'rogue')!.token
  }
  return { e, tokens }
}

interface CredentialCall {
  /** `backend` is how a runner reaches the service (no OAuth proxy); `frontDoor` adds X-Forwarded-*. */
  via?: 'backend' | 'frontDoor'
  provider?: string
  token?: string
  /** X-Runner-Current-User, the header H of the table. */
  as?: string
  headers?: Record<string, string>
  project?: string
  session?: string
}

/** One GET of a per-session credential endpoint over real loopback HTTP. */
async function fetchCredential(e: Engine, call: CredentialCall): Promise<HttpResult> {
  const base = call.via === 'frontDoor' ? e.frontDoor.url : e.backend.url
  const url = `${base}/api/projects/${call.project ?? 'demo'}/agentic-sessions/${call.session ?? 'shared-1'}/credentials/${call.provider ?? 'github'}`
  const headers: Record<string, string> = { ...call.headers }
  if (call.token) headers.Authorization = `Bearer ${call.token}`
  if (call.as !== undefined) headers['X-Runner-Current-User'] = call.as
  return request(url, { headers })
}

/** The one `rbac` decision the request produced (requests from outside carry no turn). */
function onlyDecision(events: Array<EventOf<'rbac'>>): EventOf<'rbac'> {
  const outside = events.filter((event) => event.turn === null)
  expect(outside).toHaveLength(1)
  return outside[0]!
}

/** What the agent does to turn the runner's BOT_TOKEN against the owner (docs/scenarios.md, the `http` tool line). */
const BOT_TOKEN_FETCH = "http GET ${BACKEND_API_URL}/projects/demo/agentic-sessions/shared-1/credentials/github -H 'Authorization: Bearer ${BOT_TOKEN:-$(cat /var/run/secrets/ambient/bot-token)}'"

/** Sends BOT_TOKEN_FETCH in a turn of `userId`: what came back, and the decision it got. */
async function botTokenFetchInTurnOf(e: Engine, userId: string): Promise<{ actedAs: string | null; decision: EventOf<'rbac'> }> {
  const events = recordEvents(e)
  const outcome = await e.sendTurn({ sender: { kind: 'user', userId }, project: 'demo', session: 'shared-1', message: BOT_TOKEN_FETCH })
  expect(outcome.turn?.status).toBe('finished')
  const turnId = outcome.turn!.turn
  const [result] = events.of('tool.result', turnId)
  // The runner's own populate fetches come first; the agent's request is the turn's last decision.
  const decision = events.of('rbac', turnId).at(-1)
  expect(result?.tool).toBe('http')
  return { actedAs: result!.actedAs, decision: decision! }
}

/** A turn by bob, which makes the proxy record bob as the session's active user (docs/platform/rbac.md#the-active-user-map, R1). */
async function bobSendsATurn(e: Engine): Promise<void> {
  const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: '' })
  expect(outcome.status).toBe(200)
  expect(outcome.turn?.status).toBe('finished')
}

describe('the RBAC table of docs/platform/rbac.md#the-table, one row at a time (merged)', () => {
  it("row 1: a bot caller without the header gets the owner's credentials, even an unrelated ServiceAccount (R7)", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.rogue })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    const decision = onlyDecision(events.of('rbac'))
    expect(decision).toMatchObject({ row: 1, allow: true, isBot: true, header: null, owner: 'alice', effective: 'alice' })
  })

  it("row 1: a user's own token is taken for the BOT token when SelfSubjectReview fails, so bob gets alice's credentials (R8)", async () => {
    const { e, tokens } = await start()
    e.sim.cluster.faults.add('self-subject-review')
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'jira', token: tokens.user('bob') })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 1, allow: true, isBot: true, authUser: '' })
  })

  it("row 2: a bot caller naming the owner gets the owner's credentials", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'gitlab', token: tokens.rogue, as: 'alice' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 2, allow: true, isBot: true, header: 'alice', effective: 'alice' })
  })

  it("row 3: a bot caller naming the active run user gets that user's credentials after that user's run has ended (R1)", async () => {
    const { e, tokens } = await start()
    await bobSendsATurn(e)
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'jira', token: tokens.rogue, as: 'bob' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 3, allow: true, isBot: true, header: 'bob', active: 'bob', effective: 'bob' })
  })

  it('row 4: a bot caller naming a non-owner who is not the active run user is denied', async () => {
    const { e, tokens } = await start()
    const before = recordEvents(e)
    const noRun = await fetchCredential(e, { token: tokens.rogue, as: 'bob' })
    expect(noRun.status).toBe(403)
    expect(noRun.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(before.of('rbac'))).toMatchObject({ row: 4, allow: false, isBot: true, active: null })

    // With bob recorded as the active user, naming carol is still row 4.
    await bobSendsATurn(e)
    const after = recordEvents(e)
    const otherUser = await fetchCredential(e, { token: tokens.rogue, as: 'carol' })
    expect(otherUser.status).toBe(403)
    expect(otherUser.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(after.of('rbac'))).toMatchObject({ row: 4, allow: false, header: 'carol', active: 'bob' })
  })

  it('row 5: an X-Forwarded-User that sanitizes to nothing, with SelfSubjectReview failing, is denied', async () => {
    const { e, tokens } = await start()
    e.sim.cluster.faults.add('self-subject-review')
    const events = recordEvents(e)
    // Merged trusts X-Forwarded-User from a direct caller (R9); '@@@' sanitizes to ''.
    const res = await fetchCredential(e, { token: tokens.user('bob'), headers: { 'X-Forwarded-User': '@@@' } })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 5, allow: false, isBot: false, authUser: '' })
  })

  it("row 6: the owner without the header gets the owner's credentials, directly and through the front door", async () => {
    const { e, tokens } = await start()
    const direct = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'google', token: tokens.user('alice') })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(direct.of('rbac'))).toMatchObject({ row: 6, allow: true, isBot: false, authUser: 'alice', header: null })

    const viaFrontDoor = recordEvents(e)
    const front = await fetchCredential(e, { via: 'frontDoor', provider: 'google', token: tokens.user('alice') })
    expect(front.status).toBe(200)
    expect(ownerOfResponse(e, front.json)).toBe('alice')
    expect(onlyDecision(viaFrontDoor.of('rbac'))).toMatchObject({ row: 6, allow: true, authUser: 'alice' })
  })

  it('row 7: a non-owner calling without the header is denied', async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('bob') })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 7, allow: false, authUser: 'bob', header: null })
  })

  it("row 8: the owner naming the owner gets the owner's credentials", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('alice'), as: 'alice' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 8, allow: true, authUser: 'alice', header: 'alice' })
  })

  it('row 9: a non-owner naming the owner is denied', async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'gitlab', token: tokens.user('bob'), as: 'alice' })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 9, allow: false, authUser: 'bob', header: 'alice' })
  })

  it("row 10: a collaborator naming themself gets their own credentials for every provider", async () => {
    const { e, tokens } = await start()
    for (const provider of ['github', 'gitlab', 'jira', 'google']) {
      const events = recordEvents(e)
      const res = await fetchCredential(e, { provider, token: tokens.user('bob'), as: 'bob' })
      expect(res.status, provider).toBe(200)
      expect(ownerOfResponse(e, res.json), provider).toBe('bob')
      expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 10, allow: true, authUser: 'bob', header: 'bob', effective: 'bob', slot: provider })
    }
  })

  it("row 11: nobody names someone else, not even the owner naming a collaborator", async () => {
    const { e, tokens } = await start()
    const bobForCarol = recordEvents(e)
    const first = await fetchCredential(e, { token: tokens.user('bob'), as: 'carol' })
    expect(first.status).toBe(403)
    expect(first.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(bobForCarol.of('rbac'))).toMatchObject({ row: 11, allow: false, authUser: 'bob', header: 'carol' })

    const aliceForBob = recordEvents(e)
    const second = await fetchCredential(e, { provider: 'google', token: tokens.user('alice'), as: 'bob' })
    expect(second.status).toBe(403)
    expect(second.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(aliceForBob.of('rbac'))).toMatchObject({ row: 11, allow: false, authUser: 'alice', header: 'bob' })
  })
})

describe("the session's own BOT_TOKEN resolves to the owner through the SA annotation (merged, R6)", () => {
  it("lands in row 6 without the header and gets the owner's credentials", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.botToken })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 6, allow: true, isBot: false, authUser: 'alice' })
  })

  it("lands in row 8 when it names the owner and gets the owner's credentials", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'jira', token: tokens.botToken, as: 'alice' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 8, allow: true, isBot: false, authUser: 'alice' })
  })

  it("hands alice's GitHub token to the agent in bob's turn when it sends the runner's BOT_TOKEN (R5)", async () => {
    const { e } = await start()
    const { actedAs, decision } = await botTokenFetchInTurnOf(e, 'bob')
    expect(actedAs).toBe('alice')
    expect(decision).toMatchObject({ row: 6, allow: true, authUser: 'alice', active: 'bob' })
  })

  it('lands in row 11 when it names the active run user, so the expiry fallback is denied even when M = H', async () => {
    const { e, tokens } = await start()
    await bobSendsATurn(e)
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.botToken, as: 'bob' })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 11, allow: false, isBot: false, authUser: 'alice', header: 'bob', active: 'bob' })
  })
})

describe('the prelude before the table (docs/platform/project-context.md#validateprojectcontext, docs/platform/credential-endpoints.md#the-common-prelude)', () => {
  it('answers 404 Session not found for a session that does not exist', async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('alice'), session: 'no-such-session' })
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ error: 'Session not found' })
    expect(events.of('rbac')).toEqual([])
  })

  it('answers 500 Failed to get session, not 403, to a project user without get on the session', async () => {
    const { e, tokens } = await start()
    for (const user of ['bob', 'carol']) {
      const events = recordEvents(e)
      const res = await fetchCredential(e, { token: tokens.user(user), as: user, session: 'solo' })
      expect(res.status, user).toBe(500)
      expect(res.json, user).toEqual({ error: 'Failed to get session' })
      expect(events.of('rbac')).toEqual([])
    }
  })

  it('stops mallory, who is no member, at ValidateProjectContext with 403', async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('mallory'), as: 'mallory' })
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: 'Unauthorized to access project' })
    expect(events.of('rbac')).toEqual([])
  })

  it('answers 401 User token required to a request without any token', async () => {
    const { e } = await start()
    const res = await fetchCredential(e, { as: 'alice' })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ error: 'User token required' })
  })

  it('answers 401 Token expired or invalid once the caller token has expired', async () => {
    const { e, tokens } = await start()
    const token = tokens.user('bob')
    const before = await fetchCredential(e, { token, as: 'bob' })
    expect(ownerOfResponse(e, before.json)).toBe('bob')
    e.sim.cluster.expire(token)
    const res = await fetchCredential(e, { token, as: 'bob' })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ error: 'Token expired or invalid' })
  })

  it('answers 400 Invalid project name format for a project that is not a DNS-1123 label', async () => {
    const { e, tokens } = await start()
    const res = await fetchCredential(e, { token: tokens.user('alice'), project: 'Demo_Project' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'Invalid project name format' })
  })

  it('answers 500 User ID not found in session when the CR carries no owner', async () => {
    const { e, tokens } = await start()
    // As if someone edited the CR: spec.userContext.userId emptied (a world file cannot express it).
    e.sim.cluster.session('demo', 'shared-1')!.userContext.userId = ''
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('alice'), as: 'alice' })
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ error: 'User ID not found in session' })
    expect(events.of('rbac')).toEqual([])
  })

  it('checks for a token before it checks the project name', async () => {
    const { e } = await start()
    const res = await fetchCredential(e, { project: 'Demo_Project' })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ error: 'User token required' })
  })

  it('takes the token from ?token= when no header carries one', async () => {
    const { e, tokens } = await start()
    const res = await request(`${e.backend.url}/api/projects/demo/agentic-sessions/shared-1/credentials/github?token=${encodeURIComponent(tokens.user('alice'))}`)
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
  })
})

describe('the credentials/mcp/:server endpoint has its own check (docs/platform/credential-endpoints.md#mcp, R12)', () => {
  it('denies a userID that is not the owner with its own message', async () => {
    const { e, tokens } = await start()
    const res = await fetchCredential(e, { via: 'frontDoor', provider: 'mcp/docs', token: tokens.user('bob'), as: 'bob' })
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: 'Access denied: session belongs to different user' })
  })

  it("gives a caller with an empty userID the owner's MCP credentials, whatever header it sends", async () => {
    const { e, tokens } = await start()
    const events = recordEvents(e)
    // bob's own token sent directly, as the runner forwards it: no X-Forwarded-User, so userID is ''.
    const res = await fetchCredential(e, { provider: 'mcp/docs', token: tokens.user('bob'), as: 'bob' })
    expect(res.status).toBe(200)
    expect(res.json.serverName).toBe('docs')
    expect(ownerOfResponse(e, res.json)).toBe('alice')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: null, allow: true, slot: 'mcp:docs', effective: 'alice' })
  })

  it("gives the owner the owner's MCP credentials through the front door", async () => {
    const { e, tokens } = await start()
    const res = await fetchCredential(e, { via: 'frontDoor', provider: 'mcp/docs', token: tokens.user('alice') })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('alice')
  })

  it('answers 400 Invalid server name before it looks at the session', async () => {
    const { e, tokens } = await start()
    const res = await fetchCredential(e, { provider: 'mcp/docs.v2', token: tokens.user('alice'), session: 'no-such-session' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'Invalid server name' })
  })

  it('answers the prelude 404 and 500 for a session that does not exist or is not readable', async () => {
    const { e, tokens } = await start()
    const missing = await fetchCredential(e, { provider: 'mcp/docs', token: tokens.user('alice'), session: 'no-such-session' })
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({ error: 'Session not found' })
    const unreadable = await fetchCredential(e, { provider: 'mcp/docs', token: tokens.user('bob'), session: 'solo' })
    expect(unreadable.status).toBe(500)
    expect(unreadable.json).toEqual({ error: 'Failed to get session' })
  })

  it('answers 404 naming the server when the owner has no credentials for it', async () => {
    const { e, tokens } = await start()
    const res = await fetchCredential(e, { provider: 'mcp/wiki', token: tokens.user('alice') })
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ error: 'MCP credentials not configured for server wiki' })
  })
})

describe('the same requests under the hardened profile differ where the design says', () => {
  it('denies the BOT_TOKEN the owner in rows 1 and 2 while no run of the owner is active', async () => {
    const { e, tokens } = await start('hardened')
    const noHeader = recordEvents(e)
    const first = await fetchCredential(e, { token: tokens.botToken })
    expect(first.status).toBe(403)
    expect(first.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(noHeader.of('rbac'))).toMatchObject({ row: 1, allow: false, isBot: true })

    const namingOwner = recordEvents(e)
    const second = await fetchCredential(e, { provider: 'gitlab', token: tokens.botToken, as: 'alice' })
    expect(second.status).toBe(403)
    expect(second.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(namingOwner.of('rbac'))).toMatchObject({ row: 2, allow: false, isBot: true })
  })

  it("lets the BOT_TOKEN reach the owner only inside the owner's own run, never inside bob's", async () => {
    const { e } = await start('hardened')
    const inAlicesTurn = await botTokenFetchInTurnOf(e, 'alice')
    expect(inAlicesTurn.actedAs).toBe('alice')
    expect(inAlicesTurn.decision).toMatchObject({ row: 1, allow: true, isBot: true, active: 'alice' })

    const inBobsTurn = await botTokenFetchInTurnOf(e, 'bob')
    expect(inBobsTurn.actedAs).toBeNull()
    expect(inBobsTurn.decision).toMatchObject({ row: 1, allow: false, isBot: true, active: 'bob' })
  })

  it("keeps denying the BOT_TOKEN after the owner's run has ended, because the active user is cleared at run end", async () => {
    const { e, tokens } = await start('hardened')
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'alice' }, project: 'demo', session: 'shared-1', message: '' })
    expect(outcome.turn?.status).toBe('finished')
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.botToken })
    expect(res.status).toBe(403)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 1, allow: false, active: null })
  })

  it('ignores X-Forwarded-User from a direct caller, so bob cannot pose as alice', async () => {
    const merged = await start('merged')
    const spoof = { token: merged.tokens.user('bob'), as: 'alice', headers: { 'X-Forwarded-User': 'alice' } }
    const mergedEvents = recordEvents(merged.e)
    const trusted = await fetchCredential(merged.e, spoof)
    expect(trusted.status).toBe(200)
    expect(ownerOfResponse(merged.e, trusted.json)).toBe('alice')
    expect(onlyDecision(mergedEvents.of('rbac'))).toMatchObject({ row: 8, authUser: 'alice' })
    await merged.e.stop()

    const { e, tokens } = await start('hardened')
    const events = recordEvents(e)
    const ignored = await fetchCredential(e, { ...spoof, token: tokens.user('bob') })
    expect(ignored.status).toBe(403)
    expect(ignored.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 9, allow: false, authUser: 'bob', header: 'alice' })
  })

  it('denies a ServiceAccount that is not the session\'s own, where merged gave it the owner\'s credentials', async () => {
    const { e, tokens } = await start('hardened')
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.rogue })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: null, allow: false, isBot: true })
  })

  it('denies, in row 5, a caller whose SelfSubjectReview fails, where merged treated it as the BOT token', async () => {
    const { e, tokens } = await start('hardened')
    e.sim.cluster.faults.add('self-subject-review')
    const events = recordEvents(e)
    const res = await fetchCredential(e, { token: tokens.user('bob') })
    expect(res.status).toBe(403)
    expect(res.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 5, allow: false, isBot: false })
  })

  it("serves MCP credentials per user through the same table: bob gets bob's, and no header is row 7", async () => {
    const { e, tokens } = await start('hardened')
    const own = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'mcp/docs', token: tokens.user('bob'), as: 'bob' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(onlyDecision(own.of('rbac'))).toMatchObject({ row: 10, allow: true, slot: 'mcp:docs' })

    const bare = recordEvents(e)
    const denied = await fetchCredential(e, { via: 'frontDoor', provider: 'mcp/docs', token: tokens.user('bob') })
    expect(denied.status).toBe(403)
    expect(denied.json).toEqual(ACCESS_DENIED)
    expect(onlyDecision(bare.of('rbac'))).toMatchObject({ row: 7, allow: false, slot: 'mcp:docs' })
  })

  it("still gives a collaborator their own credentials in row 10", async () => {
    const { e, tokens } = await start('hardened')
    const events = recordEvents(e)
    const res = await fetchCredential(e, { provider: 'jira', token: tokens.user('bob'), as: 'bob' })
    expect(res.status).toBe(200)
    expect(ownerOfResponse(e, res.json)).toBe('bob')
    expect(onlyDecision(events.of('rbac'))).toMatchObject({ row: 10, allow: true })
  })
})
