import type { CredentialRef } from '../../../shared/events'
import { callHop, type HopResponse } from '../../net/hop-client'
import { HOSTS } from '../../net/hosts'
import { expandShell } from '../env'
import { BOT_TOKEN_FILE, type RunnerPod } from '../pod'
import { describeRef, maskAndAttribute } from './describe'
import type { ToolOutcome } from './execute'

/** Where `kube.secret` leaves one key of a Secret it read, decoded, as `… | base64 -d > file` would. */
export function secretKeyFile(name: string, key: string): string {
  return `/tmp/secrets/${name}/${key}`
}

/** A Secret's data key: letters, digits, `-`, `_` and `.` (never a path). */
const DATA_KEY = /^(?!\.{1,2}$)[-._a-zA-Z0-9]+$/

/**
 * `kube.secret <name>`: what the agent does with curl and the pod's BOT token against the API
 * server (docs/platform/operator.md#the-session-role). It GETs the Secret in the pod's own
 * namespace and decodes each key into a file, which the next tool line can read with `$(cat …)`.
 * The verdict names whose secrets came back.
 */
export async function kubeSecret(pod: RunnerPod, name: string): Promise<ToolOutcome> {
  const namespace = pod.env.get('AGENTIC_SESSION_NAMESPACE') || pod.project
  // The pod's BOT token wherever its version keeps it: the env at the merge, the mounted file at HEAD.
  const token = await expandShell(`\${BOT_TOKEN:-$(cat ${BOT_TOKEN_FILE})}`, pod.env, (file) => pod.workspace.read(file))
  const url = `https://${HOSTS.kubeApi}/api/v1/namespaces/${namespace}/secrets/${name}`
  let response: HopResponse
  try {
    response = await callHop(pod.sim, 'runner', 'kube', { method: 'GET', url, headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch (error) {
    return failed(`request failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  const content = `HTTP ${response.status}\n${maskAndAttribute(pod.sim, response.body)}`
  const body = parseObject(response.body)
  if (response.status !== 200) {
    // The API server's Status: `Forbidden: secrets "x" is forbidden: User "…" cannot get resource …`.
    return { ...failed(`HTTP ${response.status} ${text(body.reason)}: ${text(body.message)}`), content }
  }
  const data = typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {}
  const held: string[] = []
  const found: CredentialRef[] = []
  for (const [key, encoded] of Object.entries(data)) {
    if (!DATA_KEY.test(key)) continue
    const value = Buffer.from(text(encoded), 'base64').toString('utf8')
    await pod.workspace.write(secretKeyFile(name, key), value, 0o600)
    const refs = pod.sim.registry.whose(value)
    found.push(...refs)
    held.push(`${key} holds ${refs.length > 0 ? [...new Set(refs.map((r) => describeSecret(pod, r)))].join(', ') : 'no known secret'}`)
  }
  // As for `http`: an OAuth or ServiceAccount token is no credential the tool acted as.
  const credential = found.find((r) => r.slot !== 'bearer')
  return {
    ok: true,
    actedAs: credential ? credential.owner : null,
    slot: credential && credential.slot !== 'bearer' ? credential.slot : null,
    summary: `HTTP 200: Secret ${namespace}/${name}: ${held.join('; ') || 'no data'}; decoded into ${secretKeyFile(name, '')}`,
    content
  }
}

/** `sa:demo/ambient-session-shared-1's bearer token (the BOT token of demo/shared-1, alice's session)`. */
function describeSecret(pod: RunnerPod, ref: CredentialRef): string {
  const account = /^sa:([^/]+)\/ambient-session-(.+)$/.exec(ref.owner)
  const session = account ? pod.sim.cluster.session(account[1] ?? '', account[2] ?? '') : null
  if (!session) return describeRef(ref)
  return `${describeRef(ref)} (the BOT token of ${session.project}/${session.name}, ${session.userContext.userId || 'nobody'}'s session)`
}

function failed(summary: string): ToolOutcome {
  return { ok: false, actedAs: null, slot: null, summary, content: summary }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function parseObject(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body) as unknown
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
