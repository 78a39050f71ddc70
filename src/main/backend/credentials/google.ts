import { goTime } from '../../net/go-time'
import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { HOSTS } from '../../net/hosts'
import { callHop } from '../../net/hop-client'
import { sendError, sendJson } from '../../net/http-error'
import { sendPlatformError } from '../../net/platform-error'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed, refsOf } from './served'

const REFRESH_FAILED = 'Google token expired and refresh failed. Please re-authenticate.'
const REFRESH_WINDOW_MS = 5 * 60_000

/** `GetGoogleCredentialsForSession` after the prelude (docs/platform/credential-endpoints.md#google). */
export async function serveGoogle(sim: HopContext, allowed: Allowed, res: ServerResponse): Promise<void> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  let cred
  try {
    cred = user ? await sim.credentials.read(user.id, 'google') : null
  } catch {
    logHandlerFailure(sim, 'Google credentials', allowed.effective)
    emitMissing(sim, 'google', allowed.effective, 500, 'credential store error')
    return sendPlatformError(sim, 'backend', res, 500, 'Failed to get Google credentials', 'reading the credential Secret failed')
  }
  if (!user || cred?.provider !== 'google') {
    emitMissing(sim, 'google', allowed.effective, 404, 'Google credentials not configured')
    return sendError(res, 404, 'Google credentials not configured')
  }
  let source: 'stored' | 'refreshed' = 'stored'
  if (sim.clock.now() > Date.parse(cred.expiresAt) - REFRESH_WINDOW_MS && cred.refreshToken) {
    const refreshed = await refresh(sim, cred.refreshToken)
    if (!refreshed) {
      logHandlerFailure(sim, 'Google credentials (refresh failed)', allowed.effective)
      // Flaw site R17: a failed refresh answers 401, which the runner reads as an expired caller token.
      const status = sim.flaws.has('r17-google-refresh-failure-401') ? 401 : 502
      emitMissing(sim, 'google', allowed.effective, status, REFRESH_FAILED)
      if (status === 502) return sendPlatformError(sim, 'backend', res, status, REFRESH_FAILED, "Google's token endpoint refused the refresh")
      return sendError(res, status, REFRESH_FAILED)
    }
    cred = { ...cred, accessToken: refreshed.accessToken, expiresAt: new Date(sim.clock.now() + refreshed.expiresIn * 1000).toISOString() }
    try {
      await sim.credentials.write(user.id, 'google', cred)
    } catch {
      logHandlerFailure(sim, 'Google credentials (saving the refreshed token)', allowed.effective)
      emitMissing(sim, 'google', allowed.effective, 500, 'credential store error')
      return sendPlatformError(sim, 'backend', res, 500, 'Failed to get Google credentials', 'writing the refreshed token back to the credential Secret failed')
    }
    source = 'refreshed'
  }
  emitServed(sim, 'google', user.id, source, refsOf(sim, cred))
  sendJson(res, 200, {
    accessToken: cred.accessToken,
    refreshToken: cred.refreshToken,
    email: cred.email,
    scopes: cred.scopes,
    expiresAt: goTime(cred.expiresAt)
  })
}

async function refresh(sim: HopContext, refreshToken: string): Promise<{ accessToken: string; expiresIn: number } | null> {
  try {
    const response = await callHop(sim, 'backend', 'provider', {
      method: 'POST',
      url: `https://${HOSTS.googleOauth}/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'credscope-client' }).toString()
    })
    if (response.status !== 200) return null
    const body = JSON.parse(response.body) as { access_token?: string; expires_in?: number }
    return body.access_token ? { accessToken: body.access_token, expiresIn: body.expires_in ?? 3599 } : null
  } catch {
    return null
  }
}
