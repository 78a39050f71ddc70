import type { FetchKind } from '../../shared/providers'
import { HOSTS } from '../net/hosts'
import { callHop } from '../net/hop-client'
import { fetchCpToken } from './cp-token'
import { hopOfHost } from './tools/hop-of-host'
import { BOT_TOKEN_FILE, type RunnerPod } from './pod'

interface Attempt {
  auth: 'caller' | 'bot' | 'none'
  header: string | null
  status: number | null
  body: string
}

type Outcome = 'ok' | 'empty' | 'refused-host' | 'error' | 'skipped' | 'denied'

/** A fetch that sent nothing: skipped, or refused before it went out. */
const NOT_SENT: Attempt = { auth: 'none', header: null, status: null, body: '' }

/** What a fetch gives back: the parsed JSON (a list for HEAD's Gerrit shape), or `{}`. */
export type Fetched = Record<string, unknown> | unknown[]

/**
 * Python's PermissionError as HEAD's `_fetch_credential` raises it after a 401/403 its fallback
 * cannot mend (docs/platform/runner.md#_fetch_credential-at-head); the turn then ends in RUN_ERROR.
 */
export class PermissionError extends Error {}

/**
 * `_fetch_credential` (docs/platform/runner.md#_fetch_credential): caller token first with X-Runner-Current-User, BOT_TOKEN on a
 * 401/403, the host check on BACKEND_API_URL, and `{}` for every other failure. At HEAD an
 * unmended 401/403 raises PermissionError instead of giving `{}`.
 */
export async function fetchCredential(pod: RunnerPod, slot: FetchKind): Promise<Fetched> {
  const { sim, env, context } = pod
  const kind = slot.startsWith('mcp:') ? `mcp/${slot.slice(4)}` : slot
  const base = (env.get('BACKEND_API_URL') ?? '').replace(/\/+$/, '')
  const project = (env.get('PROJECT_NAME') || env.get('AGENTIC_SESSION_NAMESPACE') || '').trim()
  // HEAD: a credential the control plane bound to the session is read from the api-server by its id (docs/platform/control-plane.md#the-runner-in-a-control-plane-pod).
  const credentialId = sim.platform === 'head' ? credentialIdOf(pod, kind) : ''
  if (!base || !project || (!credentialId && !context.sessionId)) {
    pod.log('warning', `Cannot fetch ${kind} credentials: BACKEND_API_URL, project or session missing`)
    return record(pod, slot, NOT_SENT, 'skipped', false)
  }
  const url = credentialId ? `${base}/api/ambient/v1/projects/${project}/credentials/${credentialId}/token` : `${base}/projects/${project}/agentic-sessions/${context.sessionId}/credentials/${kind}`
  const host = hostOf(base)
  if (host !== null && !hostAllowed(pod, base, host)) {
    pod.log('error', `Refusing to send credentials to external host: ${host}`)
    return record(pod, slot, NOT_SENT, 'refused-host', false)
  }
  const bot = await botToken(pod)
  const user = context.currentUserId
  // Flaw site PR10: before e0e8fc756 the runner always used BOT_TOKEN plus a trusted header.
  const headerModel = sim.flaws.has('pr10-header-trust-model')
  const useCaller = Boolean(context.callerToken) && !headerModel
  let first: Attempt
  if (useCaller) {
    // Flaw site PR11: before 4e1520b57 the caller token went out without X-Runner-Current-User.
    const header = user && !sim.flaws.has('pr11-caller-token-without-header') ? user : null
    first = await attempt(pod, url, 'caller', context.callerToken, header)
  } else {
    // Without a caller token BOT_TOKEN goes out with no X-Runner-Current-User (docs/platform/runner.md#_fetch_credential),
    // but for a user a hardened gRPC turn names (docs/platform/control-plane.md#turns-over-grpc).
    first = await attempt(pod, url, bot ? 'bot' : 'none', bot ? `Bearer ${bot}` : '', user && (headerModel || context.namedWithoutToken) ? user : null)
  }
  const refused = first.status === 401 || first.status === 403
  if (refused && useCaller) {
    pod.log('info', `Caller token expired for ${kind}, falling back to BOT_TOKEN`)
    // Flaw site PR17: 8421fa7fe fell back to BOT_TOKEN without the header, i.e. to the owner.
    const header = user && !sim.flaws.has('pr17-bot-fallback-without-header') ? user : null
    const fresh = await botToken(pod)
    const second = await attempt(pod, url, 'bot', fresh ? `Bearer ${fresh}` : '', header)
    if (second.status !== 200) {
      pod.log('warning', `${kind} BOT_TOKEN fallback also failed: HTTP Error ${second.status ?? 'network'}`)
      // HEAD: any failure of the fallback is a PermissionError (docs/platform/runner.md#_fetch_credential-at-head).
      if (sim.platform === 'head') return deny(pod, slot, second, `${kind} authentication failed: caller token expired and BOT_TOKEN fallback also failed`)
      return record(pod, slot, second, 'empty', true)
    }
    return parse(pod, slot, second, true)
  }
  if (refused && sim.platform === 'head') return retryWithFreshBotToken(pod, slot, kind, url, first)
  if (first.status !== 200) {
    pod.log('warning', `${kind} credential fetch failed: HTTP Error ${first.status ?? 'network error'}`)
    return record(pod, slot, first, first.status === null ? 'error' : 'empty', false)
  }
  return parse(pod, slot, first, false)
}

/**
 * HEAD's `_retry_with_fresh_bot_token`: without a control plane the "refresh" re-reads the mounted
 * file; the retry, unlike the first BOT request, carries X-Runner-Current-User.
 */
