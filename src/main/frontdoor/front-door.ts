import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HopContext } from '../sim/hop-context'
import { BACKEND_URL, FRONT_DOOR_ORIGIN } from '../net/hosts'
import { bearerValue } from '../net/bearer'
import { readBody } from '../net/body'
import { traceExternal } from '../net/external-trace'
import { sendError } from '../net/http-error'
import { sendPlatformError } from '../net/platform-error'
import { openHop } from '../net/hop-client'
import { listen, type Listener } from '../net/server'

/** The OAuth proxy's browser-session cookie; a request carrying it has no Authorization header. */
export const SESSION_COOKIE = '_oauth_proxy'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'])

/**
 * The front door (the OAuth proxy, docs/platform/identity.md#forwardedidentitymiddleware): it validates a user's OAuth token, drops any
 * X-Forwarded-* a client sent, and adds its own identity headers. A browser session (cookie)
 * reaches the backend with X-Forwarded-Access-Token only; ServiceAccount bearer tokens (API keys)
 * pass through without identity headers, which is how the annotation path of docs/platform/identity.md#the-serviceaccount-fallback is reached.
 */
export async function startFrontDoor(sim: HopContext, port = 0): Promise<Listener> {
  return listen(
    'frontdoor',
    (req, res) => forward(sim, req, res),
    (error) => sim.trace.emit('frontdoor', { kind: 'log', level: 'error', text: `unexpected error: ${error instanceof Error ? error.message : String(error)}` }),
    port
  )
}

async function forward(sim: HopContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  traceExternal(sim, 'frontdoor', req, res)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith('x-forwarded-')) continue
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const authorization = req.headers.authorization ?? ''
  const cookieToken = readCookie(req.headers.cookie ?? '', SESSION_COOKIE)
  const token = authorization ? bearerValue(authorization) : cookieToken
  if (!token) return sendError(res, 401, 'Unauthorized: log in through the front door (Authorization: Bearer or the _oauth_proxy cookie)')
  const subject = sim.cluster.authenticate(token)
  if (sim.sso && subject?.kind !== 'sa') {
    // SSO (docs/platform/identity.md#sso-mode-at-head): the proxy checks the IdP's JWT, never an OpenShift token.
    const validated = await sim.sso.validate(token)
    if (!validated.ok) {
      sim.trace.emit('frontdoor', { kind: 'log', level: 'info', text: 'rejected an invalid or expired SSO token' })
      return sendError(res, 401, 'Unauthorized: the token is invalid or expired')
    }
    const { claims } = validated
    headers['x-forwarded-user'] = claims.preferred_username
    headers['x-forwarded-preferred-username'] = claims.preferred_username
    if (claims.email) headers['x-forwarded-email'] = claims.email
    if (claims.groups.length > 0) headers['x-forwarded-groups'] = claims.groups.join(',')
    headers['x-forwarded-access-token'] = token
    // The access JWT goes upstream as Authorization for browser sessions too.
    headers.authorization = `Bearer ${token}`
  } else if (!subject) {
    sim.trace.emit('frontdoor', { kind: 'log', level: 'info', text: 'rejected an invalid or expired token' })
    return sendError(res, 401, 'Unauthorized: the token is invalid or expired')
  } else if (subject.kind === 'user') {
    const user = sim.cluster.users.get(subject.userId)
    const username = sim.cluster.usernameOf(subject)
    headers['x-forwarded-user'] = username
    headers['x-forwarded-preferred-username'] = username
    if (user?.email) headers['x-forwarded-email'] = user.email
    const groups = sim.cluster.groupsOf(subject).filter((g) => !g.startsWith('system:'))
    if (groups.length > 0) headers['x-forwarded-groups'] = groups.join(',')
    headers['x-forwarded-access-token'] = token
    if (!authorization) delete headers.authorization
  } else if (!authorization) {
    return sendError(res, 401, 'Unauthorized: ServiceAccount tokens must be sent as Authorization: Bearer')
  }
  delete headers.cookie
  // A body over the bound is refused here (413) rather than forwarded truncated to the backend.
  const body = await readBody(req)
  const target = BACKEND_URL + (req.url ?? '/')
  let upstream
  try {
    upstream = await openHop(sim, 'frontdoor', 'backend', {
      method: req.method ?? 'GET',
      url: target,
      headers,
      body: body.length > 0 ? body : undefined,
      origin: FRONT_DOOR_ORIGIN,
      timeoutMs: 0
    })
  } catch {
    return sendPlatformError(sim, 'frontdoor', res, 502, 'Bad gateway: the backend service is not reachable', 'the OAuth proxy could not reach its upstream')
  }
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  res.writeHead(upstream.status, out)
  upstream.stream.pipe(res)
  req.on('close', () => upstream.stream.destroy())
}

function readCookie(header: string, name: string): string {
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) {
      // A malformed percent-escape is an invalid token (401 later), not a 500.
      try {
        return decodeURIComponent(value.join('='))
      } catch {
        return value.join('=')
      }
    }
  }
  return ''
}
