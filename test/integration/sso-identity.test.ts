/**
 * SSO mode at HEAD (docs/platform/identity.md#sso-mode-at-head) over real loopback HTTP: the
 * front door and the backend validate the provider's JWTs, the backend takes identity from their
 * claims and impersonates that user, and a ServiceAccount token goes through a TokenReview that
 * maps an annotated account to its creator (r6) and lends it the creator's rights (h3).
 */
import { generateKeyPair, SignJWT } from 'jose'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppService } from '../../src/main/control/app-service'
import { MemoryVault } from '../../src/main/vault/vault'
import { Store } from '../../src/main/store/store'
import { configOf } from '../../src/shared/profiles'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { Engine } from '../../src/main/engine/engine'
import { SSO_AUDIENCE, SSO_ISSUER, SSO_TOKEN_LIFETIME_MS } from '../../src/main/world/idp'
import { applyTokenAction } from '../../src/main/world/user-tokens'
import { BACKEND_WORLD, fetchCredential, principalsOf, type Principals, told } from '../support/backend-world'
import { ownerOfResponse, recordEvents, startTestEngine } from '../support/engine'

let e: Engine | null = null
afterEach(async () => {
  await e?.stop()
  e = null
})

const SSO_WORLD = { ...BACKEND_WORLD, identity: 'sso' as const }

async function sso(profile: 'as-is' | 'hardened' = 'as-is', flaws: FlawId[] = []): Promise<{ engine: Engine; p: Principals }> {
  e = await startTestEngine({ platform: 'head', profile, flaws, world: SSO_WORLD })
  return { engine: e, p: await principalsOf(e) }
}

describe('the front door in an SSO world', () => {
  it("passes a user's JWT on as Authorization, and the backend takes the identity from its claims", async () => {
    const { engine, p } = await sso()
    expect(p.user('bob').split('.')).toHaveLength(3)
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { via: 'frontDoor', token: p.user('bob'), as: 'bob' }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(engine, res.json)).toBe('bob')
    expect(t.identities).toMatchObject([{ userID: 'bob', source: 'sso-jwt', isBot: false }])
  })

  it('refuses a JWT past its five minutes, and an OpenShift OAuth token', async () => {
    const { engine, p } = await sso()
    const oauth = engine.sim.cluster.tokensOf({ kind: 'user', userId: 'bob' })[0]?.token ?? ''
    expect((await fetchCredential(engine, { via: 'frontDoor', token: oauth, as: 'bob' })).status).toBe(401)
    engine.sim.clock.advance(SSO_TOKEN_LIFETIME_MS)
    expect((await fetchCredential(engine, { via: 'frontDoor', token: p.user('bob'), as: 'bob' })).status).toBe(401)
  })
})