async function retryWithFreshBotToken(pod: RunnerPod, slot: FetchKind, kind: string, url: string, first: Attempt): Promise<Fetched> {
  pod.log('info', `${kind} got ${first.status ?? ''} with cached BOT_TOKEN — refreshing from CP endpoint and retrying`)
  let fresh: string
  try {
    // `refresh_bot_token`: a new token from the control plane where its URL is set, else the current one.
    fresh = pod.env.get('AMBIENT_CP_TOKEN_URL') ? await fetchCpToken(pod) : await botToken(pod)
  } catch (error) {
    pod.log('warning', `${kind} CP token refresh failed: ${error instanceof Error ? error.message : String(error)}`)
    return deny(pod, slot, first, `${kind} authentication failed with HTTP ${first.status ?? ''}`)
  }
  const user = pod.context.currentUserId
  const retry = await attempt(pod, url, fresh ? 'bot' : 'none', fresh ? `Bearer ${fresh}` : '', user || null)
  if (retry.status === 200) return parse(pod, slot, retry, true)
  pod.log('warning', `${kind} retry with fresh BOT_TOKEN failed: HTTP Error ${retry.status ?? 'network'}`)
  return deny(pod, slot, retry, `${kind} authentication failed with HTTP ${retry.status ?? first.status ?? ''}`)
}

/**
 * `get_bot_token`: the control plane's token once fetched, then the file the operator mounts (kubelet keeps it current), then the env. The
 * merge as it is (f1050) mounts no file, so there it is the env the pod started with
 * (docs/platform/runner.md#the-bot-token-at-head).
 */
export async function botToken(pod: RunnerPod): Promise<string> {
  if (pod.cpToken.value) return pod.cpToken.value
  const file = ((await pod.workspace.read(BOT_TOKEN_FILE)) ?? '').trim()
  return file || (pod.env.get('BOT_TOKEN') ?? '').trim()
}

function hostOf(base: string): string | null {
  try {
    return new URL(base).hostname || null
  } catch {
    return null
  }
}

function hostAllowed(pod: RunnerPod, base: string, host: string): boolean {
  // Flaw site PR20: before 3e0a854fa BACKEND_API_URL was not checked at all.
  if (pod.sim.flaws.has('pr20-backend-url-unchecked')) return true
  // Flaw site R9b: the allowlist takes any *.svc.cluster.local name, localhost and 127.0.0.1; at
  // HEAD any *.svc name too (docs/platform/flaws.md#r9b-backend-host-allowlist-broad).
  if (pod.sim.flaws.has('r9b-backend-host-allowlist-broad')) {
    const svc = pod.sim.platform === 'head' && host.endsWith('.svc')
    return svc || host.endsWith('.svc.cluster.local') || host === 'localhost' || host === '127.0.0.1'
  }
  // Hardened: the backend's own Service, and in a pod the control plane created, its api-server.
  const port = Number(new URL(base).port || 80)
  const apiServer = pod.env.has('AMBIENT_CP_TOKEN_URL') && host === HOSTS.apiServer && port === HOSTS.apiServerPort
  return (host === HOSTS.backend && port === HOSTS.backendPort) || apiServer
}

async function attempt(pod: RunnerPod, url: string, auth: Attempt['auth'], authorization: string, header: string | null): Promise<Attempt> {
  const headers: Record<string, string> = {}
  if (authorization) headers.Authorization = authorization
  if (header) headers['X-Runner-Current-User'] = header
  try {
    // The trace draws the api-server's answers on the control plane's lane, every other on the backend's.
    const to = hopOfHost(hostOf(url) ?? '') === 'control-plane' ? 'control-plane' : 'backend'
    const response = await callHop(pod.sim, 'runner', to, { method: 'GET', url, headers, timeoutMs: 10_000 })
    return { auth, header, status: response.status, body: response.body }
  } catch {
    return { auth, header, status: null, body: '' }
  }
}

/**
 * The id CREDENTIAL_IDS gives the credential type, as `json.loads(...).get(type)` finds it: JSON
 * that does not parse raises, and so does a document that is not an object (it has no `.get`).
 */
function credentialIdOf(pod: RunnerPod, kind: string): string {
  const ids = JSON.parse(pod.env.get('CREDENTIAL_IDS') ?? '{}') as unknown
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids)) throw new TypeError(`CREDENTIAL_IDS is not a JSON object, so it has no attribute 'get'`)
  const id = (ids as Record<string, unknown>)[kind]
  if (!id) return ''
  return typeof id === 'string' ? id : JSON.stringify(id)
}

function parse(pod: RunnerPod, slot: FetchKind, result: Attempt, fallback: boolean): Fetched {
  try {
    const data = JSON.parse(result.body) as unknown
    // The merge's fetch used the body as a dict; HEAD returns whatever JSON came (a list for Gerrit).
    const list = pod.sim.platform === 'head' && Array.isArray(data)
    if (!list && (typeof data !== 'object' || data === null || Array.isArray(data))) throw new Error('not an object')
    record(pod, slot, result, 'ok', fallback)
    pod.heldSecrets.addFrom(data)
    return data as Fetched
  } catch {
    pod.log('error', `Failed to parse ${slot} credential response`)
    return record(pod, slot, result, 'error', fallback)
  }
}

function deny(pod: RunnerPod, slot: FetchKind, result: Attempt, message: string): never {
  record(pod, slot, result, 'denied', true)
  throw new PermissionError(message)
}

function record(pod: RunnerPod, slot: FetchKind, result: Attempt, outcome: Outcome, fallback: boolean): Record<string, unknown> {
  pod.sim.trace.emit('runner', {
    kind: 'runner.fetch',
    slot,
    auth: result.auth,
    currentUserHeader: result.header,
    status: result.status,
    outcome,
    fallback
  })
  return {}
}
