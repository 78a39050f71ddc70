import type { CredentialSlot } from '../../shared/providers'
import { HOSTS } from '../net/hosts'
import { callHop } from '../net/hop-client'
import type { RunnerPod } from './pod'

interface Attempt {
  auth: 'caller' | 'bot' | 'none'
  header: string | null
  status: number | null
  body: string
}

/**
 * `_fetch_credential` (docs/platform/runner.md#_fetch_credential): caller token first with X-Runner-Current-User, BOT_TOKEN on a
 * 401/403, the host check on BACKEND_API_URL, and `{}` for every other failure.
 */
export async function fetchCredential(pod: RunnerPod, slot: CredentialSlot): Promise<Record<string, unknown>> {
  const { sim, env, context } = pod
  const kind = slot.startsWith('mcp:') ? `mcp/${slot.slice(4)}` : slot
  const base = (env.get('BACKEND_API_URL') ?? '').replace(/\/+$/, '')
  const project = env.get('PROJECT_NAME') || env.get('AGENTIC_SESSION_NAMESPACE') || ''
  if (!base || !project || !context.sessionId) {
    pod.log('warning', `Cannot fetch ${kind} credentials: BACKEND_API_URL, project or session missing`)
    return record(pod, slot, { auth: 'none', header: null, status: null, body: '' }, 'skipped', false)
  }
  const url = `${base}/projects/${project}/agentic-sessions/${context.sessionId}/credentials/${kind}`
  const host = hostOf(base)
  if (host !== null && !hostAllowed(pod, base, host)) {
    pod.log('error', `Refusing to send credentials to external host: ${host}`)
    return record(pod, slot, { auth: 'none', header: null, status: null, body: '' }, 'refused-host', false)
  }
  const bot = (env.get('BOT_TOKEN') ?? '').trim()
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
    // Without a caller token BOT_TOKEN goes out with no X-Runner-Current-User (docs/platform/runner.md#_fetch_credential).
    first = await attempt(pod, url, bot ? 'bot' : 'none', bot ? `Bearer ${bot}` : '', user && headerModel ? user : null)
  }
  if ((first.status === 401 || first.status === 403) && useCaller) {
    pod.log('info', `Caller token expired for ${kind}, falling back to BOT_TOKEN`)
    // Flaw site PR17: 8421fa7fe fell back to BOT_TOKEN without the header, i.e. to the owner.
    const header = user && !sim.flaws.has('pr17-bot-fallback-without-header') ? user : null
    const second = await attempt(pod, url, 'bot', bot ? `Bearer ${bot}` : '', header)
    if (second.status !== 200) {
      pod.log('warning', `${kind} BOT_TOKEN fallback also failed: HTTP Error ${second.status ?? 'network'}`)
      return record(pod, slot, second, 'empty', true)
    }
    return parse(pod, slot, second, true)
  }
  if (first.status !== 200) {
    pod.log('warning', `${kind} credential fetch failed: HTTP Error ${first.status ?? 'network error'}`)
    return record(pod, slot, first, first.status === null ? 'error' : 'empty', false)
  }
  return parse(pod, slot, first, false)
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
  // Flaw site R9b: the allowlist takes any *.svc.cluster.local name, localhost and 127.0.0.1.
  if (pod.sim.flaws.has('r9b-backend-host-allowlist-broad')) {
    return host.endsWith('.svc.cluster.local') || host === 'localhost' || host === '127.0.0.1'
  }
  const url = new URL(base)
  return host === HOSTS.backend && Number(url.port || 80) === HOSTS.backendPort
}

async function attempt(pod: RunnerPod, url: string, auth: Attempt['auth'], authorization: string, header: string | null): Promise<Attempt> {
  const headers: Record<string, string> = {}
  if (authorization) headers.Authorization = authorization
  if (header) headers['X-Runner-Current-User'] = header
  try {
    const response = await callHop(pod.sim, 'runner', 'backend', { method: 'GET', url, headers, timeoutMs: 10_000 })
    return { auth, header, status: response.status, body: response.body }
  } catch {
    return { auth, header, status: null, body: '' }
  }
}

function parse(pod: RunnerPod, slot: CredentialSlot, result: Attempt, fallback: boolean): Record<string, unknown> {
  try {
    const data = JSON.parse(result.body) as unknown
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object')
    record(pod, slot, result, 'ok', fallback)
    return data as Record<string, unknown>
  } catch {
    pod.log('error', `Failed to parse ${slot} credential response`)
    return record(pod, slot, result, 'error', fallback)
  }
}

function record(
  pod: RunnerPod,
  slot: CredentialSlot,
  result: Attempt,
  outcome: 'ok' | 'empty' | 'refused-host' | 'error' | 'skipped',
  fallback: boolean
): Record<string, unknown> {
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