describe('the backend in an SSO world', () => {
  it("names the JWT's user in the trace and sends the runner its preferred_username as X-Current-User-Name", async () => {
    const { engine } = await sso()
    const events = recordEvents(engine)
    const outcome = await engine.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    const turn = outcome.turn?.turn ?? ''
    const identity = events.of('identity', turn)[0]
    expect(identity?.detail).toMatch(/^SSO JWT of bob \(sub [0-9a-f-]{36}\)$/)
    const toRunner = events.of('http.request', turn).find((r) => r.from === 'proxy' && r.to === 'runner')
    expect(toRunner?.headers['X-Current-User-Name']).toBe('bob')
    expect(toRunner?.headers['X-Current-User-ID']).toBe('bob')
  })

  it('accepts an OpenShift token it cannot read as a JWT through TokenReview, as that user', async () => {
    const { engine } = await sso()
    const oauth = engine.sim.cluster.tokensOf({ kind: 'user', userId: 'bob' })[0]?.token ?? ''
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: oauth, as: 'bob' }))
    expect(t.identities).toEqual([{ userID: 'bob', source: 'token-review', isBot: false, detail: 'TokenReview: bob; Kubernetes calls impersonate bob' }])
    expect(res.status).toBe(200)
    expect(ownerOfResponse(engine, res.json)).toBe('bob')
  })

  it('answers 401 when the TokenReview itself fails, and says so', async () => {
    const { engine, p } = await sso()
    engine.sim.cluster.faults.add('token-review')
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: p.botToken }))
    expect(res.status).toBe(401)
    expect(t.logs.filter((l) => l.startsWith('warning:'))).toEqual([expect.stringMatching(/^warning: TokenReview failed: tokenreviews\.authentication\.k8s\.io: /)])
  })

  it('ignores X-Forwarded-User when a valid JWT is there: the claims decide', async () => {
    const { engine, p } = await sso()
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: p.user('bob'), headers: { 'X-Forwarded-User': 'alice' } }))
    expect(t.identities).toMatchObject([{ userID: 'bob', source: 'sso-jwt' }])
    // bob without X-Runner-Current-User asks for the owner's credential (row 7).
    expect(res.status).toBe(403)
    expect(t.decisions).toMatchObject([{ row: 7, authUser: 'bob' }])
  })

  it('logs a Bearer token that is not a valid JWT, reads no header, and answers 401 when TokenReview fails too', async () => {
    const { engine } = await sso()
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: 'not-a-jwt', headers: { 'X-Forwarded-User': 'alice' } }))
    expect([res.status, res.json]).toEqual([401, { error: 'Invalid or missing token' }])
    expect(t.logs[0]).toMatch(/^info: SSO: JWT validation failed for \/api\/projects\/demo\/agentic-sessions\/shared-1\/credentials\/github: /)
    expect(t.logs).toContain('info: SSO: token failed both JWT and TokenReview')
    expect(t.identities).toEqual([])
    expect(t.projectChecks).toEqual([{ project: 'demo', status: 401, reason: 'SSO: neither a valid JWT nor a TokenReview identity' }])
  })

  it('refuses a JWT signed by another key, or for another audience', async () => {
    const { engine } = await sso()
    const { privateKey } = await generateKeyPair('ES256')
    const now = Math.floor(engine.sim.clock.now() / 1000)
    const forge = (audience: string): Promise<string> =>
      new SignJWT({ preferred_username: 'alice' }).setProtectedHeader({ alg: 'ES256' }).setIssuer(SSO_ISSUER).setAudience(audience).setSubject('x').setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey)
    const otherKey = await forge(SSO_AUDIENCE)
    const forged = await told(engine, () => fetchCredential(engine, { token: otherKey }))
    expect(forged.res.status).toBe(401)
    expect(forged.told.logs[0]).toMatch(/signature verification failed$/)
    // Signed by the provider's own key for another audience: the claim check refuses it.
    const idp = engine.sim.sso
    if (!idp) throw new Error('not an SSO world')
    const alice = engine.sim.cluster.users.get('alice')
    if (!alice) throw new Error('no alice')
    const valid = await idp.issue(alice)
    expect((await idp.validate(valid)).ok).toBe(true)
    const [header, payload, signature] = valid.split('.')
    const otherAudience = JSON.stringify({ ...(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object), aud: 'another-client' })
    const tampered = await told(engine, () => fetchCredential(engine, { token: `${header}.${Buffer.from(otherAudience).toString('base64url')}.${signature}` }))
    expect(tampered.res.status).toBe(401)
  })

  it('keys the SSAR cache by the JWT subject: a new JWT of the same user makes no new review', async () => {
    const { engine, p } = await sso()
    await fetchCredential(engine, { token: p.user('alice'), provider: 'jira' })
    const second = await applyTokenAction(engine.sim, 'alice', 'issue')
    if (!('token' in second)) throw new Error(second.error)
    expect(second.token).not.toBe(p.user('alice'))
    const { told: t } = await told(engine, () => fetchCredential(engine, { token: second.token, provider: 'jira' }))
    expect(t.projectChecks[0]?.reason).toMatch(/^SSAR cache: allowed/)
  })

  it('refuses to expire or revoke a JWT early, and issues a new one', async () => {
    const { engine } = await sso()
    expect(await applyTokenAction(engine.sim, 'bob', 'revoke')).toEqual({
      error: 'revoke: an SSO access JWT cannot be ended early, the backend checks it offline until it expires (5 minutes after issue); advance the clock instead'
    })
    expect(await applyTokenAction(engine.sim, 'zed', 'issue')).toEqual({ error: 'no user "zed" in this world' })
  })
})

