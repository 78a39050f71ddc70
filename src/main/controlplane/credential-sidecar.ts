import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from '../net/body'
import { callHop } from '../net/hop-client'
import { API_SERVER_URL, CP_TOKEN_URL, HOSTS, runnerHost } from '../net/hosts'
import { sendJson } from '../net/http-error'
import { requestUrl } from '../net/router'
import { listen, type Listener } from '../net/server'
import { tokenExchangeBearer, tokenOfAnswer } from '../net/token-exchange'
import type { HopContext } from '../sim/hop-context'
import { selfSubjectReview } from '../net/self-subject-review'
import { CREDENTIAL_SIDECARS, type ControlPlane, type SidecarProvider } from '../world/control-plane'
import { kubeconfigToken } from '../world/kubeconfig'

/**
 * What the sidecar's MCP subprocess was started with: the provider's env from the credential it
 * fetched, and the files the entrypoint wrote in the sidecar's own /tmp (the kubeconfig).
 */
interface SidecarEnv {
  env: Record<string, string>
  files: Record<string, string>
}

/** Where the kubeconfig sidecar's entrypoint writes the kubeconfig, in its own container. */
const SIDECAR_KUBECONFIG = '/tmp/.ambient_kubeconfig'

/**
 * The credential sidecars of one control-plane session's pod (`credential-sidecars/entrypoint`,
 * docs/platform/control-plane.md#credential-sidecars): one container per bound provider the
 * registry knows, listening on the pod's own port. Each gets a token from the token server,
 * fetches its credential and its metadata from the api-server once, and starts its MCP server with
 * the credential in that server's env. The runner never holds it; whoever sends, a tool call acts
 * with it.
 */
