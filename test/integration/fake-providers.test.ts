/**
 * The fake provider APIs behave like the real ones where a verdict depends on it: an access
 * token past its expiry is refused, as an unknown one is (Google's tokeninfo, GitHub's /user).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { callHop } from '../../src/main/net/hop-client'
import { HOSTS } from '../../src/main/net/hosts'
import { startTestEngine } from '../support/engine'

let e: Engine | null = null
afterEach(async () => {
  await e?.stop()
  e = null
})

const tokeninfo = (engine: Engine, token: string) =>
  callHop(engine.sim, 'runner', 'provider', { method: 'GET', url: `https://${HOSTS.googleApi}/oauth2/v3/tokeninfo?access_token=${encodeURIComponent(token)}` })

describe("Google's tokeninfo", () => {
  it('answers for a live access token with its owner and the seconds it has left, and refuses it once expired', async () => {
    e = await startTestEngine({ platform: 'head', profile: 'hardened' })
    const stored = await e.sim.credentials.read('bob', 'google')
    if (stored?.provider !== 'google') throw new Error('bob has no Google credential')
    const live = await tokeninfo(e, stored.accessToken)
    expect(live.status).toBe(200)
    expect(JSON.parse(live.body)).toEqual({ email: 'bob@example.com', expires_in: Math.floor((Date.parse(stored.expiresAt) - e.sim.clock.now()) / 1000) })
    e.sim.clock.advance(Date.parse(stored.expiresAt) - e.sim.clock.now())
    const expired = await tokeninfo(e, stored.accessToken)
    expect([expired.status, JSON.parse(expired.body)]).toEqual([400, { error: 'invalid_token', error_description: 'Invalid Value' }])
    const unknown = await tokeninfo(e, 'ya29.not-a-token')
    expect([unknown.status, JSON.parse(unknown.body)]).toEqual([400, { error: 'invalid_token', error_description: 'Invalid Value' }])
  })

  it('gives a token minted by the token endpoint an hour, less a second', async () => {
    e = await startTestEngine({ platform: 'head', profile: 'hardened' })
    const stored = await e.sim.credentials.read('bob', 'google')
    if (stored?.provider !== 'google') throw new Error('bob has no Google credential')
    const minted = await callHop(e.sim, 'backend', 'provider', {
      method: 'POST',
      url: `https://${HOSTS.googleOauth}/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken }).toString()
    })
    const { access_token: token } = JSON.parse(minted.body) as { access_token: string }
    e.sim.clock.advance(3_598_000)
    expect(JSON.parse((await tokeninfo(e, token)).body)).toEqual({ email: 'bob@example.com', expires_in: 1 })
    e.sim.clock.advance(1_000)
    expect((await tokeninfo(e, token)).status).toBe(400)
  })
})

describe("GitHub's /user", () => {
  it('refuses an App installation token past its expiry with 401 Bad credentials', async () => {
    e = await startTestEngine({ platform: 'head', profile: 'hardened', world: { users: [{ id: 'bob', credentials: { github: 'app', mcp: [] } }] } })
    const stored = await e.sim.credentials.read('bob', 'github')
    if (stored?.provider !== 'github' || !stored.expiresAt) throw new Error('bob has no App token')
    const user = () => callHop(e!.sim, 'runner', 'provider', { method: 'GET', url: `https://${HOSTS.github}/user`, headers: { Authorization: `Bearer ${stored.token}` } })
    expect((await user()).status).toBe(200)
    e.sim.clock.advance(Date.parse(stored.expiresAt) - e.sim.clock.now())
    const refused = await user()
    expect([refused.status, JSON.parse(refused.body)]).toEqual([401, { message: 'Bad credentials' }])
  })
})