describe("a ServiceAccount's token in an SSO world", () => {
  it("as-is: the session's BOT_TOKEN is its owner (r6) and its calls impersonate her (h3)", async () => {
    const { engine, p } = await sso('as-is')
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: p.botToken }))
    expect(res.status).toBe(200)
    expect(ownerOfResponse(engine, res.json)).toBe('alice')
    expect(t.identities).toEqual([
      {
        userID: 'alice',
        source: 'sa-annotation',
        isBot: false,
        detail: 'TokenReview: system:serviceaccount:demo:ambient-session-shared-1, annotated ambient-code.io/created-by-user-id; Kubernetes calls impersonate alice'
      }
    ])
  })

  it('hardened: the BOT_TOKEN is a plain user named after its account, never a bot, and impersonates the account', async () => {
    const { engine, p } = await sso('hardened')
    const { res, told: t } = await told(engine, () => fetchCredential(engine, { token: p.botToken }))
    expect(t.identities).toMatchObject([{ userID: 'system-serviceaccount-demo-ambient-session-shared-1', source: 'token-review', isBot: false }])
    expect(t.identities[0]?.detail).toMatch(/Kubernetes calls impersonate system:serviceaccount:demo:ambient-session-shared-1$/)
    expect(res.status).toBe(403)
    expect(t.decisions).toMatchObject([{ row: 7 }])
  })

  it('hardened: an API key still acts as its creator, with its own account\'s rights; h3 alone lends it the creator\'s', async () => {
    const { engine, p } = await sso('hardened')
    const key = await told(engine, () => fetchCredential(engine, { token: p.apiKey }))
    expect(key.told.identities).toMatchObject([{ userID: 'alice', source: 'sa-annotation' }])
    expect(key.told.identities[0]?.detail).toMatch(/impersonate system:serviceaccount:demo:ambient-key-ci-bot$/)
    await engine.stop()
    const lent = await sso('hardened', ['h3-sso-impersonates-creator'])
    const withH3 = await told(lent.engine, () => fetchCredential(lent.engine, { token: lent.p.apiKey }))
    expect(withH3.told.identities[0]?.detail).toMatch(/impersonate alice$/)
  })

  it('an unannotated ServiceAccount is the plain user system-serviceaccount-…, never a bot', async () => {
    const { engine, p } = await sso('as-is')
    const { told: t } = await told(engine, () => fetchCredential(engine, { token: p.rogue }))
    expect(t.identities).toEqual([
      { userID: 'system-serviceaccount-demo-rogue', source: 'token-review', isBot: false, detail: 'TokenReview: system:serviceaccount:demo:rogue; Kubernetes calls impersonate system:serviceaccount:demo:rogue' }
    ])
  })
})

describe('SSO and the merge', () => {
  it('refuses an SSO world at the merge, which has no SSO mode', async () => {
    await expect(startTestEngine({ platform: 'merge', profile: 'as-is', world: SSO_WORLD })).rejects.toThrow('identity: sso exists at head only: the merge has no SSO mode')
  })

  it('refuses a switch of the live SSO world to the merge before stopping what runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credscope-sso-'))
    const store = Store.open(join(dir, 'c.db'))
    const app = await AppService.start({ vault: new MemoryVault('credscope-test'), store, config: configOf({ platform: 'head', profile: 'as-is' }), seed: 7, world: SSO_WORLD, scenariosDir: dir, version: 'test' })
    try {
      const running = app.live.runId
      await expect(app.call('restart', { platform: 'merge', profile: 'as-is', flaws: [] })).rejects.toThrow('identity: sso exists at head only: the merge has no SSO mode')
      expect(app.live.runId).toBe(running)
      expect((await app.call('getState', {})).live.platform).toBe('head')
    } finally {
      await app.stop()
      store.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