export async function startCredentialSidecars(sim: HopContext, cp: ControlPlane, project: string, session: string): Promise<Listener[]> {
  const key = `${project}/${session}`
  const listeners: Listener[] = []
  for (const [provider, id] of Object.entries(cp.sidecarCredentials(key)) as Array<[SidecarProvider, string]>) {
    const spec = CREDENTIAL_SIDECARS[provider]
    const log = (level: 'info' | 'error', text: string): void => void sim.trace.emit('control-plane', { kind: 'log', level, text: `${spec.name} (${key}): ${text}` })
    let env: SidecarEnv
    try {
      env = await fetchCredentialEnv(sim, cp.sessionIds.get(key) ?? '', cp.publicKeyPem, provider, id, '')
    } catch (error) {
      // The entrypoint exits 1: the container restarts and nothing listens on its port.
      log('error', `credential fetch failed for ${provider}: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    const listener = await listen(`${spec.name} ${key}`, (req, res) => serve(sim, cp, key, provider, id, env, req, res))
    sim.net.register(runnerHost(project, session), spec.port, listener.port)
    log('info', `MCP server started with the ${provider} credential ${id}`)
    listeners.push(listener)
  }
  return listeners
}

/**
 * `fetchAndSetCredential`: a token from the token server for the session, then the credential's
 * token and its metadata (metadata fills what the token answer lacks: Jira's url and email), set
 * as the provider's env. `runUser`, when set, is named to the api-server (hardened).
 */
async function fetchCredentialEnv(sim: HopContext, sessionId: string, publicKey: string, provider: SidecarProvider, id: string, runUser: string): Promise<SidecarEnv> {
  const answer = await callHop(sim, 'control-plane', 'control-plane', { method: 'GET', url: CP_TOKEN_URL, headers: { Authorization: `Bearer ${tokenExchangeBearer(publicKey, sessionId)}` } })
  const bearer = answer.status === 200 ? tokenOfAnswer(answer.body) : ''
  if (!bearer) throw new Error(`token fetch failed: HTTP ${answer.status}`)
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, ...(runUser ? { 'X-Runner-Current-User': runUser } : {}) }
  const token = await callHop(sim, 'control-plane', 'control-plane', { method: 'GET', url: `${API_SERVER_URL}/api/ambient/v1/credentials/${encodeURIComponent(id)}/token`, headers })
  if (token.status !== 200) throw new Error(`credential token fetch: HTTP ${token.status} (response length: ${token.body.length})`)
  const data = objectOf(token.body)
  const meta = await callHop(sim, 'control-plane', 'control-plane', { method: 'GET', url: `${API_SERVER_URL}/api/ambient/v1/credentials/${encodeURIComponent(id)}`, headers })
  for (const [k, v] of Object.entries(meta.status === 200 ? objectOf(meta.body) : {})) if (!(k in data)) data[k] = v
  return credentialEnv(provider, data)
}

/**
 * `setCredentialEnv`: the variables each provider's MCP server reads. Google's reads `accessToken`,
 * which neither api-server answer has, so its server starts with no credential
 * (docs/platform/control-plane.md#kubeconfig-and-google-bindings).
 */
function credentialEnv(provider: SidecarProvider, data: Record<string, unknown>): SidecarEnv {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  const env: Record<string, string> = {}
  switch (provider) {
    case 'github':
      if (text(data.token)) env.GITHUB_PERSONAL_ACCESS_TOKEN = text(data.token)
      return { env, files: {} }
    case 'jira': {
      const token = text(data.apiToken) || text(data.token)
      if (token) env.JIRA_API_TOKEN = token
      if (text(data.url)) env.JIRA_URL = text(data.url)
      if (text(data.email)) env.JIRA_USERNAME = text(data.email)
      return { env, files: {} }
    }
    case 'kubeconfig': {
      if (!text(data.token)) return { env, files: {} }
      env.KUBECONFIG = SIDECAR_KUBECONFIG
      return { env, files: { [SIDECAR_KUBECONFIG]: strictBase64Decode(text(data.token)) ?? text(data.token) } }
    }
    case 'google':
      if (text(data.accessToken)) env.GOOGLE_ACCESS_TOKEN = text(data.accessToken)
      return { env, files: {} }
  }
}

/** Go's `base64.StdEncoding.DecodeString`: padded standard alphabet only, else an error (null). */
function strictBase64Decode(text: string): string | null {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text) ? Buffer.from(text, 'base64').toString('utf8') : null
}

/**
 * The sidecar's MCP surface as credscope models it: `GET /sse` opens the stream with its endpoint
 * event, and a `tools/call` POSTed to that endpoint is answered in the POST's response (a real SSE
 * server answers on the stream). Its one tool asks the provider who its credential is. A call that
 * names a user (`X-Runner-Current-User`, which only the hardened runner sends) fetches the
 * credential again for that user, so the api-server decides.
 */
async function serve(sim: HopContext, cp: ControlPlane, key: string, provider: SidecarProvider, id: string, started: SidecarEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = requestUrl(req)
  if (req.method === 'GET' && pathname === '/sse') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    res.end(`event: endpoint\ndata: /messages/?session_id=${sim.random.fork(`sidecar ${key} ${provider}`).uuid()}\n\n`)
    return
  }
  if (req.method !== 'POST' || !pathname.startsWith('/messages')) return sendJson(res, 404, { error: 'not found' })
  const rpc = objectOf(await readBody(req))
  const reply = (result: Record<string, unknown>): void => sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id ?? null, result })
  const runUser = req.headersDistinct['x-runner-current-user']?.[0] ?? ''
  let env = started
  if (runUser) {
    try {
      env = await fetchCredentialEnv(sim, cp.sessionIds.get(key) ?? '', cp.publicKeyPem, provider, id, runUser)
    } catch (error) {
      return reply({ isError: true, content: [{ type: 'text', text: `credential refused for ${runUser}: ${error instanceof Error ? error.message : String(error)}` }] })
    }
  }
  const who = await whoami(sim, provider, env)
  if ('error' in who) return reply({ isError: true, content: [{ type: 'text', text: who.error }] })
  reply({ content: [{ type: 'text', text: `authenticated as ${who.login}` }], structuredContent: { login: who.login } })
}

/**
 * The provider's answer to the sidecar's credential: GitHub's `/user`, Jira's `myself`, the
 * cluster's SelfSubjectReview for the kubeconfig, Google's tokeninfo.
 */
async function whoami(sim: HopContext, provider: SidecarProvider, { env, files }: SidecarEnv): Promise<{ login: string } | { error: string }> {
  const missing = { error: `no ${provider} credential in the sidecar's env` }
  switch (provider) {
    case 'kubeconfig': {
      const token = kubeconfigToken(files[env.KUBECONFIG ?? ''] ?? '')
      if (!token) return missing
      const review = await selfSubjectReview(sim, 'control-plane', token)
      if (!review.ok) return { error: `the API server refused the kubeconfig (HTTP ${review.status})` }
      return { login: sim.cluster.userByUsername(review.username)?.id ?? review.username }
    }
    case 'google': {
      const token = env.GOOGLE_ACCESS_TOKEN
      if (!token) return missing
      return providerWhoami(sim, `https://${HOSTS.googleApi}/oauth2/v3/tokeninfo?access_token=${encodeURIComponent(token)}`, {}, () => sim.registry.refOf(token)?.owner)
    }
    case 'github':
      if (!env.GITHUB_PERSONAL_ACCESS_TOKEN) return missing
      return providerWhoami(sim, `https://${HOSTS.github}/user`, { Authorization: `Bearer ${env.GITHUB_PERSONAL_ACCESS_TOKEN}` }, (body) => body.login)
    case 'jira':
      if (!env.JIRA_API_TOKEN) return missing
      return providerWhoami(sim, `https://${HOSTS.jira}/rest/api/3/myself`, { Authorization: `Basic ${Buffer.from(`${env.JIRA_USERNAME ?? ''}:${env.JIRA_API_TOKEN}`).toString('base64')}` }, (body) =>
        typeof body.accountId === 'string' ? body.accountId.replace(/^acct-/, '') : ''
      )
  }
}

async function providerWhoami(sim: HopContext, url: string, headers: Record<string, string>, who: (body: Record<string, unknown>) => unknown): Promise<{ login: string } | { error: string }> {
  const response = await callHop(sim, 'control-plane', 'provider', { method: 'GET', url, headers })
  if (response.status !== 200) return { error: `the provider refused the credential (HTTP ${response.status})` }
  const login = who(objectOf(response.body))
  return { login: typeof login === 'string' ? login : '' }
}

function objectOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
