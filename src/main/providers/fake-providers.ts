import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HopContext } from '../sim/hop-context'
import { COLLECTORS, HOSTS, mcpUpstreamHost } from '../net/hosts'
import { readBody } from '../net/body'
import { sendError, sendJson } from '../net/http-error'
import { requestUrl } from '../net/router'
import { listen, type Listener } from '../net/server'
import type { CredentialRef } from '../../shared/events'

/** Users whose Google refresh the fake token endpoint refuses (a scenario fault). */
export interface ProviderFaults {
  googleRefreshFails: Set<string>
}

/**
 * Fake provider APIs (GitHub, GitLab, Jira, Google, CodeRabbit, Gerrit, MCP upstreams) on one loopback listener,
 * routed by Host. Each maps the credential it is given back to the user it belongs to, so that
 * "the agent acted as alice" is something a hop answers, not something we assume.
 */
export async function startFakeProviders(sim: HopContext, faults: ProviderFaults): Promise<Listener> {
  const listener = await listen('providers', (req, res) => handle(sim, faults, req, res))
  for (const host of [HOSTS.github, HOSTS.gitlab, HOSTS.jira, HOSTS.googleOauth, HOSTS.googleApi, HOSTS.coderabbit, HOSTS.gerrit]) {
    sim.net.register(host, 443, listener.port)
  }
  for (const [host, port] of COLLECTORS) sim.net.register(host, port, listener.port)
  return listener
}

export function registerMcpUpstream(sim: HopContext, listener: Listener, server: string): void {
  if (!sim.net.has(mcpUpstreamHost(server), 443)) sim.net.register(mcpUpstreamHost(server), 443, listener.port)
}

async function handle(sim: HopContext, faults: ProviderFaults, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = (req.headers.host ?? '').split(':')[0] ?? ''
  const url = requestUrl(req)
  const auth = req.headers.authorization ?? ''
  const owner = (token: string): CredentialRef | null => (token ? sim.registry.refOf(token) : null)
  const userOf = (ref: CredentialRef | null) => (ref ? sim.cluster.users.get(ref.owner) : undefined)

  if (host === HOSTS.github && url.pathname === '/user') {
    // A token as Bearer or `token`, or as the password of HTTP basic auth, as git sends it.
    const basic = /^basic\s+/i.test(auth) ? Buffer.from(auth.replace(/^basic\s+/i, ''), 'base64').toString('utf8') : null
    const ref = owner(basic === null ? auth.replace(/^(bearer|token)\s+/i, '') : basic.slice(basic.indexOf(':') + 1))
    // GitHub refuses an App installation token after its expiry, as it refuses an unknown one.
    const token = basic === null ? auth.replace(/^(bearer|token)\s+/i, '') : basic.slice(basic.indexOf(':') + 1)
    const expiry = sim.registry.expiryOf(token)
    if (!ref || ref.slot !== 'github' || (expiry !== null && expiry <= sim.clock.now())) return sendJson(res, 401, { message: 'Bad credentials' })
    const user = userOf(ref)
    return sendJson(res, 200, { login: ref.owner, name: user?.name ?? null, email: user?.email ?? null })
  }
  if (host === HOSTS.gitlab && url.pathname === '/api/v4/user') {
    const ref = owner(String(req.headers['private-token'] ?? ''))
    if (!ref || ref.slot !== 'gitlab') return sendJson(res, 401, { message: '401 Unauthorized' })
    const user = userOf(ref)
    return sendJson(res, 200, { username: ref.owner, name: user?.name ?? ref.owner, email: user?.email ?? '' })
  }
  if (host === HOSTS.jira && url.pathname === '/rest/api/3/myself') {
    const basic = Buffer.from(auth.replace(/^basic\s+/i, ''), 'base64').toString('utf8')
    const ref = owner(basic.slice(basic.indexOf(':') + 1))
    if (!ref || ref.slot !== 'jira') return sendJson(res, 401, { errorMessages: ['Client must be authenticated to access this resource.'] })
    const user = userOf(ref)
    return sendJson(res, 200, { accountId: `acct-${ref.owner}`, emailAddress: user?.email ?? '', displayName: user?.name ?? ref.owner })
  }
  if (host === HOSTS.googleApi && url.pathname === '/oauth2/v3/tokeninfo') {
    const token = url.searchParams.get('access_token') ?? ''
    const ref = owner(token)
    const expiry = sim.registry.expiryOf(token)
    // Google answers an unknown and an expired access token alike.
    if (!ref || ref.slot !== 'google' || (expiry !== null && expiry <= sim.clock.now())) return sendJson(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' })
    const left = expiry === null ? 3599 : Math.floor((expiry - sim.clock.now()) / 1000)
    return sendJson(res, 200, { email: userOf(ref)?.email ?? '', expires_in: left })
  }
  if (host === HOSTS.googleOauth && url.pathname === '/token' && req.method === 'POST') {
    const body = new URLSearchParams(await readBody(req))
    const ref = owner(body.get('refresh_token') ?? '')
    if (!ref || ref.slot !== 'google' || faults.googleRefreshFails.has(ref.owner)) {
      return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })
    }
    // The token endpoint mints the new access token, so it is the one that knows whose it is.
    const accessToken = `ya29.a0${sim.random.string(60)}`
    sim.registry.register(accessToken, { owner: ref.owner, slot: 'google', field: 'accessToken' })
    sim.registry.setExpiry(accessToken, sim.clock.now() + 3599_000)
    return sendJson(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' })
  }
  if (host === HOSTS.coderabbit && url.pathname === '/api/v1/users/me') {
    const ref = owner(String(req.headers['x-coderabbitai-api-key'] ?? ''))
    if (!ref || ref.slot !== 'coderabbit') return sendJson(res, 401, { message: 'Invalid API key' })
    return sendJson(res, 200, { username: ref.owner, email: userOf(ref)?.email ?? '' })
  }
  if (host === HOSTS.gerrit && url.pathname === '/a/accounts/self') {
    // Gerrit's REST API: HTTP basic with the HTTP password, and a JSON body behind the XSSI prefix.
    const basic = Buffer.from(auth.replace(/^basic\s+/i, ''), 'base64').toString('utf8')
    const ref = owner(basic.slice(basic.indexOf(':') + 1))
    if (!ref || ref.slot !== 'gerrit') {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized')
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(`)]}'\n${JSON.stringify({ _account_id: 1000, username: ref.owner, email: userOf(ref)?.email ?? '' })}`)
    return
  }
  if (host.endsWith('.mcp.example.com') && url.pathname === '/whoami') {
    const server = host.slice(0, -'.mcp.example.com'.length)
    const ref = owner(auth.replace(/^bearer\s+/i, ''))
    if (!ref || ref.slot !== `mcp:${server}`) return sendJson(res, 401, { error: 'unauthorized' })
    return sendJson(res, 200, { server, owner: ref.owner })
  }
  if (host.startsWith('collector.')) {
    // A collector takes whatever it is sent (up to the body bound); what it received is on the trace as the request.
    await readBody(req)
    return sendJson(res, 200, { received: true })
  }
  sendError(res, 404, 'Not found')
}
